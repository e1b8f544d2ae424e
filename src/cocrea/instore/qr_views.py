"""The console's printable shelf QR codes (brand admins): per product and store as SVG or PDF,
and a PDF sheet of all a store's products. Each code opens the product's shelf page
(``shelf_views``), attributed to the store's shelf QR device."""

from __future__ import annotations

import re

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from cocrea.brands.permissions import brand_view
from cocrea.instore import qr, selectors
from cocrea.instore.models import Product, Store


def shelf_url(store: Store, product: Product) -> str:
    """The address a shelf QR code holds (absolute, on ``SITE_URL``: printed labels outlive
    the request that printed them)."""
    path = reverse("instore:shelf", args=[store.brand.slug, store.pk, product.pk])
    return settings.SITE_URL + path


def _store(request: HttpRequest, store_id: int) -> Store:
    found = Store.objects.filter(brand=request.brand, pk=store_id).select_related("brand").first()  # type: ignore[attr-defined]
    if found is None:
        raise Http404
    return found


def _product(request: HttpRequest, product_id: int) -> Product:
    found = Product.objects.filter(brand=request.brand, pk=product_id).first()  # type: ignore[attr-defined]
    if found is None:
        raise Http404
    return found


def _filename(*parts: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]+", "-", "-".join(parts)).strip("-")[:100] or "qr"


def _lines(store: Store, product: Product) -> tuple[str, ...]:
    return (product.name, product.sku, store.name)


@require_GET
@brand_view("admin")
def page(request: HttpRequest, store_id: int) -> HttpResponse:
    store = _store(request, store_id)
    q = request.GET.get("q", "")[:100]
    rows = selectors.printable_products(request.brand, q)  # type: ignore[attr-defined]
    context = {
        "store": store,
        "device": selectors.shelf_device(store),
        "products": list(rows[: selectors.PRODUCTS_PAGE]),
        "total": rows.count(),
        "page_size": selectors.PRODUCTS_PAGE,
        "q": q,
        "section": "stores",
    }
    return render(request, "instore/store_qr.html", context)


@require_GET
@brand_view("admin")
def svg(request: HttpRequest, store_id: int, product_id: int) -> HttpResponse:
    store, product = _store(request, store_id), _product(request, product_id)
    response = HttpResponse(qr.svg(shelf_url(store, product)), content_type="image/svg+xml")
    name = _filename("qr", store.code, product.sku)
    response["Content-Disposition"] = f'inline; filename="{name}.svg"'
    return response


@require_GET
@brand_view("admin")
def pdf(request: HttpRequest, store_id: int, product_id: int) -> HttpResponse:
    store, product = _store(request, store_id), _product(request, product_id)
    body = qr.pdf(shelf_url(store, product), lines=_lines(store, product))
    response = HttpResponse(body, content_type="application/pdf")
    name = _filename("qr", store.code, product.sku)
    response["Content-Disposition"] = f'attachment; filename="{name}.pdf"'
    return response


@require_GET
@brand_view("admin")
def sheet(request: HttpRequest, store_id: int) -> HttpResponse:
    store = _store(request, store_id)
    q = request.GET.get("q", "")[:100]
    rows = selectors.printable_products(request.brand, q).iterator()  # type: ignore[attr-defined]
    labels = (qr.Label(shelf_url(store, p), _lines(store, p)) for p in rows)
    heading = _("%(store)s — scan to say what you think of a product") % {"store": store.name}
    response = HttpResponse(qr.sheet_pdf(labels, heading=heading), content_type="application/pdf")
    name = _filename("qr", store.code, "sheet")
    response["Content-Disposition"] = f'attachment; filename="{name}.pdf"'
    return response
