"""The engagement ledger and the rewards in the REST API: the brand team reads the brand's (and
credits brand-side behaviours, grants rewards); a member reads their own."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from ninja import Query, Router, Status

from cocrea.api.auth import BrandContext, brand_context, is_team_call, require_member, require_team
from cocrea.api.common import BrandSlug, aware, responses
from cocrea.api.pagination import list_page
from cocrea.brands.models import Brand, Membership
from cocrea.engagement.events import brand_event_record
from cocrea.engagement.models import EngagementEvent, Reward
from cocrea.engagement.rewards import reward_grant
from cocrea.engagement.schemas import (
    EventIn,
    EventPage,
    EventQuery,
    EventsCreated,
    RewardIn,
    RewardOut,
    RewardPage,
    RewardQuery,
)

router = Router(tags=["engagement"])


def _member_of(brand: Brand, member_id: int) -> Membership:
    member = Membership.objects.filter(brand=brand, pk=member_id).select_related("user").first()
    if member is None:
        raise Http404  # another brand's member id included
    return member


def _scoped(rows: QuerySet, context: BrandContext, member_id: int | None) -> QuerySet:
    """The team sees the brand's rows (optionally one member's); a member only their own."""
    if is_team_call(context):
        return rows.filter(member_id=member_id) if member_id is not None else rows
    own = require_member(context)
    if member_id is not None and member_id != own.pk:
        raise Http404
    return rows.filter(member=own)


def event_out(event: EngagementEvent) -> dict[str, Any]:
    return {
        "id": event.pk,
        "member_id": event.member_id,
        "kind": event.kind,
        "weight": event.weight,
        "actor_id": event.actor_id,
        "idea_id": event.idea_id,
        "comment_id": event.comment_id,
        "reverses_id": event.reverses_id,
        "occurred_at": event.occurred_at,
        "created_at": event.created_at,
    }


@router.get(
    "/{brand}/engagement-events", response=responses(EventPage), operation_id="engagement_list"
)
def engagement_list(
    request: HttpRequest, brand: BrandSlug, query: Query[EventQuery]
) -> dict[str, Any]:
    """The append-only ledger, newest first (reversals included: sum the weights)."""
    context = brand_context(request, brand)
    events = _scoped(EngagementEvent.objects.filter(brand=context.brand), context, query.member_id)
    if query.kind:
        events = events.filter(kind=query.kind)
    if query.occurred_since is not None:
        events = events.filter(occurred_at__gte=aware(query.occurred_since))
    return list_page(events, ("-occurred_at", "-id"), query, tag="events", out=event_out)


@router.post(
    "/{brand}/engagement-events",
    response=responses(EventsCreated, 201),
    operation_id="engagement_create",
)
def engagement_create(
    request: HttpRequest, brand: BrandSlug, data: EventIn
) -> Status[dict[str, Any]]:
    """Credit a member with a brand-side behaviour: an event attended, an in-store signal, a
    recommendation (the brand team, admin scope)."""
    context = brand_context(request, brand)
    actor = require_team(context, write=True)
    member = _member_of(context.brand, data.member_id)
    ids = brand_event_record(
        actor=actor, member=member, kind=data.kind, occurred_at=aware(data.occurred_at)
    )
    return Status(201, {"ids": ids})


def reward_out(reward: Reward) -> dict[str, Any]:
    return {
        "id": reward.pk,
        "member_id": reward.member_id,
        "kind": reward.kind,
        "label": reward.label,
        "amount": reward.amount,
        "currency": reward.currency,
        "source": reward.source,
        "reference": reward.reference,
        "created_at": reward.created_at,
    }


@router.get("/{brand}/rewards", response=responses(RewardPage), operation_id="rewards_list")
def rewards_list(
    request: HttpRequest, brand: BrandSlug, query: Query[RewardQuery]
) -> dict[str, Any]:
    """The rewards ledger, newest first."""
    context = brand_context(request, brand)
    rewards = _scoped(Reward.objects.filter(brand=context.brand), context, query.member_id)
    return list_page(rewards, ("-created_at", "-id"), query, tag="rewards", out=reward_out)


@router.post("/{brand}/rewards", response=responses(RewardOut, 201), operation_id="rewards_grant")
def rewards_grant(request: HttpRequest, brand: BrandSlug, data: RewardIn) -> Status[dict[str, Any]]:
    """Grant a member a reward (brand admins, admin scope); the member is notified."""
    context = brand_context(request, brand)
    actor = require_team(context, write=True)
    member = _member_of(context.brand, data.member_id)
    reward = reward_grant(
        member=member,
        kind=data.kind,
        label=data.label,
        amount=data.amount,
        currency=data.currency,
        source=data.source,
        reference=data.reference,
        actor=actor,
    )
    return Status(201, reward_out(reward))
