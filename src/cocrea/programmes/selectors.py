"""Reads on programmes, always through the brand."""

from __future__ import annotations

from django.db.models import Count, Prefetch, QuerySet
from django.http import Http404

from cocrea.brands.models import Brand
from cocrea.campaigns.models import Campaign
from cocrea.programmes.models import Programme


def programmes_for_console(brand: Brand) -> QuerySet[Programme]:
    """The brand's programmes with their campaign and objective counts."""
    return (
        Programme.objects.filter(brand=brand)
        .annotate(
            campaign_count=Count("campaigns", distinct=True),
            objective_count=Count("objectives", distinct=True),
        )
        .order_by("-is_default", "status", "name")
    )


def programme_for_console(brand: Brand, programme_id: int) -> Programme:
    """One programme of the brand with its rows, or 404 (another brand's id included)."""
    found = (
        Programme.objects.filter(brand=brand, pk=programme_id)
        .prefetch_related(
            "objectives",
            "milestones",
            "target_tiers",
            Prefetch("campaigns", queryset=Campaign.objects.order_by("-created_at")),
        )
        .first()
    )
    if found is None:
        raise Http404
    return found


def programmes_for_api(brand: Brand) -> QuerySet[Programme]:
    """The brand's programmes with their target tiers and campaign ids (three queries a page)."""
    return Programme.objects.filter(brand=brand).prefetch_related(
        "target_tiers", Prefetch("campaigns", queryset=Campaign.objects.only("pk", "programme"))
    )
