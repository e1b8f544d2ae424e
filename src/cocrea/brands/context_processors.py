from __future__ import annotations

from django.http import HttpRequest


def current_brand(request: HttpRequest) -> dict[str, object]:
    """``brand`` and ``membership`` for every page under /b/<slug>/ (set by ``brand_view``)."""
    brand = getattr(request, "brand", None)
    if brand is None:
        return {}
    return {"brand": brand, "membership": getattr(request, "membership", None)}
