"""Writes of the API's credentials: make a key or a personal token, revoke it, check one.

``key_create`` returns the secret once; only its hash is kept. ``authenticate`` turns the
``Authorization: Bearer`` value into the key row, or raises ``Unauthorized`` with a code that
says why (unknown, revoked, expired, owner no longer allowed).
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cocrea.api.models import SCOPE_RANK, ApiKey, Scope
from cocrea.brands.models import Membership
from cocrea.brands.permissions import is_admin
from cocrea.core.errors import DomainError, NotFound, PermissionDenied

TOKEN_PREFIX = {ApiKey.Kind.BRAND: "ck", ApiKey.Kind.PERSONAL: "cp"}
NAME_MAX = 80
TOUCH_EVERY = timedelta(minutes=1)  # last_used_at is written at most once a minute per key


class Unauthorized(DomainError):
    status = 401


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def _clean_name(name: str) -> str:
    name = " ".join(name.split())
    if not name:
        raise DomainError(_("Give the key a name."), code="required", field="name")
    if len(name) > NAME_MAX:
        raise DomainError(
            _("The name is limited to %(max)d characters.") % {"max": NAME_MAX},
            code="too_long",
            field="name",
        )
    return name


def _clean_expiry(expires_at: datetime | None) -> datetime | None:
    if expires_at is not None and expires_at <= timezone.now():
        raise DomainError(_("Choose an expiry date in the future."), field="expires_at")
    return expires_at


@transaction.atomic
def key_create(
    *,
    membership: Membership,
    kind: str,
    name: str,
    scope: str,
    expires_at: datetime | None = None,
) -> tuple[ApiKey, str]:
    """A new key and its secret (shown once). Brand keys are for brand admins; personal tokens
    for any member, without the admin scope."""
    if scope not in Scope.values:
        raise DomainError(_("Choose one of the scopes."), field="scope")
    if kind == ApiKey.Kind.BRAND and not is_admin(membership):
        raise PermissionDenied(_("Only brand admins may create API keys."), code="forbidden")
    if kind == ApiKey.Kind.PERSONAL and scope == Scope.ADMIN:
        raise DomainError(_("Personal tokens cannot have the admin scope."), field="scope")
    if kind not in ApiKey.Kind.values:
        raise DomainError(_("Unknown kind of key."), field="kind")
    prefix = f"{TOKEN_PREFIX[ApiKey.Kind(kind)]}_{secrets.token_hex(5)}"
    secret = secrets.token_urlsafe(32)
    return _store(membership, kind, name, scope, expires_at, prefix, secret)


def _store(
    membership: Membership,
    kind: str,
    name: str,
    scope: str,
    expires_at: datetime | None,
    prefix: str,
    secret: str,
) -> tuple[ApiKey, str]:
    key = ApiKey.objects.create(
        brand_id=membership.brand_id,
        membership=membership,
        kind=kind,
        name=_clean_name(name),
        prefix=prefix,
        secret_hash=_hash(secret),
        scope=scope,
        expires_at=_clean_expiry(expires_at),
    )
    return key, f"{prefix}.{secret}"


def may_revoke(key: ApiKey, membership: Membership | None) -> bool:
    """Brand admins revoke their brand's keys; members their own tokens."""
    if membership is None or membership.brand_id != key.brand_id:
        return False
    if key.kind == ApiKey.Kind.BRAND:
        return is_admin(membership)
    return key.membership_id == membership.pk


@transaction.atomic
def key_revoke(*, membership: Membership, key_id: int, kind: str) -> ApiKey:
    key = (
        ApiKey.objects.select_for_update()
        .filter(brand_id=membership.brand_id, kind=kind, pk=key_id)
        .first()
    )
    if key is None or not may_revoke(key, membership):
        raise NotFound(_("There is no such key."))
    if key.revoked_at is None:
        key.revoked_at = timezone.now()
        key.save(update_fields=["revoked_at"])
    return key


def authenticate(token: str, now: datetime | None = None) -> ApiKey:
    """The active key for this bearer token, with its brand and membership, or ``Unauthorized``
    (``PermissionDenied`` when the platform's operators suspended the key's brand)."""
    now = now or timezone.now()
    prefix, _dot, secret = token.strip().partition(".")
    key = (
        ApiKey.objects.select_related("brand", "membership__user", "membership__brand")
        .filter(prefix=prefix[:16])
        .first()
        if secret
        else None
    )
    if key is None or not hmac.compare_digest(key.secret_hash, _hash(secret)):
        raise Unauthorized(_("This API key is not valid."), code="invalid_key")
    if key.revoked_at is not None:
        raise Unauthorized(_("This API key was revoked."), code="revoked_key")
    if key.expires_at is not None and key.expires_at <= now:
        raise Unauthorized(_("This API key has expired."), code="expired_key")
    if key.brand.is_suspended:
        raise PermissionDenied(_("This community is paused."), code="brand_suspended")
    if not key.membership.user.is_active or (
        key.kind == ApiKey.Kind.BRAND and not is_admin(key.membership)
    ):
        raise Unauthorized(
            _("The person who made this key may no longer use it."), code="owner_not_allowed"
        )
    _touch(key, now)
    return key


def _touch(key: ApiKey, now: datetime) -> None:
    """Record the last use, at most once a minute (one UPDATE that matches no row otherwise)."""
    if key.last_used_at is not None and now - key.last_used_at < TOUCH_EVERY:
        return
    ApiKey.objects.filter(pk=key.pk).update(last_used_at=now)
    key.last_used_at = now


def scope_allows(scope: str, needed: str) -> bool:
    return SCOPE_RANK[Scope(scope)] >= SCOPE_RANK[Scope(needed)]


DEMO_PREFIX = "ck_demo"
DEMO_SECRET = "cocrea-demo-key"  # noqa: S105 - printed on purpose by `make demo`: demo data only


@transaction.atomic
def demo_key_ensure(*, membership: Membership) -> str:
    """The demo brand's read-and-write key, with a fixed secret so that every run of the
    (idempotent) demo seed prints a key that works. Never used outside the demo seed."""
    key = ApiKey.objects.filter(prefix=DEMO_PREFIX).first()
    if key is not None and (not key.is_active or key.membership_id != membership.pk):
        key.delete()
        key = None
    if key is None:
        _store(membership, ApiKey.Kind.BRAND, "Demo", Scope.WRITE, None, DEMO_PREFIX, DEMO_SECRET)
    return f"{DEMO_PREFIX}.{DEMO_SECRET}"
