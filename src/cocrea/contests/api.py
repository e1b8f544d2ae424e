"""Design contests in the REST API: contests, entries (the gallery), entering a saved design,
contest votes and the published results, over the contests' own selectors, predicates and
services (``contests.views``), so the vote audit log and fair-voting checks see API votes too."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from ninja import Query, Router, Status

from cocrea.api.auth import brand_context, require_member
from cocrea.api.common import BrandSlug, Id, PageQuery, responses
from cocrea.api.models import Scope
from cocrea.api.pagination import list_page
from cocrea.brands.models import Brand, Membership
from cocrea.campaigns.models import Phase
from cocrea.contests import permissions as perms
from cocrea.contests import selectors, services, votes
from cocrea.contests.models import Contest, Entry
from cocrea.contests.schemas import (
    ContestOut,
    ContestPage,
    ContestVoteOut,
    EntryDetailOut,
    EntryIn,
    EntryPage,
    ResultsOut,
)
from cocrea.contests.views import _traces
from cocrea.customizer.selectors import design_for_member

router = Router(tags=["contests"])


def contest_out(contest: Contest, member: Membership | None) -> dict[str, Any]:
    campaign = contest.campaign
    return {
        "id": contest.pk,
        "campaign_id": campaign.pk,
        "slug": campaign.slug,
        "title": campaign.title,
        "objective": campaign.objective,
        "product_id": contest.product_id,
        "phase": perms.phase_kind(contest),
        "phases": [
            {"id": p.pk, "kind": p.kind, "starts_at": p.starts_at, "ends_at": p.ends_at}
            for p in campaign.phases.all()
        ],
        "designs_per_member": contest.designs_per_member,
        "vote_mode": contest.vote_mode,
        "vote_budget": contest.vote_budget if contest.has_budget else None,
        "votes_left": selectors.votes_left(contest, member),
        "finalists": contest.finalists,
        "winners": contest.winners,
        "jury_weight": contest.jury_weight,
        "winner_prize": contest.winner_prize,
        "results_published": perms.results_published(contest),
        "created_at": contest.created_at,
    }


def entry_out(entry: Entry, brand: Brand, *, detail: bool = False) -> dict[str, Any]:
    out = {
        "id": entry.pk,
        "contest_id": entry.contest_id,
        "title": entry.title,
        "story": entry.story,
        "author": {"id": entry.author_id, "display_name": entry.author.user.public_name},
        "design_id": entry.design_id,
        "vote_count": entry.vote_count,
        "has_voted": bool(getattr(entry, "has_voted", False)),
        "is_finalist": entry.is_finalist,
        "is_hidden": entry.is_hidden,
        "withdrawn_at": entry.withdrawn_at,
        "created_at": entry.created_at,
        "url": settings.SITE_URL + reverse("contests:entry", args=[brand.slug, entry.pk]),
    }
    if detail:
        out["svg"] = entry.svg
    return out


@router.get("/{brand}/contests", response=responses(ContestPage), operation_id="contests_list")
def contests_list(request: HttpRequest, brand: BrandSlug, page: Query[PageQuery]) -> dict[str, Any]:
    """The contests the caller may see, newest first."""
    context = brand_context(request, brand)
    contests = selectors.contests_for_members(context.brand, context.membership)
    return list_page(
        contests,
        ("-created_at", "-id"),
        page,
        tag="contests",
        out=lambda contest: contest_out(contest, context.membership),
    )


@router.get(
    "/{brand}/contests/{contest_id}", response=responses(ContestOut), operation_id="contests_get"
)
def contests_get(request: HttpRequest, brand: BrandSlug, contest_id: Id) -> dict[str, Any]:
    context = brand_context(request, brand)
    contest = selectors.contest_for_members(context.brand, contest_id, context.membership)
    return contest_out(contest, context.membership)


@router.get(
    "/{brand}/contests/{contest_id}/entries",
    response=responses(EntryPage),
    operation_id="entries_list",
)
def entries_list(
    request: HttpRequest, brand: BrandSlug, contest_id: Id, page: Query[PageQuery]
) -> dict[str, Any]:
    """The gallery: live entries, newest first while designs are entered, then most voted."""
    context = brand_context(request, brand)
    contest = selectors.contest_for_members(context.brand, contest_id, context.membership)
    entries = selectors.entries_for_gallery(contest, context.membership)
    submission = perms.phase_kind(contest) == Phase.Kind.SUBMISSION
    ordering = ("-created_at", "-id") if submission else ("-vote_count", "created_at", "id")
    return list_page(
        entries,
        ordering,
        page,
        tag=f"entries:{submission}",
        out=lambda entry: entry_out(entry, context.brand),
    )


@router.post(
    "/{brand}/contests/{contest_id}/entries",
    response=responses(EntryDetailOut, 201),
    operation_id="entries_create",
)
def entries_create(
    request: HttpRequest, brand: BrandSlug, contest_id: Id, data: EntryIn
) -> Status[dict[str, Any]]:
    """Enter one of the caller's saved designs of the contest's product."""
    context = brand_context(request, brand, Scope.WRITE)
    member = require_member(context)
    contest = selectors.contest_for_members(context.brand, contest_id, member)
    design = design_for_member(member, data.design_id)
    entry = services.entry_submit(
        member=member, contest=contest, design=design, title=data.title, story=data.story
    )
    entry = selectors.entry_for_page(context.brand, entry.pk, member)
    return Status(201, entry_out(entry, context.brand, detail=True))


@router.get(
    "/{brand}/entries/{entry_id}", response=responses(EntryDetailOut), operation_id="entries_get"
)
def entries_get(request: HttpRequest, brand: BrandSlug, entry_id: Id) -> dict[str, Any]:
    context = brand_context(request, brand)
    entry = selectors.entry_for_page(context.brand, entry_id, context.membership)
    return entry_out(entry, context.brand, detail=True)


@router.post(
    "/{brand}/entries/{entry_id}/withdraw",
    response=responses(EntryDetailOut),
    operation_id="entries_withdraw",
)
def entries_withdraw(request: HttpRequest, brand: BrandSlug, entry_id: Id) -> dict[str, Any]:
    context = brand_context(request, brand, Scope.WRITE)
    member = require_member(context)
    entry = selectors.entry_for_page(context.brand, entry_id, member)
    services.entry_withdraw(member=member, entry=entry)
    entry = selectors.entry_for_page(context.brand, entry_id, member)
    return entry_out(entry, context.brand, detail=True)


def _vote(request: HttpRequest, brand: str, entry_id: int, cast: bool) -> dict[str, Any]:
    context = brand_context(request, brand, Scope.WRITE)
    member = require_member(context)
    entry = selectors.entry_for_page(context.brand, entry_id, member)
    action = votes.vote_cast if cast else votes.vote_withdraw
    action(member=member, entry=entry, **_traces(request))
    entry.refresh_from_db(fields=["vote_count"])
    return {
        "entry_id": entry.pk,
        "vote_count": entry.vote_count,
        "has_voted": cast,
        "votes_left": selectors.votes_left(entry.contest, member),
    }


@router.post(
    "/{brand}/entries/{entry_id}/vote",
    response=responses(ContestVoteOut, 201),
    operation_id="contest_votes_cast",
)
def contest_votes_cast(
    request: HttpRequest, brand: BrandSlug, entry_id: Id
) -> Status[dict[str, Any]]:
    """Vote for a design while the public vote is open (once per design, or from a budget)."""
    return Status(201, _vote(request, brand, entry_id, True))


@router.delete(
    "/{brand}/entries/{entry_id}/vote",
    response=responses(None, 204),
    operation_id="contest_votes_withdraw",
)
def contest_votes_withdraw(request: HttpRequest, brand: BrandSlug, entry_id: Id) -> HttpResponse:
    _vote(request, brand, entry_id, False)
    return HttpResponse(status=204)


@router.get(
    "/{brand}/contests/{contest_id}/results",
    response=responses(ResultsOut),
    operation_id="contests_results",
)
def contests_results(request: HttpRequest, brand: BrandSlug, contest_id: Id) -> dict[str, Any]:
    """The published ranking with how it was computed, and the rewards (404 before)."""
    context = brand_context(request, brand)
    contest = selectors.contest_for_members(context.brand, contest_id, context.membership)
    if not perms.results_published(contest) or contest.closed_at is None:
        raise Http404
    placements = [
        {
            "entry_id": p.entry_id,
            "title": p.entry.title,
            "author": {"id": p.entry.author_id, "display_name": p.entry.author.user.public_name},
            "rank": p.rank,
            "votes": p.votes,
            "public_score": p.public_score,
            "jury_score": p.jury_score,
            "final_score": p.final_score,
            "is_winner": p.is_winner,
        }
        for p in selectors.placements_for(contest)
    ]
    rewards = [
        {"member_id": r.member_id, "kind": r.kind, "label": r.label}
        for r in selectors.rewards_for(contest)
    ]
    return {
        "contest_id": contest.pk,
        "published_at": contest.closed_at,
        "placements": placements,
        "rewards": rewards,
    }
