"""JSON shapes of the insight engine in the REST API (the brand team's)."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from ninja import Field, Schema

from cocrea.api.common import MAX_ID, PageQuery
from cocrea.api.pagination import Page
from cocrea.insights.models import Voice

Channel = Literal[tuple(Voice.Channel.values)]  # type: ignore[valid-type]
Period = Literal["7", "30", "90", "365", "all"]


class InsightQuery(Schema):
    period: Period = Field("30", description="Days back, or all")
    campaign_id: int | None = Field(None, ge=1, le=MAX_ID)
    channel: Channel | None = None  # type: ignore[valid-type]
    language: Literal["fr", "en", "other"] | None = None


class VoiceQuery(PageQuery, InsightQuery):
    theme_id: int | None = Field(None, ge=1, le=MAX_ID)
    sentiment: Literal["positive", "neutral", "negative"] | None = None
    need_only: bool = False


class VoiceOut(Schema):
    id: int
    channel: str
    title: str
    text: str
    language: str
    url: str
    campaign_id: int | None
    idea_id: int | None
    comment_id: int | None
    author_id: int | None  # the membership, when the voice is a member's
    member_tier: str
    sentiment: float | None
    keywords: list[str]
    theme_id: int | None
    created_at: datetime
    analysed_at: datetime | None


class VoicePage(Page):
    items: list[VoiceOut]


class QuoteOut(Schema):
    voice_id: int
    text: str


class ThemeOut(Schema):
    id: int
    label: str
    keyphrases: list[str]
    voices: int  # in the period
    sentiment: float | None
    growth: float  # change of share between the two windows (0.05 = +5 points)
    emerging: bool
    quotes: list[QuoteOut]


class ThemeList(Schema):
    window_days: int
    items: list[ThemeOut]


class NeedQuery(PageQuery, InsightQuery):
    theme_id: int | None = Field(None, ge=1, le=MAX_ID)


class NeedOut(Schema):
    id: int
    voice_id: int
    theme_id: int | None
    sentence: str
    cue: str
    created_at: datetime  # the voice's


class NeedPage(Page):
    items: list[NeedOut]


class DuplicateQuery(Schema):
    min: Literal["0.30", "0.50", "0.70", "0.90"] = Field(
        "0.50", description="Least likelihood that the two ideas are the same request"
    )


class IdeaBrief(Schema):
    id: int
    title: str
    campaign_id: int
    created_at: datetime


class DuplicateOut(Schema):
    older: IdeaBrief
    newer: IdeaBrief
    score: float = Field(description="Likelihood of the same request, 0 to 1 (the pair model)")
    similarity: float = Field(description="Calibrated similarity of the two texts, 0 to 1")
    reasons: list[str] = Field(description="Why, in words, in the caller's language")


class DuplicateList(Schema):
    items: list[DuplicateOut]
