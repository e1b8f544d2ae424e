"""The brand's answers in the REST API: status history, status changes with official answers,
and merges, over ``ideas.workflow`` (as ``answer_views``). Writes need the admin scope and a
moderator or admin behind the key; authors and followers are notified as from the console."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest
from ninja import Router, Status

from cocrea.api.auth import brand_context, require_member
from cocrea.api.common import BrandSlug, Id, responses
from cocrea.api.models import Scope
from cocrea.ideas import selectors
from cocrea.ideas.models import Idea, StatusChange
from cocrea.ideas.schemas import MergeIn, StatusChangeList, StatusChangeOut, StatusIn
from cocrea.ideas.workflow import idea_merge, idea_set_status, official_answers

router = Router(tags=["answers"])


def change_out(change: StatusChange) -> dict[str, Any]:
    return {
        "id": change.pk,
        "idea_id": change.idea_id,
        "from_status": change.from_status,
        "to_status": change.to_status,
        "answer": change.answer,
        "merged_into_id": change.merged_into_id,
        "actor_name": change.actor.public_name if change.actor is not None else None,
        "created_at": change.created_at,
    }


@router.get(
    "/{brand}/ideas/{idea_id}/status-changes",
    response=responses(StatusChangeList),
    operation_id="answers_list",
)
def answers_list(request: HttpRequest, brand: BrandSlug, idea_id: Id) -> dict[str, Any]:
    """The idea's status history with the brand's official answers, newest first."""
    context = brand_context(request, brand)
    idea = selectors.idea_for_page(context.brand, idea_id, context.membership)
    return {"items": [change_out(change) for change in official_answers(idea)]}


@router.post(
    "/{brand}/ideas/{idea_id}/status",
    response=responses(StatusChangeOut, 201),
    operation_id="answers_set_status",
)
def answers_set_status(
    request: HttpRequest, brand: BrandSlug, idea_id: Id, data: StatusIn
) -> Status[dict[str, Any]]:
    """Move the idea along its workflow with an official answer (required to decline)."""
    context = brand_context(request, brand, Scope.ADMIN)
    member = require_member(context)
    idea = selectors.idea_for_page(context.brand, idea_id, member)
    change = idea_set_status(
        actor_membership=member, idea=idea, to_status=data.to_status, answer=data.answer
    )
    return Status(201, change_out(change))


@router.post(
    "/{brand}/ideas/{idea_id}/merge",
    response=responses(StatusChangeOut, 201),
    operation_id="answers_merge",
)
def answers_merge(
    request: HttpRequest, brand: BrandSlug, idea_id: Id, data: MergeIn
) -> Status[dict[str, Any]]:
    """Merge this idea into ``target_id`` (same campaign): supporters, ratings, comments and
    followers move over, each counted once."""
    context = brand_context(request, brand, Scope.ADMIN)
    member = require_member(context)
    source = selectors.idea_for_page(context.brand, idea_id, member)
    target = Idea.objects.filter(brand=context.brand, pk=data.target_id).first()
    if target is None:
        raise Http404
    change = idea_merge(actor_membership=member, source=source, target=target, answer=data.answer)
    return Status(201, change_out(change))
