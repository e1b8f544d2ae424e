from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from cocrea.brands.models import Brand, Membership
from cocrea.brands.permissions import is_moderator
from cocrea.campaigns.models import Campaign, Invitation, Phase, PhaseChange
from cocrea.campaigns.phases import current_phase


def campaigns_for_brand(brand: Brand, membership: Membership | None) -> QuerySet[Campaign]:
    """Campaigns the viewer may see, with phases prefetched and idea counts annotated."""
    campaigns = Campaign.objects.filter(brand=brand)
    if membership is None:
        campaigns = campaigns.filter(visibility=Campaign.Visibility.PUBLIC)
    elif not is_moderator(membership):
        invited = Exists(Invitation.objects.filter(campaign=OuterRef("pk"), member=membership))
        campaigns = campaigns.filter(
            Q(visibility__in=[Campaign.Visibility.PUBLIC, Campaign.Visibility.MEMBERS]) | invited
        )
    return campaigns.annotate(idea_count=_contribution_count()).prefetch_related(
        Prefetch("phases", queryset=Phase.objects.order_by("starts_at"))
    )


def _contribution_count() -> Any:
    """What members contributed to a campaign: its ideas, or a contest's designs (one or the
    other is zero), hidden and withdrawn ones left out."""
    ideas = Count(
        "ideas", filter=Q(ideas__is_hidden=False, ideas__withdrawn_at=None), distinct=True
    )
    entries = Count(
        "contest__entries",
        filter=Q(contest__entries__is_hidden=False, contest__entries__withdrawn_at=None),
        distinct=True,
    )
    return ideas + entries


def campaigns_for_console(brand: Brand) -> QuerySet[Campaign]:
    """Every campaign of the brand for its team, with phases prefetched and the count of what
    members contributed: ideas, or a contest's designs (``idea_count`` counts either)."""
    return (
        Campaign.objects.filter(brand=brand)
        .select_related("contest")
        .annotate(
            idea_count=_contribution_count(),
            hidden_idea_count=Count("ideas", filter=Q(ideas__is_hidden=True), distinct=True)
            + Count("contest__entries", filter=Q(contest__entries__is_hidden=True), distinct=True),
        )
        .prefetch_related(Prefetch("phases", queryset=Phase.objects.order_by("starts_at")))
        .order_by("-created_at", "-id")
    )


def campaign_for_console(brand: Brand, campaign_id: int) -> Campaign:
    """The brand's campaign with this id, or 404 (another brand's id included)."""
    return get_object_or_404(
        Campaign.objects.filter(brand=brand)
        .select_related("brand", "created_by__user")
        .prefetch_related(
            Prefetch("phases", queryset=Phase.objects.order_by("starts_at")), "categories"
        ),
        pk=campaign_id,
    )


def invitations_for(campaign: Campaign) -> QuerySet[Invitation]:
    return (
        Invitation.objects.filter(campaign=campaign)
        .select_related("member__user")
        .order_by("member__user__display_name", "member__user__email")
    )


def phase_changes_for(campaign: Campaign, limit: int = 20) -> list[PhaseChange]:
    return list(PhaseChange.objects.filter(campaign=campaign).select_related("actor__user")[:limit])


def campaigns_by_period(
    brand: Brand, membership: Membership | None, now: datetime | None = None
) -> dict[str, list[Campaign]]:
    """The campaigns the viewer may see, grouped as open now, upcoming and closed.

    A campaign in its results phase is closed: members can no longer take part.
    """
    now = now or timezone.now()
    groups: dict[str, list[Campaign]] = {"open": [], "upcoming": [], "closed": []}
    for campaign in campaigns_for_brand(brand, membership).order_by("-created_at", "-id"):
        phases = list(campaign.phases.all())
        phase = current_phase(campaign, now)
        if phase is not None and phase.kind != Phase.Kind.RESULTS:
            groups["open"].append(campaign)
        elif not phases or phases[0].starts_at > now:  # no phase yet: not scheduled
            groups["upcoming"].append(campaign)
        else:
            groups["closed"].append(campaign)
    far = datetime.max.replace(tzinfo=now.tzinfo)
    groups["upcoming"].sort(key=lambda c: c.phases.all()[0].starts_at if c.phases.all() else far)
    return groups
