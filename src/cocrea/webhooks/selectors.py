"""Reads of webhooks, always through the brand."""

from __future__ import annotations

import uuid
from datetime import timedelta

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from cocrea.brands.models import Brand
from cocrea.webhooks.models import Delivery, Endpoint

LOG_PAGE = 50


def endpoints(brand: Brand) -> QuerySet[Endpoint]:
    """The brand's endpoints with the last day's deliveries counted by state (one query)."""
    since = timezone.now() - timedelta(days=1)
    recent = Q(deliveries__created_at__gte=since)
    return (
        Endpoint.objects.filter(brand=brand)
        .annotate(
            delivered_24h=Count("deliveries", filter=recent & Q(deliveries__state="succeeded")),
            failed_24h=Count("deliveries", filter=recent & Q(deliveries__state="failed")),
            waiting=Count("deliveries", filter=Q(deliveries__state__in=Delivery.OPEN)),
        )
        .order_by("created_at")
    )


def deliveries(endpoint: Endpoint, state: str = "") -> QuerySet[Delivery]:
    """The endpoint's latest deliveries with their event (one query), optionally of one state."""
    rows = Delivery.objects.filter(endpoint=endpoint).select_related("event")
    if state in Delivery.State.values:
        rows = rows.filter(state=state)
    return rows.order_by("-created_at")[:LOG_PAGE]


def delivery(brand: Brand, delivery_id: object) -> Delivery | None:
    try:
        key = uuid.UUID(str(delivery_id))
    except ValueError:
        return None
    return (
        Delivery.objects.filter(brand=brand, pk=key)
        .select_related("event", "endpoint__brand")
        .prefetch_related("attempt_log")
        .first()
    )
