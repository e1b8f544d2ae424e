from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_POST

from cocrea.brands.models import Brand
from cocrea.brands.permissions import brand_view
from cocrea.brands.selectors import brands_for_home
from cocrea.brands.services import brand_join
from cocrea.campaigns.selectors import campaigns_for_brand
from cocrea.core.errors import DomainError


def home(request: HttpRequest) -> HttpResponse:
    brands = list(brands_for_home(request.user))
    if len(brands) == 1 and not request.user.is_authenticated:
        return redirect("brands:brand_home", brand_slug=brands[0].slug)
    return render(request, "brands/home.html", {"brands": brands})


@brand_view()
def brand_home(request: HttpRequest) -> HttpResponse:
    brand = request.brand  # type: ignore[attr-defined]
    campaigns = campaigns_for_brand(brand, request.membership)  # type: ignore[attr-defined]
    return render(request, "brands/brand_home.html", {"brand": brand, "campaigns": campaigns})


@login_required
@require_POST
def join(request: HttpRequest, brand_slug: str) -> HttpResponse:
    brand = get_object_or_404(Brand, slug=brand_slug, visibility=Brand.Visibility.PUBLIC)
    try:
        brand_join(brand=brand, user=request.user)
    except DomainError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(request, _("Welcome to the %(brand)s community!") % {"brand": brand.name})
    next_url = request.POST.get("next", "")
    if next_url.startswith("/") and not next_url.startswith("//"):
        return redirect(next_url)
    return redirect("brands:brand_home", brand_slug=brand.slug)


@cache_control(max_age=300)
def theme_css(request: HttpRequest, brand_slug: str) -> HttpResponse:
    """The brand's colours as CSS custom properties (keeps templates free of inline styles)."""
    brand = get_object_or_404(Brand, slug=brand_slug)
    css = (
        ":root{"
        f"--brand-primary:{brand.primary_colour};"
        f"--brand-accent:{brand.accent_colour};"
        "}"
    )
    return HttpResponse(css, content_type="text/css; charset=utf-8")
