"""Who calls the API, and on which brand.

Three ways in: a brand's API key or a member's personal token (``Authorization: Bearer``), or
the site's own session (CSRF checked on writes, as for the pages). Every brand operation then
calls ``brand_context(request, brand, scope)``: the brand in the URL must be the key's own (any
other answers 404, whatever the ids), the scope must allow the operation (403), and the caller's
membership is what the services and permission predicates receive. A brand the platform's
operators suspended answers 403 ``brand_suspended`` to its keys and to everyone's session but
the operators'.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.http import Http404, HttpRequest
from django.utils.translation import gettext_lazy as _
from ninja.security import HttpBearer, SessionAuth

from cocrea.api.models import ApiKey, Scope
from cocrea.api.services import authenticate, scope_allows
from cocrea.brands.models import Brand, Membership
from cocrea.brands.permissions import access_brand, is_moderator
from cocrea.core import ratelimit
from cocrea.core.errors import PermissionDenied, RateLimited


@dataclass(frozen=True)
class Caller:
    """The authenticated caller: a key (``key`` set) or a signed-in person (``user``)."""

    user: Any
    key: ApiKey | None = None

    @property
    def ident(self) -> str:
        return f"k{self.key.pk}" if self.key is not None else f"u{self.user.pk}"

    @property
    def scope(self) -> str:
        return self.key.scope if self.key is not None else Scope.ADMIN


@dataclass(frozen=True)
class BrandContext:
    brand: Brand
    membership: Membership | None
    caller: Caller


def _rate(caller: Caller) -> Caller:
    """Count the request against the caller's limit; 429 with ``Retry-After`` past it."""
    try:
        ratelimit.hit("api_request", caller.ident)
    except RateLimited as error:
        window = settings.RATE_LIMITS["api_request"][1]
        error.retry_after = window - int(time.time()) % window  # type: ignore[attr-defined]
        raise
    return caller


class KeyAuth(HttpBearer):
    """A brand API key or a personal token: ``Authorization: Bearer ck_…`` / ``cp_…``."""

    openapi_scheme = "bearer"

    def authenticate(self, request: HttpRequest, token: str) -> Caller | None:
        key = getattr(request, "_cocrea_key", None) or authenticate(token)
        return _rate(Caller(user=key.membership.user, key=key))


class SiteSession(SessionAuth):
    """The site's session cookie; ninja checks the CSRF token on unsafe methods."""

    def authenticate(self, request: HttpRequest, key: str | None) -> Caller | None:
        if request.user.is_authenticated and request.user.is_active:
            return _rate(Caller(user=request.user))
        return None


AUTH = [KeyAuth(), SiteSession()]


def caller_of(request: HttpRequest) -> Caller:
    return request.auth  # type: ignore[attr-defined,no-any-return]


def brand_context(request: HttpRequest, brand_slug: str, scope: str = Scope.READ) -> BrandContext:
    """The brand the caller may reach under this slug, or 404; 403 if the scope is too small."""
    caller = caller_of(request)
    if caller.key is not None:
        if caller.key.brand.slug != brand_slug:
            raise Http404
        brand = caller.key.brand
        membership: Membership | None = caller.key.membership
        caller.key.membership.brand = brand
    else:
        brand, membership = access_brand(request, brand_slug)
        if brand.is_suspended and not caller.user.is_superuser:
            raise PermissionDenied(_("This community is paused."), code="brand_suspended")
    if not scope_allows(caller.scope, scope):
        raise PermissionDenied(
            _("This key's scope does not allow this operation."), code="insufficient_scope"
        )
    return BrandContext(brand=brand, membership=membership, caller=caller)


def require_member(context: BrandContext) -> Membership:
    """The caller's membership; signed-in visitors of a public brand may only read."""
    if context.membership is None:
        raise PermissionDenied(_("Join this community first."), code="not_a_member")
    return context.membership


def require_team(context: BrandContext, *, write: bool = False) -> Membership:
    """The brand team's operations: a moderator or admin behind the call, through a brand key
    or the session (a personal token is for its owner's own data), with the admin scope to
    write."""
    caller = context.caller
    if caller.key is not None and caller.key.kind == ApiKey.Kind.PERSONAL:
        raise PermissionDenied(
            _("A personal token reaches its owner's own data only."), code="insufficient_scope"
        )
    if write and not scope_allows(caller.scope, Scope.ADMIN):
        raise PermissionDenied(
            _("This key's scope does not allow this operation."), code="insufficient_scope"
        )
    if not is_moderator(context.membership):
        raise PermissionDenied(_("Only the brand team may do this."), code="forbidden")
    assert context.membership is not None
    return context.membership


def is_team_call(context: BrandContext) -> bool:
    """Whether the call may see the brand's data beyond the caller's own (see ``require_team``)."""
    key = context.caller.key
    personal = key is not None and key.kind == ApiKey.Kind.PERSONAL
    return not personal and is_moderator(context.membership)
