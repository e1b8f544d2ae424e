"""JSON shapes of ideas and votes in the REST API."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from ninja import Field, Schema
from pydantic import ConfigDict

from cocrea.api.common import MAX_ID, SyncQuery
from cocrea.api.pagination import Page
from cocrea.brands.schemas import MemberRef
from cocrea.campaigns.schemas import CategoryOut
from cocrea.ideas.comment_services import COMMENT_MAX
from cocrea.ideas.models import Idea
from cocrea.ideas.services import BODY_MAX, TITLE_MAX
from cocrea.ideas.workflow import MAX_ANSWER_CHARS

Sort = Literal["trending", "supported", "newest", "answered"]
Status = Literal[tuple(Idea.Status.values)]  # type: ignore[valid-type]
TagSlugs = list[Annotated[str, Field(max_length=40)]]
Ids = list[Annotated[int, Field(ge=1, le=MAX_ID)]]


class IdeaQuery(SyncQuery):
    """The site's filters and sorts (``ideas.selectors.IdeaFilters``)."""

    sort: Sort = "trending"
    status: Status | None = None  # type: ignore[valid-type]
    category: int | None = Field(None, ge=1, le=MAX_ID)
    tag: str | None = Field(None, max_length=40)
    q: str | None = Field(None, max_length=200, description="Full-text search")


class IdeaOut(Schema):
    id: int
    campaign_id: int
    title: str
    body_text: str
    status: str
    category: CategoryOut | None
    tags: list[str]  # slugs
    author: MemberRef
    support_count: int
    comment_count: int
    rating_count: int
    rating_average: float | None
    has_voted: bool
    is_hidden: bool
    merged_into_id: int | None
    created_at: datetime
    updated_at: datetime
    answered_at: datetime | None
    withdrawn_at: datetime | None
    url: str


class IdeaDetailOut(IdeaOut):
    body: str  # sanitised HTML
    image_urls: list[str]
    my_rating: int | None
    is_following: bool


class IdeaPage(Page):
    items: list[IdeaOut]


class IdeaIn(Schema):
    title: str = Field(..., max_length=TITLE_MAX)
    body: str = Field(..., max_length=BODY_MAX, description="Plain text or simple HTML")
    category_id: int | None = Field(None, ge=1, le=MAX_ID)
    tags: TagSlugs = Field(default_factory=list, max_length=20)


class IdeaPatch(Schema):
    """Only the fields sent change."""

    title: str | None = Field(None, max_length=TITLE_MAX)
    body: str | None = Field(None, max_length=BODY_MAX)
    category_id: int | None = Field(None, ge=1, le=MAX_ID)
    tags: TagSlugs | None = Field(None, max_length=20)
    remove_image_ids: Ids = Field(default_factory=list, max_length=3)


class VoteOut(Schema):
    idea_id: int
    support_count: int
    has_voted: bool


class CommentQuery(SyncQuery):
    pass


class CommentOut(Schema):
    """A comment of a thread: ``parent_id`` links replies to what they answer. A deleted
    comment keeps its place with an empty body; a hidden one shows its body to the team only."""

    id: int
    idea_id: int
    parent_id: int | None
    author: MemberRef
    body: str  # plain text
    is_official: bool
    is_hidden: bool
    is_deleted: bool
    upvote_count: int
    has_upvoted: bool
    created_at: datetime
    edited_at: datetime | None


class CommentPage(Page):
    items: list[CommentOut]


class CommentIn(Schema):
    body: str = Field(..., max_length=COMMENT_MAX)
    parent_id: int | None = Field(None, ge=1, le=MAX_ID, description="The comment answered")


class CommentPatch(Schema):
    body: str = Field(..., max_length=COMMENT_MAX)


class RatingIn(Schema):
    stars: int = Field(..., ge=1, le=5)


class RatingOut(Schema):
    idea_id: int
    stars: int
    rating_count: int
    rating_average: float | None


class FollowOut(Schema):
    idea_id: int
    is_following: bool


class StatusChangeOut(Schema):
    id: int
    idea_id: int
    from_status: str
    to_status: str
    answer: str  # sanitised HTML, empty when the change came without words
    merged_into_id: int | None
    actor_name: str | None
    created_at: datetime


class StatusChangeList(Schema):
    items: list[StatusChangeOut]


class StatusIn(Schema):
    to_status: Literal["under_review", "accepted", "in_development", "launched", "declined"]
    answer: str = Field("", max_length=MAX_ANSWER_CHARS, description="The official answer")


class MergeIn(Schema):
    target_id: int = Field(..., ge=1, le=MAX_ID, description="The idea this one joins")
    answer: str = Field("", max_length=MAX_ANSWER_CHARS)

    # The example (in the docs, and the fuzz run's first request: its seed has these ids).
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {"target_id": 1, "answer": "The same idea as the first one: follow it there."}
            ]
        }
    )
