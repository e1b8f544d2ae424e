"""JSON shapes of design contests in the REST API."""

from __future__ import annotations

from datetime import datetime

from ninja import Field, Schema
from pydantic import ConfigDict

from cocrea.api.common import MAX_ID, PageQuery
from cocrea.api.pagination import Page
from cocrea.brands.schemas import MemberRef
from cocrea.campaigns.schemas import PhaseOut


class ContestOut(Schema):
    id: int
    campaign_id: int
    slug: str
    title: str
    objective: str
    product_id: int | None
    phase: str | None
    phases: list[PhaseOut]
    designs_per_member: int
    vote_mode: str
    vote_budget: int | None  # votes per member when the contest has a budget
    votes_left: int | None  # the caller's, with a budget
    finalists: int
    winners: int
    jury_weight: int
    winner_prize: str
    results_published: bool
    created_at: datetime


class ContestPage(Page):
    items: list[ContestOut]


class EntryOut(Schema):
    id: int
    contest_id: int
    title: str
    story: str
    author: MemberRef
    design_id: int | None
    vote_count: int
    has_voted: bool
    is_finalist: bool
    is_hidden: bool
    withdrawn_at: datetime | None
    created_at: datetime
    url: str


class EntryDetailOut(EntryOut):
    svg: str  # the design's picture, sanitised


class EntryPage(Page):
    items: list[EntryOut]


class EntryIn(Schema):
    design_id: int = Field(..., ge=1, le=MAX_ID, description="One of the caller's saved designs")
    title: str = Field(..., max_length=100)
    story: str = Field("", max_length=1000)

    # The example (in the docs, and the fuzz run's first request: its seed has these ids).
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {"design_id": 1, "title": "Sunrise", "story": "Drawn at dawn, on the terrace."}
            ]
        }
    )


class ContestVoteOut(Schema):
    entry_id: int
    vote_count: int
    has_voted: bool
    votes_left: int | None


class PlacementOut(Schema):
    entry_id: int
    title: str
    author: MemberRef
    rank: int
    votes: int
    public_score: float
    jury_score: float
    final_score: float
    is_winner: bool


class ResultRewardOut(Schema):
    member_id: int
    kind: str
    label: str


class ResultsOut(Schema):
    contest_id: int
    published_at: datetime
    placements: list[PlacementOut]
    rewards: list[ResultRewardOut]


class EntryQuery(PageQuery):
    pass
