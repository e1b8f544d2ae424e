"""Which brand dresses a page that is not under /b/<slug>/ (sign-in, sign-up, password reset,
notifications, profile) and the e-mails sent from them: the brand the person came through.

That brand is, in order: the one a view names (``request.theme_brand``), the one in the
``next`` address (``/accounts/login/?next=/b/cafe-lumiere/…``), then the last brand whose pages
the browser opened (a cookie set by ``brand_view``). It is used only if the viewer may see it.
"""

from __future__ import annotations

import re
from typing import Any

from django.http import HttpRequest, HttpResponse

from cocrea.brands.models import Brand

COOKIE = "cocrea_brand"
COOKIE_AGE = 180 * 24 * 3600
_NEXT_SLUG = re.compile(r"^/b/([a-z0-9-]{1,50})/")


def remember_brand(request: HttpRequest, response: HttpResponse, brand: Brand) -> None:
    """Set the cookie once per brand change (no write on every page)."""
    if request.COOKIES.get(COOKIE) != brand.slug:
        response.set_cookie(COOKIE, brand.slug, max_age=COOKIE_AGE, httponly=True, samesite="Lax")


def _candidate_slug(request: HttpRequest) -> str:
    next_url = request.GET.get("next") or (
        request.POST.get("next", "") if request.method == "POST" else ""
    )
    match = _NEXT_SLUG.match(next_url or "")
    if match:
        return match.group(1)
    return request.COOKIES.get(COOKIE, "")[:50]


def theme_brand_for(request: Any) -> Brand | None:
    """The brand that dresses this request's page or e-mail, or ``None`` (Cocréa's own look)."""
    from cocrea.brands.permissions import brand_or_404, can_view_brand, membership_for

    if request is None:
        return None
    named = getattr(request, "theme_brand", None) or getattr(request, "brand", None)
    if named is not None:
        return named  # type: ignore[no-any-return]
    slug = _candidate_slug(request)
    if not slug:
        return None
    try:
        brand = brand_or_404(slug)
    except Exception:  # Http404: an unknown or deleted brand leaves the platform's look
        return None
    if brand.is_suspended:
        return None
    if not can_view_brand(brand, membership_for(brand, getattr(request, "user", None))):
        return None
    return brand
