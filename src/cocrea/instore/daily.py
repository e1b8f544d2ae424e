"""The per-day counts the in-store dashboard reads (``SignalDaily``), kept beside the signals.

``daily_add`` is called by the ingest, in its transaction, with the rows it really inserted: one
upsert per (store, product, kind, day) of the batch, adding to the counts (``ON CONFLICT DO
UPDATE``, the same statement on PostgreSQL and SQLite). ``daily_rebuild`` recomputes a brand's
counts from the signals (the signals are the facts; the counts are derived).
"""

from __future__ import annotations

import zoneinfo
from collections import Counter
from collections.abc import Iterable
from datetime import date

from django.db import connection, transaction

from cocrea.brands.models import Brand
from cocrea.instore.models import Signal, SignalDaily, Store

_TABLE = SignalDaily._meta.db_table
_UPSERT = (
    f"INSERT INTO {_TABLE} (brand_id, store_id, product_id, kind, day, count, rating_sum)"  # noqa: S608
    " VALUES (%s, %s, %s, %s, %s, %s, %s)"
    " ON CONFLICT (store_id, product_id, kind, day) DO UPDATE SET"
    f" count = {_TABLE}.count + excluded.count,"
    f" rating_sum = {_TABLE}.rating_sum + excluded.rating_sum"
)
Key = tuple[int, int, int, str, date]


def local_day(signal: Signal, store: Store) -> date:
    return signal.occurred_at.astimezone(zoneinfo.ZoneInfo(store.time_zone)).date()


def _counts(signals: Iterable[Signal], store: Store) -> tuple[Counter[Key], Counter[Key]]:
    counts: Counter[Key] = Counter()
    ratings: Counter[Key] = Counter()
    for signal in signals:
        if signal.product_id is None:
            continue
        key = (signal.brand_id, signal.store_id, signal.product_id, signal.kind,
               local_day(signal, store))  # fmt: skip
        counts[key] += 1
        ratings[key] += signal.rating or 0
    return counts, ratings


def daily_add(store: Store, signals: Iterable[Signal]) -> None:
    """Add new signals of one store to the day counts (call in the ingest's transaction)."""
    counts, ratings = _counts(signals, store)
    if not counts:
        return
    rows = [(*key, n, ratings[key]) for key, n in sorted(counts.items())]
    with connection.cursor() as cursor:
        cursor.executemany(_UPSERT, rows)


@transaction.atomic
def daily_rebuild(*, brand: Brand) -> int:
    """Recompute the brand's day counts from its signals; the number of signals counted."""
    SignalDaily.objects.filter(brand=brand).delete()
    counted = 0
    for store in Store.objects.filter(brand=brand):
        rows = Signal.objects.filter(store=store, product__isnull=False).only(
            "brand_id", "store_id", "product_id", "kind", "occurred_at", "rating"
        )
        batch: list[Signal] = []
        for signal in rows.iterator(chunk_size=5000):
            batch.append(signal)
            if len(batch) == 5000:
                daily_add(store, batch)
                counted, batch = counted + len(batch), []
        daily_add(store, batch)
        counted += len(batch)
    return counted
