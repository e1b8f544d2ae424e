"""Who may see and change what in engagement. Pure predicates (the tier is read once when the
caller does not pass it)."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.utils import timezone

from cocrea.brands.models import Brand, Membership
from cocrea.brands.permissions import is_admin, is_moderator
from cocrea.engagement.models import EarlyAccess, MemberArea, MemberScore, Tier

_UNSET: Any = object()


def can_see_leaderboard(brand: Brand, membership: Membership | None) -> bool:
    """Members of the brand (any role); visitors of a public brand do not see who ranks where."""
    return membership is not None and membership.brand_id == brand.pk


def can_configure(brand: Brand, membership: Membership | None) -> bool:
    return membership is not None and membership.brand_id == brand.pk and is_admin(membership)


def member_tier(membership: Membership | None) -> Tier | None:
    """The tier the member holds (one query), None for visitors and newcomers."""
    if membership is None or membership.pk is None:
        return None
    row = MemberScore.objects.select_related("tier").filter(member=membership).first()
    return row.tier if row is not None else None


def _rank(tier: Tier) -> tuple[float, bool, int]:
    return (tier.threshold, tier.requires_accepted_idea, tier.pk)  # Tier.Meta.ordering


def tier_reaches(have: Tier | None, need: Tier | None) -> bool:
    """Is ``have`` the tier ``need`` or a higher one of the same brand? No need: yes."""
    if need is None:
        return True
    if have is None or have.brand_id != need.brand_id:
        return False
    return have.pk == need.pk or _rank(have) >= _rank(need)


def area_may_open(
    member: Membership | None, area: MemberArea, *, tier: Tier | None = _UNSET
) -> bool:
    """Members of the area's brand from its minimum tier up; the brand's staff always (they
    prepare it). Unpublished areas open to the staff only. Pass ``tier`` to save the query."""
    if member is None or member.brand_id != area.brand_id:
        return False
    if is_moderator(member):
        return True
    if not area.is_published:
        return False
    if area.min_tier_id is None:
        return True
    have = member_tier(member) if tier is _UNSET else tier
    return tier_reaches(have, area.min_tier)


def may_claim_drop(member: Membership | None, area: MemberArea) -> bool:
    """A drop is for the members the area opens to (staff preview but do not claim)."""
    return (
        area.has_drop
        and area.is_published
        and member is not None
        and not is_moderator(member)
        and area_may_open(member, area)
    )


def campaign_opens_at(campaign: Any) -> datetime | None:
    """The start of the campaign's first phase (uses prefetched phases)."""
    starts = [phase.starts_at for phase in campaign.phases.all()]
    return min(starts) if starts else None


def early_access_allows(
    campaign: Any, membership: Membership | None, action: str, now: datetime | None = None
) -> bool:
    """Before the public opening, members of the early-access tier and above may already do
    what the first phase allows, for ``days`` days. Reads the database only before the
    opening, for a member of the campaign's brand."""
    from cocrea.campaigns.phases import ACTIONS_BY_PHASE

    if membership is None or membership.brand_id != campaign.brand_id:
        return False
    now = now or timezone.now()
    opens = campaign_opens_at(campaign)
    if opens is None or now >= opens:
        return False
    first = min(campaign.phases.all(), key=lambda phase: phase.starts_at)
    if action not in ACTIONS_BY_PHASE[first.kind] or (
        action == "rate" and not campaign.allow_rating
    ):
        return False
    early = _memo(campaign, "_early_access", lambda: _early_access_of(campaign))
    if early is None or now < opens - timedelta(days=early.days):
        return False
    return tier_reaches(
        _memo(membership, "_early_tier", lambda: member_tier(membership)), early.tier
    )


def _early_access_of(campaign: Any) -> EarlyAccess | None:
    return EarlyAccess.objects.select_related("tier").filter(campaign=campaign).first()


def _memo(instance: Any, key: str, read: Any) -> Any:
    """Read once per instance: a list of ideas checks the same campaign and member many times
    (``early_access_set`` forgets the campaign's value)."""
    if key not in instance.__dict__:
        instance.__dict__[key] = read()
    return instance.__dict__[key]
