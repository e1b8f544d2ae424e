"""Reads of export jobs, always through the brand and the viewer's role."""

from __future__ import annotations

import uuid

from django.db.models import QuerySet

from cocrea.brands.models import Brand, Membership
from cocrea.brands.permissions import is_admin
from cocrea.exports.datasets import DATASETS
from cocrea.exports.models import ExportJob

RECENT = 20


def visible_datasets(membership: Membership | None) -> list[str]:
    return [
        key for key, dataset in DATASETS.items() if dataset.role != "admin" or is_admin(membership)
    ]


def jobs(
    brand: Brand, membership: Membership | None, *, limit: int = RECENT
) -> QuerySet[ExportJob]:
    """The brand's latest exports the viewer may see, with who asked (one query)."""
    return (
        ExportJob.objects.filter(brand=brand, dataset__in=visible_datasets(membership))
        .select_related("requested_by__user")
        .order_by("-created_at")[:limit]
    )


def job(brand: Brand, membership: Membership | None, job_id: uuid.UUID | str) -> ExportJob | None:
    """One job of this brand that the viewer may see, or None (unknown, another brand's, or a
    members export seen by a moderator: the same answer for all)."""
    try:
        key = uuid.UUID(str(job_id))
    except ValueError:
        return None
    return (
        ExportJob.objects.filter(brand=brand, pk=key, dataset__in=visible_datasets(membership))
        .select_related("requested_by__user")
        .first()
    )
