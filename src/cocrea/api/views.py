"""Pages to make and revoke API credentials: the brand's keys (console, brand admins) and a
member's personal tokens. The secret is shown once, on the page that follows its creation."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cocrea.api import selectors
from cocrea.api.forms import KeyForm
from cocrea.api.models import ApiKey
from cocrea.api.services import key_create, key_revoke
from cocrea.brands.permissions import brand_view
from cocrea.core.errors import DomainError, NotFound

_SHOWN_ONCE = "cocrea_api_secret"
PAGES = {ApiKey.Kind.BRAND: "apikeys:keys", ApiKey.Kind.PERSONAL: "apikeys:tokens"}


def _page(request: HttpRequest, kind: str) -> HttpResponse:
    personal = kind == ApiKey.Kind.PERSONAL
    membership = request.membership  # type: ignore[attr-defined]
    form = KeyForm(request.POST or None, personal=personal)
    if request.method == "POST" and form.is_valid():
        try:
            key, secret = key_create(
                membership=membership,
                kind=kind,
                name=form.cleaned_data["name"],
                scope=form.cleaned_data["scope"],
                expires_at=form.expires_at(),
            )
        except DomainError as error:
            form.add_error(error.field if error.field in form.fields else None, str(error.message))
        else:
            request.session[_SHOWN_ONCE] = {"id": key.pk, "secret": secret}
            return redirect(PAGES[ApiKey.Kind(kind)], brand_slug=request.brand.slug)  # type: ignore[attr-defined]
    shown = request.session.pop(_SHOWN_ONCE, None)
    keys = selectors.keys_for(request.brand, membership, kind)  # type: ignore[attr-defined]
    context = {"form": form, "keys": keys, "personal": personal, "shown": shown}
    return render(request, "api/keys.html", context)


@brand_view("admin")
def keys(request: HttpRequest) -> HttpResponse:
    return _page(request, ApiKey.Kind.BRAND)


@brand_view("member")
def tokens(request: HttpRequest) -> HttpResponse:
    return _page(request, ApiKey.Kind.PERSONAL)


def _revoke(request: HttpRequest, key_id: int, kind: str) -> HttpResponse:
    try:
        key_revoke(membership=request.membership, key_id=key_id, kind=kind)  # type: ignore[attr-defined]
    except NotFound:
        raise Http404 from None  # another brand's key, or another member's token
    messages.success(request, _("The key is revoked: it no longer works."))
    return redirect(PAGES[ApiKey.Kind(kind)], brand_slug=request.brand.slug)  # type: ignore[attr-defined]


@require_POST
@brand_view("admin")
def key_revoke_view(request: HttpRequest, key_id: int) -> HttpResponse:
    return _revoke(request, key_id, ApiKey.Kind.BRAND)


@require_POST
@brand_view("member")
def token_revoke_view(request: HttpRequest, key_id: int) -> HttpResponse:
    return _revoke(request, key_id, ApiKey.Kind.PERSONAL)
