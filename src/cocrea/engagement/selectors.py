"""Reads for engagement: the leaderboard and a member's standing, scores decayed in SQL."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db.models import ExpressionWrapper, F, FloatField, Func, QuerySet, Value

from cocrea.brands.models import Brand, Membership
from cocrea.engagement.models import EngagementWeights, MemberScore, Tier
from cocrea.engagement.services import DAY, current_score

LEADERBOARD_SIZE = 50


def decayed_score(now: datetime) -> ExpressionWrapper:
    """``score_at_epoch * 2^(-(now - epoch)/h)``, each row in its own frame."""
    factor = Func(
        Value(2.0),
        (F("epoch") - Value(now.timestamp())) / (F("half_life_days") * Value(DAY)),
        function="POWER",
        output_field=FloatField(),
    )
    return ExpressionWrapper(F("score_at_epoch") * factor, output_field=FloatField())


def leaderboard(brand: Brand, *, now: datetime, limit: int = LEADERBOARD_SIZE) -> QuerySet:
    """The brand's top members who did not opt out, with ``score`` decayed to ``now``.

    Ordered by ``score_at_epoch``, not by the decayed score: within a brand every row shares
    the same epoch T0 and half-life h (rebases and rebuilds rewrite all rows of the brand in one
    statement), so score(now) = score_at_epoch x 2^(-(now - T0)/h) is score_at_epoch times one
    positive constant, which keeps the order. The index (brand, -score_at_epoch) serves the page
    without computing a single power for the rows it skips.
    """
    return (
        MemberScore.objects.filter(brand=brand, leaderboard_opt_out=False, score_at_epoch__gt=0)
        .select_related("member__user", "tier")
        .annotate(score=decayed_score(now))
        .order_by("-score_at_epoch", "id")[:limit]
    )


@dataclass(frozen=True)
class Standing:
    score: float
    tier: Tier | None
    position: int | None  # None when hidden or without points
    hidden: bool


def standing(membership: Membership, *, now: datetime) -> Standing:
    """The member's own score, tier and position on the leaderboard (two queries)."""
    row = MemberScore.objects.select_related("tier").filter(member=membership).first()
    if row is None:
        return Standing(score=0.0, tier=None, position=None, hidden=False)
    score = current_score(row, now=now)
    position = None
    if not row.leaderboard_opt_out and row.score_at_epoch > 0:
        ahead = MemberScore.objects.filter(
            brand_id=membership.brand_id,
            leaderboard_opt_out=False,
            score_at_epoch__gt=row.score_at_epoch,
        ).count()
        position = ahead + 1
    return Standing(score=score, tier=row.tier, position=position, hidden=row.leaderboard_opt_out)


def tiers(brand: Brand) -> QuerySet[Tier]:
    return Tier.objects.filter(brand=brand)


def weights(brand: Brand) -> EngagementWeights | None:
    return EngagementWeights.objects.filter(brand=brand).first()
