"""Background work of programmes, on the ``batch`` queue: thin, idempotent, safe to run twice."""

from __future__ import annotations

from celery import shared_task
from django.db import transaction


@shared_task(acks_late=True, ignore_result=True, queue="batch")
def aggregate_brand_figures(brand_id: int) -> int:
    """Recompute one brand's pre-aggregated figures (the dashboard's only source)."""
    from cocrea.brands.models import Brand
    from cocrea.programmes.aggregate import aggregate_brand

    brand = Brand.objects.filter(pk=brand_id).first()
    return aggregate_brand(brand) if brand is not None else 0


@shared_task(acks_late=True, ignore_result=True, queue="batch")
def aggregate_all_figures() -> int:
    """The periodic job: every brand's figures, one brand per task."""
    from cocrea.brands.models import Brand

    ids = list(Brand.objects.values_list("pk", flat=True))
    for brand_id in ids:
        aggregate_brand_figures.delay(brand_id)
    return len(ids)


@shared_task(acks_late=True, ignore_result=True, queue="batch")
def send_weekly_digests() -> int:
    """The weekly digest of every programme to its brand's admins."""
    from cocrea.programmes.digest import send_all_digests

    return send_all_digests()


def schedule_aggregation(brand_id: int) -> None:
    """Recompute after the current transaction commits (inline in the embedded mode)."""
    transaction.on_commit(lambda: aggregate_brand_figures.delay(brand_id))
