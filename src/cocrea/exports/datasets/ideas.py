"""Ideas with their votes, ratings, comments and the brand's answers: five tables.

One flat table would repeat each idea on every vote and comment row (1M votes: 1M copies of the
text), so each kind of row has its own table, linked by ``idea_id`` (and ``member_id``, the
member's number in the brand, which the members export resolves).
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.utils.translation import gettext_lazy as _

from cocrea.brands.models import Brand
from cocrea.core.html import html_to_text
from cocrea.exports.datasets.base import CHUNK, Dataset, Rows, Table, chunks, public_name
from cocrea.ideas.models import Comment, Idea, Rating, StatusChange, Vote

IDEA_COLUMNS = (
    "id",
    "campaign_id",
    "campaign_fr",
    "campaign_en",
    "title",
    "text",
    "author_member_id",
    "author",
    "category_fr",
    "category_en",
    "tags_fr",
    "tags_en",
    "status",
    "merged_into_id",
    "supports",
    "comments",
    "ratings",
    "rating_average",
    "hidden",
    "withdrawn_at",
    "answered_at",
    "created_at",
    "updated_at",
)


def _ideas(brand: Brand) -> Rows:
    rows = (
        Idea.objects.filter(brand=brand)
        .order_by("id")
        .values_list(
            "id",
            "campaign_id",
            "campaign__title_fr",
            "campaign__title_en",
            "title",
            "body_text",
            "author_id",
            "author__user__display_name",
            "author__user__email",
            "category__name_fr",
            "category__name_en",
            "status",
            "merged_into_id",
            "support_count",
            "comment_count",
            "rating_count",
            "rating_sum",
            "is_hidden",
            "withdrawn_at",
            "answered_at",
            "created_at",
            "updated_at",
        )
    )
    for chunk in chunks(rows.iterator(chunk_size=CHUNK)):
        tags = _tags(chunk)
        for r in chunk:
            pk, campaign_id, campaign_fr, campaign_en, title, text, author_id, name, email = r[:9]
            category_fr, category_en, status, merged, supports, comments = r[9:15]
            ratings, rating_sum = r[15:17]
            yield (
                pk,
                campaign_id,
                campaign_fr,
                campaign_en,
                title,
                text,
                author_id,
                public_name(name, email),
                category_fr,
                category_en,
                [fr for fr, _en in tags.get(pk, []) if fr],
                [en for _fr, en in tags.get(pk, []) if en],
                status,
                merged,
                supports,
                comments,
                ratings,
                round(rating_sum / ratings, 2) if ratings else None,
                *r[17:],
            )


def _tags(chunk: list[tuple[Any, ...]]) -> dict[int, list[tuple[str | None, str | None]]]:
    """The French and English names of the tags of a chunk's ideas, one query. A brand text
    is exported as written in each language (empty where it was not), never with the
    other language's fallback, so the reader sees what is missing."""
    tags: dict[int, list[tuple[str | None, str | None]]] = defaultdict(list)
    links = Idea.tags.through.objects.filter(idea_id__in=[r[0] for r in chunk])
    rows = links.order_by("tag__slug").values_list("idea_id", "tag__name_fr", "tag__name_en")
    for idea_id, name_fr, name_en in rows:
        tags[idea_id].append((name_fr, name_en))
    return tags


def _votes(brand: Brand) -> Rows:
    rows = Vote.objects.filter(idea__brand=brand).order_by("idea_id", "member_id")
    return rows.values_list("idea_id", "member_id", "created_at").iterator(chunk_size=CHUNK)


def _ratings(brand: Brand) -> Rows:
    rows = Rating.objects.filter(idea__brand=brand).order_by("idea_id", "member_id")
    return rows.values_list("idea_id", "member_id", "stars", "created_at").iterator(
        chunk_size=CHUNK
    )


def _comments(brand: Brand) -> Rows:
    rows = (
        Comment.objects.filter(brand=brand)
        .order_by("id")
        .values_list(
            "id",
            "idea_id",
            "parent_id",
            "author_id",
            "author__user__display_name",
            "author__user__email",
            "body",
            "upvote_count",
            "is_official",
            "is_hidden",
            "created_at",
            "edited_at",
            "deleted_at",
        )
    )
    for pk, idea_id, parent_id, author_id, name, email, *rest in rows.iterator(chunk_size=CHUNK):
        yield (pk, idea_id, parent_id, author_id, public_name(name, email), *rest)


def _answers(brand: Brand) -> Rows:
    rows = (
        StatusChange.objects.filter(idea__brand=brand)
        .order_by("id")
        .values_list(
            "id",
            "idea_id",
            "from_status",
            "to_status",
            "answer",
            "actor__display_name",
            "actor__email",
            "merged_into_id",
            "created_at",
        )
    )
    for pk, idea_id, old, new, answer, name, email, merged, at in rows.iterator(chunk_size=CHUNK):
        by = public_name(name, email) if (name or email) else None
        yield (pk, idea_id, old, new, html_to_text(answer), by, merged, at)


DATASET = Dataset(
    key="ideas",
    label=_("Ideas, votes, comments and answers"),
    description=_(
        "Every idea of every campaign, with its votes, ratings, comments and the brand's status "
        "changes with their official answers (one table each, linked by the idea's number)."
    ),
    role="moderator",
    tables=(
        Table("ideas", IDEA_COLUMNS, lambda b: Idea.objects.filter(brand=b).count(), _ideas),
        Table(
            "votes",
            ("idea_id", "member_id", "created_at"),
            lambda b: Vote.objects.filter(idea__brand=b).count(),
            _votes,
        ),
        Table(
            "ratings",
            ("idea_id", "member_id", "stars", "created_at"),
            lambda b: Rating.objects.filter(idea__brand=b).count(),
            _ratings,
        ),
        Table(
            "comments",
            (
                "id",
                "idea_id",
                "parent_id",
                "author_member_id",
                "author",
                "text",
                "upvotes",
                "official",
                "hidden",
                "created_at",
                "edited_at",
                "deleted_at",
            ),
            lambda b: Comment.objects.filter(brand=b).count(),
            _comments,
        ),
        Table(
            "answers",
            (
                "id",
                "idea_id",
                "from_status",
                "to_status",
                "answer",
                "answered_by",
                "merged_into_id",
                "created_at",
            ),
            lambda b: StatusChange.objects.filter(idea__brand=b).count(),
            _answers,
        ),
    ),
)
