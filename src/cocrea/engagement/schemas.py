"""JSON shapes of the engagement ledger and rewards in the REST API."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Literal

from ninja import Field, Schema
from pydantic import ConfigDict

from cocrea.api.common import MAX_ID, PageQuery
from cocrea.api.pagination import Page
from cocrea.engagement.models import Kind, Reward

EventKind = Literal[tuple(Kind.values)]  # type: ignore[valid-type]
RewardKind = Literal[tuple(Reward.Kind.values)]  # type: ignore[valid-type]


class EventQuery(PageQuery):
    member_id: int | None = Field(None, ge=1, le=MAX_ID, description="Only this member's (team)")
    kind: EventKind | None = None  # type: ignore[valid-type]
    occurred_since: datetime | None = None


class EventOut(Schema):
    id: int
    member_id: int
    kind: str
    weight: float
    actor_id: int | None
    idea_id: int | None
    comment_id: int | None
    reverses_id: int | None  # set on a reversal (a withdrawn vote)
    occurred_at: datetime
    created_at: datetime


class EventPage(Page):
    items: list[EventOut]


class EventIn(Schema):
    member_id: int = Field(..., ge=1, le=MAX_ID)
    kind: Literal["event_attended", "instore_signal", "recommendation"]
    occurred_at: datetime | None = Field(None, description="When it happened (default: now)")


class EventsCreated(Schema):
    ids: list[int]


class RewardQuery(PageQuery):
    member_id: int | None = Field(None, ge=1, le=MAX_ID, description="Only this member's (team)")


class RewardOut(Schema):
    id: int
    member_id: int
    kind: str
    label: str
    amount: Decimal | None
    currency: str
    source: str
    reference: str
    created_at: datetime


class RewardPage(Page):
    items: list[RewardOut]


class RewardIn(Schema):
    member_id: int = Field(..., ge=1, le=MAX_ID)
    kind: RewardKind  # type: ignore[valid-type]
    label: str = Field(..., max_length=120)
    amount: Decimal | None = Field(None, ge=0, max_digits=12, decimal_places=2)
    currency: str = Field("", max_length=3)
    source: str = Field("", max_length=200)
    reference: str = Field("", max_length=40, description="The origin, e.g. contest:12")

    # The example (in the docs, and the fuzz run's first request: its seed has these ids).
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [{"member_id": 2, "kind": "badge", "label": "Idea of the month"}]
        }
    )
