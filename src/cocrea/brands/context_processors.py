from __future__ import annotations

from django.http import HttpRequest

# Pages outside /b/<slug>/ that wear the colours of the brand the person came through.
_THEMED_PREFIXES = ("/accounts/", "/notifications/", "/invitations/", "/privacy/")


def current_brand(request: HttpRequest) -> dict[str, object]:
    """``brand`` and ``membership`` for every page under /b/<slug>/ (set by ``brand_view``), and
    for the account pages of a person who came through a brand (``brands.theming``)."""
    brand = getattr(request, "brand", None)
    if brand is not None:
        return {"brand": brand, "membership": getattr(request, "membership", None)}
    if not request.path.startswith(_THEMED_PREFIXES):
        return {}
    from cocrea.brands.permissions import membership_for
    from cocrea.brands.theming import theme_brand_for

    themed = theme_brand_for(request)
    if themed is None:
        return {}
    return {"brand": themed, "membership": membership_for(themed, request.user), "themed": True}
