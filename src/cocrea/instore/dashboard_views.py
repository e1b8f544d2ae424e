"""The in-store dashboard of the brand console (moderators and admins), and its CSV export."""

from __future__ import annotations

import csv
from typing import Any

from django import forms
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from cocrea.brands.permissions import brand_view
from cocrea.instore import dashboard
from cocrea.instore.models import Product, Signal, Store


class DashboardFilter(forms.Form):
    period = forms.TypedChoiceField(
        label=_("Period"),
        coerce=int,
        choices=[(n, _("Last %(n)d days") % {"n": n}) for n in dashboard.PERIODS],
        required=False,
    )
    store = forms.TypedChoiceField(label=_("Store"), coerce=int, required=False, empty_value=None)
    region = forms.ChoiceField(label=_("Region"), required=False)

    def __init__(self, *args: Any, stores: list[tuple[int, str]], regions: list[str], **kw: Any):
        super().__init__(*args, **kw)
        self.fields["store"].choices = [("", _("All stores")), *stores]  # type: ignore[attr-defined]
        self.fields["region"].choices = [("", _("All regions")), *[(r, r) for r in regions]]  # type: ignore[attr-defined]


def _filters(request: HttpRequest) -> tuple[DashboardFilter, dashboard.Filters]:
    brand = request.brand  # type: ignore[attr-defined]
    stores = [(s.pk, s.name) for s in Store.objects.filter(brand=brand)]
    form = DashboardFilter(request.GET, stores=stores, regions=dashboard.regions(brand))
    form.is_valid()
    data = {k: v for k, v in form.cleaned_data.items() if k not in form.errors}
    return form, dashboard.Filters(
        period=data.get("period") or dashboard.DEFAULT_PERIOD,
        store_id=data.get("store"),
        region=data.get("region") or "",
    )


@require_GET
@brand_view("moderator")
def home(request: HttpRequest) -> HttpResponse:
    brand = request.brand  # type: ignore[attr-defined]
    form, f = _filters(request)
    products = dashboard.top_products(brand, f)
    dashboard.online_interest(brand, f, products)
    context = {
        "form": form,
        "filters": f,
        "totals": dashboard.totals(brand, f),
        "products": products,
        "trending": dashboard.trending(products),
        "stores": dashboard.stores_ranking(brand, f),
        "voices": dashboard.store_voices(brand, f),
        "themes": dashboard.themes(brand, f),
        "query": request.GET.urlencode(),
        "section": "instore_dashboard",
    }
    return render(request, "instore/dashboard.html", context)


def _int(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() and len(value) < 19 else None


@require_GET
@brand_view("moderator")
def signals(request: HttpRequest) -> HttpResponse:
    """The drill-down: the signals under the dashboard's filters (of a product, of a kind)."""
    brand = request.brand  # type: ignore[attr-defined]
    form, f = _filters(request)
    product_id = _int(request.GET.get("product"))
    product = Product.objects.filter(brand=brand, pk=product_id).first() if product_id else None
    if product_id is not None and product is None:
        raise Http404
    kind = request.GET.get("kind", "")
    kind = kind if kind in Signal.Kind.values else ""
    rows = dashboard.signals(brand, f, product_id=product_id, kind=kind)
    context = {
        "form": form,
        "filters": f,
        "product": product,
        "kind": kind,
        "kinds": Signal.Kind.choices,
        "signals": rows,
        "page_size": dashboard.SIGNALS_PAGE,
        "section": "instore_dashboard",
    }
    return render(request, "instore/signals.html", context)


@require_GET
@brand_view("moderator")
def export(request: HttpRequest) -> HttpResponse:
    """The top products under the dashboard's filters, as CSV."""
    brand = request.brand  # type: ignore[attr-defined]
    _form, f = _filters(request)
    products = dashboard.top_products(brand, f, limit=1000)
    dashboard.online_interest(brand, f, products)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="instore-{brand.slug}-products.csv"'
    response.write("\ufeff")  # Excel reads UTF-8 with its mark
    writer = csv.writer(response)
    writer.writerow(["sku", "name", "hearts", "hearts_period_before", "views", "ratings",
                     "mean_rating", "online_designs"])  # fmt: skip
    for p in products:
        mean = f"{p['mean_rating']:.2f}" if p["mean_rating"] is not None else ""
        name = p["name"]
        if name[:1] in ("=", "+", "-", "@"):
            name = "'" + name  # a spreadsheet must not run a formula written in a product name
        writer.writerow([p["sku"], name, p["hearts"], p["hearts_before"], p["views"],
                         p["ratings"], mean, p["designs"]])  # fmt: skip
    return response
