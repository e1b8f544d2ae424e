"""Failed logins slowed per (account, address) pair, never locked for the account as a whole.

Someone who knows a member's e-mail can fail from their own address as often as they like:
the delays they earn apply to their pair only, and the member still signs in from home. The
first ``LOGIN_FREE_FAILURES`` failures of a pair cost nothing; each one after doubles the wait
(1 s, 2 s, 4 s… up to ``LOGIN_MAX_DELAY_S``). A success clears the pair. An address that fails
on many accounts is held by allauth's per-address limit (``ACCOUNT_RATE_LIMITS``).

Counted in the shared cache (Redis, or the database cache table): never in process memory.
"""

from __future__ import annotations

import hashlib
import math
import time
from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import ngettext

from cocrea.core.clientip import client_ip

_KEEP_S = 24 * 3600  # a pair that has not failed for a day starts again from zero


def _key(account: str, address: str) -> str:
    digest = hashlib.sha256(f"{account.strip().lower()}|{address}".encode()).hexdigest()[:32]
    return f"loginfail:{digest}"


def delay_after(failures: int) -> int:
    """Seconds a pair waits after its ``failures``-th consecutive failure."""
    free = settings.LOGIN_FREE_FAILURES
    if failures < free:
        return 0
    return int(min(2 ** (failures - free), settings.LOGIN_MAX_DELAY_S))


def wait_left(account: str, address: str, now: float | None = None) -> int:
    """Seconds before this pair may try again (0: now)."""
    state = cache.get(_key(account, address))
    if not state:
        return 0
    left = state["until"] - (now if now is not None else time.time())
    return max(0, math.ceil(left))


def failed(account: str, address: str, now: float | None = None) -> int:
    """Record one failure of the pair; returns the wait it earned."""
    key = _key(account, address)
    state = cache.get(key) or {"failures": 0, "until": 0.0}
    state["failures"] += 1
    wait = delay_after(state["failures"])
    state["until"] = (now if now is not None else time.time()) + wait
    cache.set(key, state, _KEEP_S)
    return wait


def succeeded(account: str, address: str) -> None:
    cache.delete(_key(account, address))


def _account(credentials: dict[str, Any]) -> str:
    return str(credentials.get("email") or credentials.get("username") or "")


class LoginLimitsMixin:
    """For any allauth account adapter: the pair's delay is checked before the password."""

    def pre_authenticate(self, request: HttpRequest, **credentials: Any) -> None:
        super().pre_authenticate(request, **credentials)  # type: ignore[misc]
        left = wait_left(_account(credentials), client_ip(request))
        if left:
            raise ValidationError(
                ngettext(
                    "Too many failed attempts from this address. Try again in %(n)d second.",
                    "Too many failed attempts from this address. Try again in %(n)d seconds.",
                    left,
                )
                % {"n": left},
                code="too_many_login_attempts",
            )

    def authenticate(self, request: HttpRequest, **credentials: Any) -> Any:
        user = super().authenticate(request, **credentials)  # type: ignore[misc]
        if user is not None:
            succeeded(_account(credentials), client_ip(request))
        return user

    def authentication_failed(self, request: HttpRequest, **credentials: Any) -> None:
        super().authentication_failed(request, **credentials)  # type: ignore[misc]
        failed(_account(credentials), client_ip(request))


class AccountAdapter(LoginLimitsMixin, DefaultAccountAdapter):
    pass
