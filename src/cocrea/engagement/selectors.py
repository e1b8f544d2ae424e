"""Reads for engagement: the leaderboard and a member's standing, scores decayed in SQL."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db.models import ExpressionWrapper, F, FloatField, Func, QuerySet, Sum, Value

from cocrea.brands.models import Brand, Membership
from cocrea.campaigns.models import Campaign
from cocrea.engagement.models import (
    DEFAULT_HALF_LIFE_DAYS,
    BadgeAward,
    EngagementEvent,
    EngagementWeights,
    MemberArea,
    MemberScore,
    ProfilePrivacy,
    Reward,
    Tier,
)
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


# --- Per-campaign leaderboard ------------------------------------------------------------------


class EpochSeconds(Func):
    """Unix seconds of a datetime column, on PostgreSQL and SQLite."""

    output_field = FloatField()

    def as_postgresql(self, compiler, connection, **extra):  # type: ignore[no-untyped-def]
        return self.as_sql(compiler, connection, template="EXTRACT(EPOCH FROM %(expressions)s)")

    def as_sqlite(self, compiler, connection, **extra):  # type: ignore[no-untyped-def]
        template = "((julianday(%(expressions)s) - 2440587.5) * 86400.0)"
        return self.as_sql(compiler, connection, template=template)


@dataclass(frozen=True)
class CampaignRow:
    member: Membership
    score: float
    tier: Tier | None


def campaign_leaderboard(
    campaign: Campaign, *, now: datetime, limit: int = LEADERBOARD_SIZE
) -> list[CampaignRow]:
    """Members ranked by the events on the campaign's ideas (submitted, comments, votes given
    and received, accepted...), decayed like the brand score: ``Σ w·2^(-(now - t_i)/h)``.

    Summed in SQL over the campaign's events (four queries whatever the size); members who
    opted out of the leaderboard are left out.
    """
    row = EngagementWeights.objects.filter(brand_id=campaign.brand_id).first()
    seconds = (row.half_life_days if row else DEFAULT_HALF_LIFE_DAYS) * DAY
    hidden = MemberScore.objects.filter(brand_id=campaign.brand_id, leaderboard_opt_out=True)
    term = F("weight") * Func(
        Value(2.0),
        (EpochSeconds(F("occurred_at")) - Value(now.timestamp())) / Value(seconds),
        function="POWER",
        output_field=FloatField(),
    )
    scores = list(
        EngagementEvent.objects.filter(brand_id=campaign.brand_id, idea__campaign=campaign)
        .exclude(member_id__in=hidden.values("member_id"))
        .values("member_id")
        .annotate(score=Sum(term, output_field=FloatField()))
        .filter(score__gt=1e-9)
        .order_by("-score", "member_id")[:limit]
    )
    ids = [item["member_id"] for item in scores]
    members = Membership.objects.select_related("user").in_bulk(ids)
    tiers = dict(
        MemberScore.objects.filter(member_id__in=ids)
        .select_related("tier")
        .values_list("member_id", "tier__name")
    )
    return [
        CampaignRow(
            member=members[item["member_id"]],
            score=item["score"],
            tier=Tier(name=tiers[item["member_id"]]) if tiers.get(item["member_id"]) else None,
        )
        for item in scores
    ]


# --- Profiles ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Profile:
    member: Membership
    is_self: bool
    privacy: ProfilePrivacy
    tier: Tier | None
    badges: list[BadgeAward] | None  # None: private to this viewer
    contributions: dict[str, Any] | None
    rewards: list[Reward] | None


def visible_campaign_ids(brand: Brand, viewer: Membership | None) -> list[int]:
    """Campaigns of the brand the viewer may see (a query per invitation-only campaign)."""
    from cocrea.campaigns.permissions import can_view_campaign

    campaigns = Campaign.objects.filter(brand=brand).select_related("brand")
    return [campaign.pk for campaign in campaigns if can_view_campaign(campaign, viewer)]


def contributions(member: Membership, viewer: Membership | None) -> dict[str, Any]:
    """Counts and latest ideas of the member, in the campaigns the viewer may see."""
    from cocrea.ideas.models import Comment, Idea

    campaign_ids = visible_campaign_ids(member.brand, viewer)
    ideas = Idea.objects.filter(
        author=member, campaign_id__in=campaign_ids, withdrawn_at__isnull=True, is_hidden=False
    )
    comments = Comment.objects.filter(
        author=member,
        idea__campaign_id__in=campaign_ids,
        deleted_at__isnull=True,
        is_hidden=False,
    )
    return {
        "ideas": ideas.count(),
        "comments": comments.count(),
        "latest_ideas": list(ideas.order_by("-created_at").only("id", "title", "status")[:5]),
        "accepted": ideas.filter(status__in=["accepted", "launched"]).count(),
    }


def profile(member: Membership, viewer: Membership | None, *, user: Any = None) -> Profile:
    """The member's profile as ``viewer`` may see it: private items are None for others."""
    from cocrea.engagement.rewards import privacy_of

    is_self = viewer is not None and viewer.pk == member.pk
    privacy = privacy_of(member)
    score = MemberScore.objects.select_related("tier").filter(member=member).first()
    show = lambda flag: is_self or flag  # noqa: E731
    badges = None
    if show(privacy.show_badges):
        badges = list(BadgeAward.objects.filter(member=member).select_related("badge"))
    rewards = None
    if show(privacy.show_rewards):
        rewards = list(Reward.objects.filter(member=member)[:50])
    return Profile(
        member=member,
        is_self=is_self,
        privacy=privacy,
        tier=score.tier if score is not None and show(privacy.show_tier) else None,
        badges=badges,
        contributions=contributions(member, viewer) if show(privacy.show_contributions) else None,
        rewards=rewards,
    )


def rewards_of(member: Membership) -> QuerySet[Reward]:
    return Reward.objects.filter(member=member)


# --- Members-only areas --------------------------------------------------------------------


@dataclass(frozen=True)
class AreaEntry:
    area: MemberArea
    may_open: bool


def areas_for(member: Membership) -> list[AreaEntry]:
    """The brand's published areas (all of them for the staff) and whether each opens to the
    member (two queries)."""
    from cocrea.engagement.permissions import area_may_open, member_tier

    tier = member_tier(member)
    areas = MemberArea.objects.filter(brand_id=member.brand_id).select_related("min_tier")
    if not member.is_staff_role:
        areas = areas.filter(is_published=True)
    return [AreaEntry(area, area_may_open(member, area, tier=tier)) for area in areas]
