"""The engagement ledger: every event with its weight, and every tier reached."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from cocrea.brands.models import Brand
from cocrea.engagement.models import EngagementEvent, TierChange
from cocrea.exports.datasets.base import CHUNK, Dataset, Rows, Table

EVENT_COLUMNS = (
    "id",
    "member_id",
    "kind",
    "weight",
    "actor_member_id",
    "idea_id",
    "comment_id",
    "reverses_id",
    "occurred_at",
    "created_at",
)
TIER_COLUMNS = ("id", "member_id", "tier_fr", "tier_en", "score", "created_at")


def _events(brand: Brand) -> Rows:
    rows = EngagementEvent.objects.filter(brand=brand).order_by("id")
    return rows.values_list(
        "id",
        "member_id",
        "kind",
        "weight",
        "actor_id",
        "idea_id",
        "comment_id",
        "reverses_id",
        "occurred_at",
        "created_at",
    ).iterator(chunk_size=CHUNK)


def _tiers(brand: Brand) -> Rows:
    rows = TierChange.objects.filter(brand=brand).order_by("id")
    # The name in each language (modeltranslation columns, unknown to django-stubs).
    names = ("id", "member_id", "to_tier_name_fr", "to_tier_name_en", "score", "created_at")
    return rows.values_list(*names).iterator(chunk_size=CHUNK)


DATASET = Dataset(
    key="engagement",
    label=_("Engagement ledger"),
    description=_(
        "Every engagement event of the brand's members with the weight it had (a withdrawn "
        "action adds a reversing event), and every tier a member reached."
    ),
    role="moderator",
    tables=(
        Table(
            "events",
            EVENT_COLUMNS,
            lambda b: EngagementEvent.objects.filter(brand=b).count(),
            _events,
        ),
        Table(
            "tier_changes",
            TIER_COLUMNS,
            lambda b: TierChange.objects.filter(brand=b).count(),
            _tiers,
        ),
    ),
)
