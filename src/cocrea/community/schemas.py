"""JSON shapes of community stories, questions and answers in the REST API."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from ninja import Field, Schema
from pydantic import ConfigDict

from cocrea.api.common import SyncQuery
from cocrea.api.pagination import Page
from cocrea.brands.schemas import MemberRef

TagSlugs = list[Annotated[str, Field(max_length=40)]]


class StoryQuery(SyncQuery):
    sort: Literal["newest", "discussed"] = "newest"
    tag: str | None = Field(None, max_length=40)


class StoryOut(Schema):
    id: int
    title: str
    body_text: str
    author: MemberRef
    tags: list[str]
    figures: dict[str, Any]
    comment_count: int
    rating_count: int
    rating_average: float | None
    is_hidden: bool
    created_at: datetime
    updated_at: datetime


class StoryCommentOut(Schema):
    id: int
    author: MemberRef
    body: str
    created_at: datetime


class StoryDetailOut(StoryOut):
    body: str  # sanitised HTML
    photo_urls: list[str]
    my_stars: int | None
    comments: list[StoryCommentOut]


class StoryPage(Page):
    items: list[StoryOut]


class StoryIn(Schema):
    title: str = Field(..., max_length=140)
    body: str = Field(..., max_length=20_000)
    figures: dict[str, Any] = Field(default_factory=dict, max_length=20)
    tags: TagSlugs = Field(default_factory=list, max_length=20)

    # The example (in the docs, and the fuzz run's first request: its seed has these ids).
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [{"title": "My morning cup", "body": "Every day at seven, on the balcony."}]
        }
    )


class StoryCommentIn(Schema):
    body: str = Field(..., max_length=5_000)


class StoryRatingIn(Schema):
    stars: int = Field(..., ge=1, le=5)


class StoryRatingOut(Schema):
    story_id: int
    stars: int
    rating_count: int
    rating_average: float | None


class QuestionQuery(SyncQuery):
    state: Literal["unanswered", "answered", "resolved"] | None = None
    tag: str | None = Field(None, max_length=40)


class QuestionOut(Schema):
    id: int
    title: str
    body_text: str
    author: MemberRef
    tags: list[str]
    answer_count: int
    resolved_at: datetime | None
    is_hidden: bool
    created_at: datetime


class AnswerOut(Schema):
    id: int
    question_id: int
    author: MemberRef
    body: str  # sanitised HTML
    upvote_count: int
    has_upvoted: bool
    is_helpful: bool
    is_hidden: bool
    created_at: datetime


class QuestionDetailOut(QuestionOut):
    body: str  # sanitised HTML
    answers: list[AnswerOut]  # the helpful one first, then by up-votes


class QuestionPage(Page):
    items: list[QuestionOut]


class QuestionIn(Schema):
    title: str = Field(..., max_length=160)
    body: str = Field("", max_length=20_000)
    tags: TagSlugs = Field(default_factory=list, max_length=20)


class AnswerIn(Schema):
    body: str = Field(..., max_length=20_000)

    model_config = ConfigDict(json_schema_extra={"examples": [{"body": "The medium one."}]})
