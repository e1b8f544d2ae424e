"""JSON shapes of influencers' spaces, their polls and syntheses in the REST API."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from ninja import Field, Schema
from pydantic import ConfigDict

from cocrea.api.common import PageQuery
from cocrea.api.pagination import Page
from cocrea.brands.schemas import MemberRef

Ref = Annotated[str, Field(max_length=40, pattern=r"^(quote|poll|picture|theme):[0-9]{1,18}$")]


class SpaceOut(Schema):
    id: int
    title: str
    influencer: MemberRef
    visibility: str
    follower_count: int
    capsule: str | None


class SpaceDetailOut(SpaceOut):
    bio: str
    links: list[str]
    photo_url: str | None
    follows: bool


class SpacePage(Page):
    items: list[SpaceOut]


class PollLineOut(Schema):
    key: int
    label: str
    count: int
    percent: int


class PollOut(Schema):
    id: int
    question: str
    kind: str
    options: list[PollLineOut]
    closes_at: datetime | None
    is_open: bool
    has_voted: bool
    total: int | None  # None while the viewer may not see the results yet
    average: float | None


class PollPage(Page):
    items: list[PollOut]


class VoteIn(Schema):
    options: list[int] = Field(default_factory=list, max_length=10)
    value: int | None = Field(None, ge=1, le=5)

    # The example (in the docs, and the fuzz run's first request: its seed has these ids).
    model_config = ConfigDict(json_schema_extra={"examples": [{"options": [1]}]})


class EvidenceOut(Schema):
    kind: str
    withdrawn: bool
    quote: str
    who: str
    poll_id: int | None
    label: str


class ClaimOut(Schema):
    id: int
    kind: str
    text: str
    decision: str
    reply: str
    evidence: list[EvidenceOut]


class SynthesisOut(Schema):
    id: int
    space_id: int
    title: str
    version: int
    updated_at: datetime


class SynthesisDetailOut(SynthesisOut):
    claims: list[ClaimOut]


class SynthesisPage(Page):
    items: list[SynthesisOut]


class ClaimIn(Schema):
    kind: Literal["must_have", "no_go", "open"]
    text: str = Field(..., max_length=300)
    evidence: list[Ref] = Field(..., max_length=12)


_SYNTHESIS: dict[str, Any] = {
    "title": "What the community wants",
    "claims": [{"kind": "must_have", "text": "Deep pockets", "evidence": ["picture:1"]}],
}


class SynthesisIn(Schema):
    title: str = Field(..., max_length=140)
    claims: list[ClaimIn] = Field(..., max_length=30)

    model_config = ConfigDict(json_schema_extra={"examples": [_SYNTHESIS]})


class SynthesisVersionIn(SynthesisIn):
    expected_version: int = Field(..., ge=1, le=2**31 - 1)

    model_config = ConfigDict(
        json_schema_extra={"examples": [{**_SYNTHESIS, "expected_version": 1}]}
    )


class DecisionIn(Schema):
    decision: Literal["accepted", "questioned"]
    reply: str = Field("", max_length=2000)


SpaceQuery = PageQuery
