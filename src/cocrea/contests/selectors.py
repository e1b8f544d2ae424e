"""Reads of contests, with the viewer's state annotated (no N+1 on list pages)."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from cocrea.brands.models import Brand, Membership
from cocrea.brands.permissions import is_moderator
from cocrea.campaigns.cache import campaign_by_id
from cocrea.campaigns.models import Campaign, Phase
from cocrea.contests import permissions as perms
from cocrea.contests.models import Ballot, Contest, Entry, EntryVote, Juror, Placement, Score

_PHASES = Prefetch("campaign__phases", queryset=Phase.objects.order_by("starts_at"))


def _contests(brand: Brand) -> QuerySet[Contest]:
    return (
        Contest.objects.filter(brand=brand)
        .select_related("campaign__brand", "brand", "product", "campaign__partner")
        .prefetch_related(_PHASES)
    )


def contest_for_page(brand: Brand, campaign_slug: str) -> Contest:
    """The brand's contest at this address, or 404 (visibility is checked by the view)."""
    return get_object_or_404(_contests(brand), campaign__slug=campaign_slug)


def contest_for_console(brand: Brand, contest_id: int) -> Contest:
    return get_object_or_404(_contests(brand), pk=contest_id)


def contests_for_console(brand: Brand) -> QuerySet[Contest]:
    return (
        _contests(brand)
        .annotate(
            entry_count=Count("entries", filter=Q(entries__withdrawn_at=None), distinct=True),
            juror_count=Count("jurors", distinct=True),
        )
        .order_by("-created_at", "-id")
    )


def campaign_for_console(brand: Brand, campaign_id: int) -> Campaign:
    return get_object_or_404(
        Campaign.objects.filter(brand=brand).select_related("partner"), pk=campaign_id
    )


def entries_for_gallery(contest: Contest, membership: Membership | None) -> QuerySet[Entry]:
    """Live entries, most voted first (newest first during submission), with ``has_voted``."""
    entries = Entry.objects.filter(contest=contest, withdrawn_at=None, is_hidden=False)
    entries = entries.select_related("author__user")
    if membership is not None:
        mine = EntryVote.objects.filter(entry=OuterRef("pk"), member=membership, voided_at=None)
        entries = entries.annotate(has_voted=Exists(mine))
    if perms.phase_kind(contest) == Phase.Kind.SUBMISSION:
        return entries.order_by("-created_at", "-id")
    return entries.order_by("-vote_count", "created_at", "id")


def my_entries(contest: Contest, membership: Membership | None) -> list[Entry]:
    if membership is None:
        return []
    return list(Entry.objects.filter(contest=contest, author=membership, withdrawn_at=None))


def entry_for_page(brand: Brand, entry_id: int, membership: Membership | None) -> Entry:
    """The brand's entry if the viewer may see it (404 otherwise, another brand's id included)."""
    entries = Entry.objects.filter(brand=brand).select_related("author__user", "contest")
    if membership is not None:
        mine = EntryVote.objects.filter(entry=OuterRef("pk"), member=membership, voided_at=None)
        entries = entries.annotate(has_voted=Exists(mine))
    entry = get_object_or_404(entries, pk=entry_id)
    # The campaign with its phases from the object cache (campaigns.cache).
    campaign = campaign_by_id(brand, entry.contest.campaign_id)
    if campaign is None:
        raise Http404
    entry.brand = entry.contest.brand = brand
    entry.contest.campaign = campaign
    if not perms.can_view_entry(entry, membership):
        raise Http404
    return entry


def votes_left(contest: Contest, membership: Membership | None) -> int | None:
    """What is left of the member's budget (None: no budget in this contest, or a visitor)."""
    if membership is None or not contest.has_budget:
        return None
    used = Ballot.objects.filter(contest=contest, member=membership).values_list("used", flat=True)
    return max(0, contest.vote_budget - (used.first() or 0))


# --- jury -----------------------------------------------------------------------------------


def jurors_for(contest: Contest) -> list[Juror]:
    """The jury with how many finalists each has scored (counts only: marks stay private)."""
    return list(
        Juror.objects.filter(contest=contest)
        .select_related("member__user")
        .annotate(scored=Count("scores__entry", distinct=True))
    )


def scores_for_juror(contest: Contest, membership: Membership | None) -> dict[int, dict[int, int]]:
    """One juror's own marks: ``{entry_id: {criterion_id: value}}``. Never anyone else's."""
    if membership is None:
        return {}
    marks: dict[int, dict[int, int]] = {}
    rows = Score.objects.filter(juror__contest=contest, juror__member=membership)
    for entry_id, criterion_id, value in rows.values_list("entry_id", "criterion_id", "value"):
        marks.setdefault(entry_id, {})[criterion_id] = value
    return marks


def all_scores(contest: Contest) -> list[dict[str, Any]]:
    """Every juror's marks, for the published results only (the caller checks)."""
    if not perms.results_published(contest):
        return []
    rows = (
        Score.objects.filter(juror__contest=contest)
        .order_by("entry_id", "juror_id", "criterion__position")
        .values("entry_id", "juror__member__user__display_name", "criterion__name", "value")
    )
    return [dict(row) for row in rows]


def placements_for(contest: Contest) -> list[Placement]:
    return list(Placement.objects.filter(contest=contest).select_related("entry__author__user"))


def rewards_for(contest: Contest) -> list[Any]:
    from cocrea.contests.rewards import reference
    from cocrea.engagement.models import Reward

    return list(
        Reward.objects.filter(brand_id=contest.brand_id, reference=reference(contest))
        .select_related("member__user")
        .order_by("member_id", "id")
    )


def is_juror(contest: Contest, membership: Membership | None) -> bool:
    return (
        membership is not None and Juror.objects.filter(contest=contest, member=membership).exists()
    )


def may_see_moderation(contest: Contest, membership: Membership | None) -> bool:
    return (
        membership is not None
        and membership.brand_id == contest.brand_id
        and is_moderator(membership)
    )


def contests_for_members(brand: Brand, membership: Membership | None) -> QuerySet[Contest]:
    """The brand's contests whose campaign the viewer may see (``campaigns_for_brand``)."""
    from cocrea.campaigns.selectors import campaigns_for_brand

    visible = campaigns_for_brand(brand, membership).filter(kind=Campaign.Kind.CONTEST)
    return _contests(brand).filter(campaign_id__in=list(visible.values_list("pk", flat=True)))


def contest_for_members(brand: Brand, contest_id: int, membership: Membership | None) -> Contest:
    """The brand's contest if the viewer may see it, or 404 (another brand's id included)."""
    contest = get_object_or_404(_contests(brand), pk=contest_id)
    if not perms.can_view_contest(contest, membership):
        raise Http404
    return contest
