"""Reads for the community: story and question lists, their pages, the personal feed.

Lists fetch one row more than shown instead of counting (``ideas.selectors.page_of``); the
viewer's state (rated, up-voted, followed) is annotated with ``Exists`` so a page costs the same
number of queries whatever its length.
"""

from __future__ import annotations

import heapq
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db.models import (
    BooleanField,
    Exists,
    F,
    FloatField,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Cast, NullIf
from django.shortcuts import get_object_or_404

from cocrea.brands.models import Brand, Membership
from cocrea.brands.permissions import is_moderator
from cocrea.campaigns.models import Campaign, Invitation
from cocrea.community.models import (
    Answer,
    AnswerVote,
    MemberFollow,
    Question,
    Story,
    StoryComment,
    StoryRating,
    TopicFollow,
)
from cocrea.ideas.models import Idea
from cocrea.ideas.selectors import IdeaPage

PAGE_SIZE = 20
MAX_PAGE = 5_000


def page_of(rows: QuerySet[Any], number: int, size: int = PAGE_SIZE) -> IdeaPage:
    """One page by offset, fetching ``size + 1`` rows to learn whether a next page exists."""
    number = min(max(number, 1), MAX_PAGE)
    start = (number - 1) * size
    fetched = list(rows[start : start + size + 1])
    return IdeaPage(items=fetched[:size], number=number, has_next=len(fetched) > size)


STORY_SORTS: dict[str, tuple[Any, ...]] = {
    "newest": ("-created_at", "-id"),
    "top": (F("rating_avg").desc(nulls_last=True), "-rating_count", "-id"),
    "discussed": ("-comment_count", "-id"),
}
QUESTION_FILTERS = ("", "unanswered", "answered", "resolved")
FEED_SIZE = 20


def _visible(rows: QuerySet[Any], membership: Membership | None) -> QuerySet[Any]:
    if is_moderator(membership):
        return rows
    if membership is None:
        return rows.filter(is_hidden=False)
    return rows.filter(Q(is_hidden=False) | Q(author=membership))


# --- Stories ------------------------------------------------------------------------------


def stories_for_list(
    brand: Brand, membership: Membership | None, *, sort: str = "newest", tag: str = ""
) -> QuerySet[Story]:
    stories = _visible(Story.objects.filter(brand=brand), membership)
    if tag:
        stories = stories.filter(tags__slug=tag)
    stories = stories.select_related("author__user").prefetch_related("tags", "photos")
    stories = stories.defer("body").annotate(
        rating_avg=Cast(F("rating_sum"), FloatField()) / NullIf(F("rating_count"), 0)
    )
    return stories.order_by(*STORY_SORTS.get(sort, STORY_SORTS["newest"]))


def story_for_page(brand: Brand, story_id: int, membership: Membership | None) -> Story:
    stories = Story.objects.filter(brand=brand).select_related("author__user", "brand")
    stories = stories.prefetch_related(
        "tags",
        "photos",
        Prefetch("comments", queryset=StoryComment.objects.select_related("author__user")),
    )
    if membership is not None:
        mine = StoryRating.objects.filter(story=OuterRef("pk"), member=membership)
        stories = stories.annotate(
            my_stars=Subquery(mine.values("stars")[:1], output_field=IntegerField())
        )
    return get_object_or_404(_visible(stories, membership), pk=story_id)


# --- Questions ----------------------------------------------------------------------------


def questions_for_list(
    brand: Brand, membership: Membership | None, *, state: str = "", tag: str = ""
) -> QuerySet[Question]:
    questions = _visible(Question.objects.filter(brand=brand), membership)
    if state == "unanswered":
        questions = questions.filter(answer_count=0)
    elif state == "answered":
        questions = questions.filter(answer_count__gt=0)
    elif state == "resolved":
        questions = questions.filter(resolved_at__isnull=False)
    if tag:
        questions = questions.filter(tags__slug=tag)
    questions = questions.select_related("author__user").prefetch_related("tags")
    return questions.defer("body").order_by("-created_at", "-id")


def question_for_page(brand: Brand, question_id: int, membership: Membership | None) -> Question:
    questions = Question.objects.filter(brand=brand).select_related("author__user", "brand")
    question = get_object_or_404(_visible(questions, membership), pk=question_id)
    answers = _visible(Answer.objects.filter(question=question), membership)
    answers = answers.select_related("author__user")
    if membership is not None:
        voted = AnswerVote.objects.filter(answer=OuterRef("pk"), member=membership)
        answers = answers.annotate(has_upvoted=Exists(voted))
    else:
        answers = answers.annotate(has_upvoted=Value(False, output_field=BooleanField()))
    question.answer_list = list(answers.order_by("-is_helpful", "-upvote_count", "created_at"))  # type: ignore[attr-defined]
    return question


def answer_in_brand(brand: Brand, answer_id: int) -> Answer:
    answers = Answer.objects.filter(question__brand=brand).select_related(
        "question__brand", "author"
    )
    return get_object_or_404(answers, pk=answer_id)


# --- Follows and the feed -----------------------------------------------------------------


def follow_state(member: Membership | None, *, followed: Membership | None = None) -> bool:
    if member is None or followed is None:
        return False
    return MemberFollow.objects.filter(follower=member, followed=followed).exists()


def followed_tag_ids(member: Membership | None) -> set[int]:
    if member is None:
        return set()
    return set(TopicFollow.objects.filter(member=member).values_list("tag_id", flat=True))


@dataclass(frozen=True)
class FeedItem:
    kind: str  # "idea", "story" or "question"
    created_at: datetime
    obj: Any


@dataclass(frozen=True)
class FeedPage:
    items: list[FeedItem]
    next_cursor: str  # "" when there is nothing older


RANK = {"question": 0, "story": 1, "idea": 2}  # the tie-break between kinds at one instant


def parse_cursor(raw: str) -> tuple[datetime, int, int] | None:
    """``"<iso time>~<kind rank>~<id>"`` of the last item shown; None if absent or invalid."""
    try:
        moment, rank, pk = raw.split("~")
        when = datetime.fromisoformat(moment)
        parsed = when, int(rank), int(pk)
    except (ValueError, TypeError):
        return None
    return parsed if when.tzinfo is not None and abs(parsed[2]) < 2**62 else None


def _older(rows: QuerySet[Any], kind: str, cursor: tuple[datetime, int, int] | None) -> Any:
    """Rows after the cursor in the order (created_at, kind rank, id), newest first."""
    if cursor is None:
        return rows
    moment, rank, pk = cursor
    if RANK[kind] < rank:
        return rows.filter(created_at__lte=moment)
    if RANK[kind] == rank:
        return rows.filter(Q(created_at__lt=moment) | Q(created_at=moment, pk__lt=pk))
    return rows.filter(created_at__lt=moment)


def _followed_q(member: Membership) -> Q:
    """Authored by a followed member, or tagged with a followed topic (two subqueries)."""
    followed = MemberFollow.objects.filter(follower=member).values("followed_id")
    topics = TopicFollow.objects.filter(member=member).values("tag_id")
    return Q(author_id__in=Subquery(followed)) | Q(tags__in=Subquery(topics))


def _feed_sources(member: Membership) -> dict[str, QuerySet[Any]]:
    brand_id, followed = member.brand_id, _followed_q(member)
    invited = Invitation.objects.filter(campaign=OuterRef("campaign_id"), member=member)
    ideas = Idea.objects.filter(brand_id=brand_id, is_hidden=False, withdrawn_at=None)
    ideas = ideas.exclude(status=Idea.Status.MERGED)
    if not is_moderator(member):
        ideas = ideas.filter(~Q(campaign__visibility=Campaign.Visibility.INVITED) | Exists(invited))
    stories = Story.objects.filter(brand_id=brand_id, is_hidden=False)
    questions = Question.objects.filter(brand_id=brand_id, is_hidden=False)
    # One's own contributions are not news.
    ideas = ideas.exclude(author=member)
    stories = stories.exclude(author=member)
    questions = questions.exclude(author=member)
    return {
        "idea": ideas.filter(followed).defer("body").select_related("campaign"),
        "story": stories.filter(followed).defer("body").prefetch_related("photos"),
        "question": questions.filter(followed).defer("body"),
    }


def feed_page(member: Membership, *, cursor: str = "", size: int = FEED_SIZE) -> FeedPage:
    """What ``member`` follows, newest first, by keyset: each source reads ``size + 1`` rows
    older than the cursor (three indexed queries plus prefetches), merged in Python."""
    after = parse_cursor(cursor)
    streams = []
    for kind, rows in _feed_sources(member).items():
        rows = _older(rows.distinct(), kind, after).select_related("author__user")
        rows = rows.prefetch_related("tags").order_by("-created_at", "-id")[: size + 1]
        streams.append([FeedItem(kind, row.created_at, row) for row in rows])
    key = lambda item: (item.created_at, RANK[item.kind], item.obj.pk)  # noqa: E731
    merged = list(heapq.merge(*streams, key=key, reverse=True))
    shown = merged[:size]
    next_cursor = ""
    if len(merged) > size and shown:
        last = shown[-1]
        next_cursor = f"{last.created_at.isoformat()}~{RANK[last.kind]}~{last.obj.pk}"
    return FeedPage(items=shown, next_cursor=next_cursor)
