"""Reads of the in-store dashboard: top products per store, region and period, trending
products, online vs in-store interest, and the in-store voices. Every figure comes from the day
counts (``SignalDaily``) or the insight engine's voices, never from a scan of the signals."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.db.models import Avg, Count, Q, QuerySet, Sum
from django.utils import timezone

from cocrea.brands.models import Brand
from cocrea.customizer.models import Design
from cocrea.insights.models import Voice
from cocrea.instore.models import Signal, SignalDaily, Store

PERIODS = (7, 30, 90, 365)
DEFAULT_PERIOD = 30
TOP = 20


@dataclass(frozen=True)
class Filters:
    period: int = DEFAULT_PERIOD
    store_id: int | None = None
    region: str = ""

    def window(self, today: date | None = None) -> tuple[date, date]:
        """The first and the last day of the period (both included)."""
        today = today or timezone.localdate()
        return today - timedelta(days=self.period - 1), today


def _days(brand: Brand, f: Filters, start: date, end: date) -> QuerySet[SignalDaily]:
    rows = SignalDaily.objects.filter(brand=brand, day__gte=start, day__lte=end)
    if f.store_id is not None:
        rows = rows.filter(store_id=f.store_id)
    if f.region:
        rows = rows.filter(store__region=f.region)
    return rows


def _sum(kind: str) -> Any:
    return Sum("count", filter=Q(kind=kind), default=0)


def totals(brand: Brand, f: Filters) -> dict[str, int]:
    start, end = f.window()
    row = _days(brand, f, start, end).aggregate(**{kind: _sum(kind) for kind in Signal.Kind.values})
    return {kind: int(row[kind] or 0) for kind in Signal.Kind.values}


def top_products(brand: Brand, f: Filters, limit: int = TOP) -> list[dict[str, Any]]:
    """Products by coups de cœur in the period, with views, ratings (mean) and the hearts of
    the period before (for the trend)."""
    start, end = f.window()
    before = start - timedelta(days=f.period)
    rows = (
        _days(brand, f, before, end)
        .values("product_id", "product__sku", "product__name_fr", "product__name_en",
                "product__customizer_product_id")
        .annotate(
            hearts=Sum("count", filter=Q(kind="heart", day__gte=start), default=0),
            hearts_before=Sum("count", filter=Q(kind="heart", day__lt=start), default=0),
            views=Sum("count", filter=Q(kind="view", day__gte=start), default=0),
            ratings=Sum("count", filter=Q(kind="rating", day__gte=start), default=0),
            rating_sum=Sum("rating_sum", filter=Q(kind="rating", day__gte=start), default=0),
        )
        .filter(Q(hearts__gt=0) | Q(views__gt=0) | Q(ratings__gt=0))
        .order_by("-hearts", "-views", "product_id")[:limit]
    )  # fmt: skip
    return [_product_row(row) for row in rows]


def _product_row(row: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": row["product_id"],
        "sku": row["product__sku"],
        "name": _name(row["product__name_fr"], row["product__name_en"]),
        "customizer_product_id": row["product__customizer_product_id"],
        "hearts": row["hearts"],
        "hearts_before": row["hearts_before"],
        "trend": row["hearts"] - row["hearts_before"],
        "views": row["views"],
        "ratings": row["ratings"],
        "mean_rating": row["rating_sum"] / row["ratings"] if row["ratings"] else None,
    }


def _name(name_fr: str, name_en: str) -> str:
    from django.utils.translation import get_language

    first, second = (name_en, name_fr) if (get_language() or "fr").startswith("en") else (
        name_fr, name_en)  # fmt: skip
    return first or second


def trending(products: list[dict[str, Any]], limit: int = 5) -> list[dict[str, Any]]:
    """The products whose coups de cœur grew most against the period before."""
    rising = [p for p in products if p["trend"] > 0]
    return sorted(rising, key=lambda p: (-p["trend"], p["id"]))[:limit]


def online_interest(brand: Brand, f: Filters, products: list[dict[str, Any]]) -> None:
    """Add ``designs``: the designs members made online of the product's customizer product in
    the period (the online interest beside the in-store hearts)."""
    linked = {p["customizer_product_id"] for p in products if p["customizer_product_id"]}
    counts: dict[int, int] = {}
    if linked:
        start, _end = f.window()
        counts = dict(
            Design.objects.filter(product_id__in=linked, created_at__date__gte=start)
            .values("product_id").annotate(n=Count("id")).values_list("product_id", "n")
        )  # fmt: skip
    for product in products:
        product["designs"] = counts.get(product["customizer_product_id"] or 0)


def stores_ranking(brand: Brand, f: Filters) -> list[dict[str, Any]]:
    start, end = f.window()
    rows = (
        _days(brand, f, start, end)
        .values("store_id", "store__name_fr", "store__name_en", "store__region")
        .annotate(hearts=_sum("heart"), views=_sum("view"), signals=Sum("count", default=0))
        .order_by("-hearts", "store_id")[:TOP]
    )
    return [
        {"id": r["store_id"], "name": _name(r["store__name_fr"], r["store__name_en"]),
         "region": r["store__region"], "hearts": r["hearts"], "views": r["views"],
         "signals": r["signals"]}
        for r in rows
    ]  # fmt: skip


def regions(brand: Brand) -> list[str]:
    return sorted(
        set(Store.objects.filter(brand=brand).exclude(region="").values_list("region", flat=True))
    )


def _voices(brand: Brand, f: Filters) -> QuerySet[Voice]:
    start, _end = f.window()
    rows = Voice.objects.filter(brand=brand, channel=Voice.Channel.STORE)
    rows = rows.filter(created_at__date__gte=start)
    if f.store_id is not None:
        rows = rows.filter(store_id=f.store_id)
    if f.region:
        rows = rows.filter(store__region=f.region)
    return rows


def store_voices(brand: Brand, f: Filters, limit: int = 10) -> list[Voice]:
    """The latest in-store comments and ideas, with their theme and sentiment."""
    start, _end = f.window()
    rows = Voice.objects.filter(
        brand=brand, channel=Voice.Channel.STORE, created_at__date__gte=start
    )
    if f.store_id is not None:
        rows = rows.filter(store_id=f.store_id)
    if f.region:
        rows = rows.filter(store__region=f.region)
    return list(
        rows.select_related("theme", "store").defer("embedding", "vectors", "lemmas")
        .order_by("-created_at", "-id")[:limit]
    )  # fmt: skip


def themes(brand: Brand, f: Filters) -> list[dict[str, Any]]:
    """In-store voices by theme, with their mean sentiment."""
    start, _end = f.window()
    rows = Voice.objects.filter(
        brand=brand, channel=Voice.Channel.STORE, created_at__date__gte=start
    )
    if f.store_id is not None:
        rows = rows.filter(store_id=f.store_id)
    if f.region:
        rows = rows.filter(store__region=f.region)
    return list(
        rows.filter(theme__isnull=False).values("theme_id", "theme__label")
        .annotate(n=Count("id"), sentiment=Avg("sentiment"))
        .order_by("-n", "theme_id")[:10]
    )  # fmt: skip


SIGNALS_PAGE = 100


def signals(
    brand: Brand, f: Filters, *, product_id: int | None = None, kind: str = ""
) -> list[Signal]:
    """The drill-down: the latest signals (``SIGNALS_PAGE`` at most) under the dashboard's
    filters, for one product or kind if given. The one read of raw signals: a page of them,
    newest first, by the (brand|product|store, occurred_at) indexes; never a bracelet's hash."""
    start, _end = f.window()
    since = timezone.now() - timedelta(days=(timezone.localdate() - start).days + 1)
    rows = Signal.objects.filter(brand=brand, occurred_at__gte=since)
    if f.store_id is not None:
        rows = rows.filter(store_id=f.store_id)
    if f.region:
        rows = rows.filter(store__region=f.region)
    if product_id is not None:
        rows = rows.filter(product_id=product_id)
    if kind in Signal.Kind.values:
        rows = rows.filter(kind=kind)
    rows = rows.select_related("store", "product", "device").defer("tag_hash")
    return list(rows.order_by("-occurred_at", "-id")[:SIGNALS_PAGE])
