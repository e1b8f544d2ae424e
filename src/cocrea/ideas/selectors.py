"""Reads for ideas: the campaign page list, the idea page and its comment thread.

Querysets come with the viewer's state (``has_voted``…) annotated by ``Exists``, so a page costs
the same number of queries whatever the number of ideas. Pages use an indexed ORDER BY with an
offset and fetch one row more than shown instead of counting: no ``COUNT(*)`` on 100k ideas.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.contrib.postgres.search import SearchQuery
from django.db import connections
from django.db.models import BooleanField, Exists, OuterRef, Q, QuerySet, Subquery, Value
from django.http import Http404
from django.shortcuts import get_object_or_404

from cocrea.brands.models import Brand, Membership
from cocrea.brands.permissions import is_moderator
from cocrea.campaigns.cache import campaign_by_id, campaign_by_slug
from cocrea.campaigns.models import Campaign
from cocrea.ideas.models import (
    Comment,
    CommentVote,
    Follow,
    Idea,
    IdeaSearch,
    Rating,
    StatusChange,
    Vote,
)
from cocrea.ideas.permissions import can_view_idea

PAGE_SIZE = 20
MAX_PAGE = 5_000  # deeper offsets cost more than anyone reads; search instead
MAX_COMMENT_DEPTH = 4
SORTS: dict[str, tuple[str, ...]] = {
    "trending": ("-trending_score", "-id"),
    "supported": ("-support_count", "-id"),
    "newest": ("-created_at", "-id"),
    "answered": ("-answered_at", "-id"),
}


@dataclass(frozen=True)
class IdeaFilters:
    sort: str = "trending"
    status: str = ""
    category: int | None = None
    tag: str = ""
    q: str = ""


@dataclass
class IdeaPage:
    items: list[Idea]
    number: int
    has_next: bool

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def next_number(self) -> int:
        return self.number + 1

    @property
    def previous_number(self) -> int:
        return self.number - 1


def campaign_for_page(brand: Brand, slug: str) -> Campaign:
    """The brand's idea campaign with phases and categories prefetched, or 404 (a contest has
    its own pages). Through the object cache (``campaigns.cache``)."""
    campaign = campaign_by_slug(brand, slug, Campaign.Kind.IDEAS)
    if campaign is None:
        raise Http404
    return campaign


def _with_viewer_state(ideas: QuerySet[Idea], membership: Membership | None) -> QuerySet[Idea]:
    if membership is None:
        return ideas.annotate(has_voted=Value(False, output_field=BooleanField()))
    voted = Vote.objects.filter(idea=OuterRef("pk"), member=membership)
    return ideas.annotate(has_voted=Exists(voted))


def _search(ideas: QuerySet[Idea], q: str) -> QuerySet[Idea]:
    if connections[ideas.db].vendor == "postgresql":  # the documents of ideas_ideasearch
        query = SearchQuery(q, config="simple", search_type="websearch")
        return ideas.filter(pk__in=IdeaSearch.objects.filter(document=query).values("idea_id"))
    return ideas.filter(Q(title__icontains=q) | Q(body_text__icontains=q))


def _filtered(ideas: QuerySet[Idea], filters: IdeaFilters) -> QuerySet[Idea]:
    if filters.status:
        ideas = ideas.filter(status=filters.status)
    else:
        ideas = ideas.exclude(status=Idea.Status.MERGED)
    if filters.category is not None:
        ideas = ideas.filter(category_id=filters.category)
    if filters.tag:
        ideas = ideas.filter(tags__slug=filters.tag)
    if filters.sort == "answered":
        ideas = ideas.filter(answered_at__isnull=False)
    if filters.q:
        ideas = _search(ideas, filters.q)
    return ideas


def ideas_for_campaign(
    campaign: Campaign, membership: Membership | None, filters: IdeaFilters = IdeaFilters()
) -> QuerySet[Idea]:
    """The campaign's listed ideas (never withdrawn; hidden ones for moderators only)."""
    ideas = Idea.objects.filter(campaign=campaign, withdrawn_at=None)
    if not is_moderator(membership):
        ideas = ideas.filter(is_hidden=False)
    ideas = _filtered(ideas, filters)
    ideas = ideas.select_related("author__user", "category").prefetch_related("tags")
    ideas = ideas.defer("body")  # rows show an excerpt of body_text; the HTML stays on disk
    return _with_viewer_state(ideas, membership).order_by(
        *SORTS.get(filters.sort, SORTS["trending"])
    )


def page_of(ideas: QuerySet[Idea], number: int, size: int = PAGE_SIZE) -> IdeaPage:
    """One page by offset, fetching ``size + 1`` rows to learn whether a next page exists."""
    number = min(max(number, 1), MAX_PAGE)
    start = (number - 1) * size
    rows = list(ideas[start : start + size + 1])
    return IdeaPage(items=rows[:size], number=number, has_next=len(rows) > size)


def idea_for_page(
    brand: Brand, idea_id: int, membership: Membership | None, *, check: bool = True
) -> Idea:
    """The brand's idea with what the page shows and the viewer's state, or 404.

    ``check=False`` skips the visibility check (the caller runs ``check_visible`` itself).
    """
    ideas = Idea.objects.filter(brand=brand).select_related(
        "author__user", "category", "merged_into"
    )
    ideas = _with_viewer_state(ideas.prefetch_related("tags", "images"), membership)
    if membership is not None:
        mine = Rating.objects.filter(idea=OuterRef("pk"), member=membership).values("stars")
        following = Follow.objects.filter(idea=OuterRef("pk"), member=membership)
        ideas = ideas.annotate(my_rating=Subquery(mine[:1]), is_following=Exists(following))
    idea = get_object_or_404(ideas, pk=idea_id)
    campaign = campaign_by_id(brand, idea.campaign_id)  # with its phases, from the object cache
    if campaign is None:
        raise Http404
    idea.brand, idea.campaign = brand, campaign
    return check_visible(idea, membership) if check else idea


# What a vote reads of the idea: the columns the permission predicates and the vote box use.
_FOR_VOTE = (
    "id", "brand_id", "campaign_id", "author_id", "created_at", "status", "withdrawn_at",
    "is_hidden", "support_count", "trending_score",
)  # fmt: skip


def idea_for_vote(brand: Brand, idea_id: int, membership: Membership | None) -> Idea:
    """The brand's idea for a vote or its withdrawal, or 404: one narrow query, the campaign
    (with its phases) from the object cache, visibility checked as for ``idea_for_page``."""
    idea = Idea.objects.filter(brand=brand, pk=idea_id).only(*_FOR_VOTE).first()
    campaign = campaign_by_id(brand, idea.campaign_id) if idea is not None else None
    if idea is None or campaign is None:
        raise Http404
    idea.brand = brand
    idea.campaign = campaign
    return check_visible(idea, membership)


def check_visible(idea: Idea, membership: Membership | None) -> Idea:
    if not can_view_idea(idea, membership):
        raise Http404
    return idea


def latest_answer(idea: Idea) -> StatusChange | None:
    """The brand's latest official answer (a status change that came with words)."""
    return (
        StatusChange.objects.filter(idea=idea)
        .exclude(answer="")
        .select_related("actor")
        .order_by("-created_at", "-id")
        .first()
    )


@dataclass
class CommentNode:
    comment: Comment
    depth: int
    replies: list[CommentNode] = field(default_factory=list)
    reply_to: Comment | None = None  # set when the thread is too deep to indent further


def comments_of_idea(idea: Idea, membership: Membership | None) -> QuerySet[Comment]:
    """The idea's comments in thread order (oldest first), with ``has_upvoted`` annotated."""
    comments = Comment.objects.filter(idea=idea).select_related("author__user")
    if membership is None:
        return comments.annotate(has_upvoted=Value(False, output_field=BooleanField()))
    upvoted = CommentVote.objects.filter(comment=OuterRef("pk"), member=membership)
    return comments.annotate(has_upvoted=Exists(upvoted))


def comments_for_idea(idea: Idea, membership: Membership | None) -> list[Comment]:
    return list(comments_of_idea(idea, membership))


def comment_for_page(brand: Brand, comment_id: int, membership: Membership | None) -> Comment:
    """The brand's comment on an idea the viewer may see, or 404 (another brand's id too)."""
    comments = Comment.objects.select_related("idea__campaign__brand", "author__user")
    comment = get_object_or_404(comments, pk=comment_id, brand=brand)
    if not can_view_idea(comment.idea, membership):
        raise Http404
    return comment


def comment_tree(comments: list[Comment]) -> list[CommentNode]:
    """Threads in order; replies deeper than ``MAX_COMMENT_DEPTH`` sit beside their parent."""
    roots: list[CommentNode] = []
    nodes: dict[int, CommentNode] = {}
    siblings: dict[int, list[CommentNode]] = {}
    for comment in comments:
        parent = nodes.get(comment.parent_id) if comment.parent_id else None
        if parent is None:
            node, bucket = CommentNode(comment, 0), roots
        elif parent.depth + 1 < MAX_COMMENT_DEPTH:
            node, bucket = CommentNode(comment, parent.depth + 1), parent.replies
        else:
            node = CommentNode(comment, parent.depth, reply_to=parent.comment)
            bucket = siblings[parent.comment.pk]
        bucket.append(node)
        nodes[comment.pk] = node
        siblings[comment.pk] = bucket
    return roots
