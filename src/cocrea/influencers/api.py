"""Influencers' spaces, their polls and syntheses in the REST API, over the same selectors,
predicates and services as the pages: a followers-only space answers 404 to whoever may not
see it, a vote counts once (409 for a second), a synthesis names the version it was written
on (409 if someone saved meanwhile), the brand's team decides on claims."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest
from ninja import Query, Router, Status

from cocrea.api.auth import brand_context, require_member
from cocrea.api.common import BrandSlug, Id, PageQuery, responses
from cocrea.api.models import Scope
from cocrea.api.pagination import list_page
from cocrea.brands.models import Membership
from cocrea.core import ratelimit
from cocrea.influencers import permissions as perms
from cocrea.influencers import selectors, services
from cocrea.influencers.models import Claim, Space, Synthesis
from cocrea.influencers.schemas import (
    ClaimOut,
    DecisionIn,
    PollOut,
    PollPage,
    SpaceDetailOut,
    SpacePage,
    SynthesisDetailOut,
    SynthesisIn,
    SynthesisPage,
    SynthesisVersionIn,
    VoteIn,
)
from cocrea.influencers.synthesis import ClaimInput, claim_decide, synthesis_save
from cocrea.polls import permissions as poll_perms
from cocrea.polls.models import Poll
from cocrea.polls.selectors import Results, polls_results, with_viewer
from cocrea.polls.services import poll_vote

router = Router(tags=["influencers"])


def _ref(member: Membership) -> dict[str, Any]:
    return {"id": member.pk, "display_name": member.user.public_name}


def space_out(space: Space) -> dict[str, Any]:
    partnership = space.partnership
    return {
        "id": space.pk,
        "title": space.title,
        "influencer": _ref(space.influencer),
        "visibility": space.visibility,
        "follower_count": space.follower_count,
        "capsule": partnership.capsule_name if partnership is not None else None,
    }


def _visible(request: HttpRequest, brand: str, space_id: int, scope: str = Scope.READ) -> Any:
    """The brand's context and the space, and whether the caller follows it; 404 to whoever
    may not see it (``permissions.can_view_space``, as the pages)."""
    context = brand_context(request, brand, scope)
    space = selectors.space_for_page(context.brand, space_id)
    follows = services.follows(space, context.membership)
    if not perms.can_view_space(context.brand, space, context.membership, follows=follows):
        raise Http404
    return context, space, follows


@router.get("/{brand}/spaces", response=responses(SpacePage), operation_id="spaces_list")
def spaces_list(request: HttpRequest, brand: BrandSlug, query: Query[PageQuery]) -> dict[str, Any]:
    """The brand's spaces as its page lists them (a followers-only one shows its name only)."""
    context = brand_context(request, brand)
    spaces = selectors.spaces_for_list(context.brand)
    return list_page(spaces, ("title", "id"), query, tag="spaces", out=space_out)


@router.get(
    "/{brand}/spaces/{space_id}", response=responses(SpaceDetailOut), operation_id="spaces_get"
)
def spaces_get(request: HttpRequest, brand: BrandSlug, space_id: Id) -> dict[str, Any]:
    _context, space, follows = _visible(request, brand, space_id)
    photo = space.photo.url if space.photo else None
    links = [str(link) for link in space.links] if isinstance(space.links, list) else []
    return space_out(space) | {
        "bio": space.bio,
        "links": links,
        "photo_url": photo,
        "follows": follows,
    }


def polls_out(polls: list[Poll], member: Membership | None) -> list[dict[str, Any]]:
    """A page of polls: the results of those the caller may see, read in one query."""
    shown = [
        poll
        for poll in polls
        if poll_perms.can_see_results(poll, member, voted=bool(getattr(poll, "has_voted", False)))
    ]
    results = polls_results(shown)
    return [poll_out(poll, member, results.get(poll.pk)) for poll in polls]


def poll_out(poll: Poll, member: Membership | None, results: Results | None) -> dict[str, Any]:
    voted = bool(getattr(poll, "has_voted", False))
    if results is not None:
        lines = [(line.key, str(line.label), line.count, line.percent) for line in results.lines]
    elif poll.kind == Poll.Kind.SCALE:
        lines = [(v, str(v), 0, 0) for v in range(1, 6)]
    else:
        lines = [(o.pk, str(o.label), 0, 0) for o in poll.options.all()]
    return {
        "id": poll.pk,
        "question": poll.question,
        "kind": poll.kind,
        "options": [
            {"key": key, "label": label, "count": count, "percent": percent}
            for key, label, count, percent in lines
        ],
        "closes_at": poll.closes_at,
        "is_open": poll_perms.is_open(poll),
        "has_voted": voted,
        "total": results.total if results is not None else None,
        "average": results.average if results is not None else None,
    }


@router.get(
    "/{brand}/spaces/{space_id}/polls",
    response=responses(PollPage),
    operation_id="space_polls_list",
)
def space_polls_list(
    request: HttpRequest, brand: BrandSlug, space_id: Id, query: Query[PageQuery]
) -> dict[str, Any]:
    """Her polls, newest first, with their results once the caller may see them."""
    context, space, _follows = _visible(request, brand, space_id)
    member = context.membership
    polls = with_viewer(Poll.objects.filter(round__space=space), member).prefetch_related("options")

    def out_page(page: list[Poll]) -> list[dict[str, Any]]:
        return polls_out(page, member)

    return list_page(polls, ("-created_at", "-id"), query, tag="space-polls", out_page=out_page)


@router.post(
    "/{brand}/spaces/{space_id}/polls/{poll_id}/votes",
    response=responses(PollOut, 201),
    operation_id="space_polls_vote",
)
def space_polls_vote(
    request: HttpRequest, brand: BrandSlug, space_id: Id, poll_id: Id, data: VoteIn
) -> Status[dict[str, Any]]:
    """Vote once: ``options`` (answer ids) or ``value`` (1 to 5). A second vote, from another
    tab or a retried request, is 409 ``already_voted`` and counts nothing."""
    context, space, _follows = _visible(request, brand, space_id, Scope.WRITE)
    member = require_member(context)
    poll = selectors.space_poll(space, poll_id, member)
    ratelimit.hit("vote_cast", f"m{member.pk}")
    poll_vote(member=member, poll=poll, option_ids=data.options, value=data.value)
    poll = with_viewer(Poll.objects.filter(pk=poll.pk), member).prefetch_related("options").get()
    return Status(201, polls_out([poll], member)[0])


def synthesis_out(synthesis: Synthesis) -> dict[str, Any]:
    return {
        "id": synthesis.pk,
        "space_id": synthesis.space_id,
        "title": synthesis.title,
        "version": synthesis.version,
        "updated_at": synthesis.updated_at,
    }


def claim_out(claim: Claim) -> dict[str, Any]:
    evidence = []
    for citation in claim.citations.all():
        seen = selectors.evidence(citation)
        evidence.append(
            {
                "kind": seen.kind,
                "withdrawn": seen.withdrawn,
                "quote": seen.quote,  # empty when withdrawn: never quoted
                "who": seen.who,
                "poll_id": seen.poll.pk if seen.poll is not None else None,
                "label": seen.label,
            }
        )
    return {
        "id": claim.pk,
        "kind": claim.kind,
        "text": claim.text,
        "decision": claim.decision,
        "reply": claim.reply,
        "evidence": evidence,
    }


def synthesis_detail_out(space: Space, synthesis_id: int) -> dict[str, Any]:
    synthesis = selectors.synthesis_for_page(space, synthesis_id)
    claims = [claim_out(claim) for claim in synthesis.claims.all()]
    return synthesis_out(synthesis) | {"claims": claims}


@router.get(
    "/{brand}/spaces/{space_id}/syntheses",
    response=responses(SynthesisPage),
    operation_id="syntheses_list",
)
def syntheses_list(
    request: HttpRequest, brand: BrandSlug, space_id: Id, query: Query[PageQuery]
) -> dict[str, Any]:
    _context, space, _follows = _visible(request, brand, space_id)
    rows = Synthesis.objects.filter(space=space)
    return list_page(rows, ("-updated_at", "-id"), query, tag="syntheses", out=synthesis_out)


@router.get(
    "/{brand}/spaces/{space_id}/syntheses/{synthesis_id}",
    response=responses(SynthesisDetailOut),
    operation_id="syntheses_get",
)
def syntheses_get(
    request: HttpRequest, brand: BrandSlug, space_id: Id, synthesis_id: Id
) -> dict[str, Any]:
    """Each claim next to its evidence; a quote or picture hidden since is ``withdrawn``."""
    _context, space, _follows = _visible(request, brand, space_id)
    return synthesis_detail_out(space, synthesis_id)


def _claims(data: SynthesisIn) -> list[ClaimInput]:
    return [ClaimInput(kind=c.kind, text=c.text, evidence=list(c.evidence)) for c in data.claims]


@router.post(
    "/{brand}/spaces/{space_id}/syntheses",
    response=responses(SynthesisDetailOut, 201),
    operation_id="syntheses_create",
)
def syntheses_create(
    request: HttpRequest, brand: BrandSlug, space_id: Id, data: SynthesisIn
) -> Status[dict[str, Any]]:
    """She writes a synthesis: claims, each citing evidence of her space (``quote:<id>``,
    ``poll:<id>``, ``picture:<id>``, ``theme:<id>``)."""
    context, space, _follows = _visible(request, brand, space_id, Scope.WRITE)
    member = require_member(context)
    saved = synthesis_save(actor=member, space=space, title=data.title, claims=_claims(data))
    return Status(201, synthesis_detail_out(space, saved.pk))


@router.put(
    "/{brand}/spaces/{space_id}/syntheses/{synthesis_id}",
    response=responses(SynthesisDetailOut),
    operation_id="syntheses_update",
)
def syntheses_update(
    request: HttpRequest,
    brand: BrandSlug,
    space_id: Id,
    synthesis_id: Id,
    data: SynthesisVersionIn,
) -> dict[str, Any]:
    """A new version, if nobody saved since ``expected_version`` (else 409 ``stale_version``)."""
    context, space, _follows = _visible(request, brand, space_id, Scope.WRITE)
    member = require_member(context)
    synthesis = selectors.synthesis_for_page(space, synthesis_id)
    synthesis_save(
        actor=member,
        space=space,
        title=data.title,
        claims=_claims(data),
        synthesis=synthesis,
        expected_version=data.expected_version,
    )
    return synthesis_detail_out(space, synthesis_id)


@router.post(
    "/{brand}/claims/{claim_id}/decision",
    response=responses(ClaimOut),
    operation_id="claims_decide",
)
def claims_decide(
    request: HttpRequest, brand: BrandSlug, claim_id: Id, data: DecisionIn
) -> dict[str, Any]:
    """The brand's team accepts or questions a claim (a question needs a reply)."""
    context = brand_context(request, brand, Scope.WRITE)
    member = require_member(context)
    claim = selectors.claim_for_decision(context.brand, claim_id)
    claim_decide(actor=member, claim=claim, decision=data.decision, reply=data.reply)
    return claim_out(Claim.objects.prefetch_related("citations").get(pk=claim.pk))
