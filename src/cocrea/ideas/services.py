"""Writes for ideas: submit, edit, withdraw, support votes, ratings and follows.

Every service re-checks the permission predicates (the API calls them too), validates, then
writes. Counters on ``Idea`` move with ``F()`` in the same transaction as the rows they count,
with the idea row locked (``select_for_update`` on PostgreSQL; SQLite serialises writers with
``BEGIN IMMEDIATE``), so they stay exact under concurrency. Comments live in
``comment_services``; ``idea_counters_rebuild`` recomputes every counter from the rows.
"""

from __future__ import annotations

import math
import re
import uuid
from collections.abc import Iterable, Sequence
from datetime import datetime
from html import unescape

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import connection, transaction
from django.db.models import Count, F, Q, QuerySet, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.html import escape, linebreaks
from django.utils.translation import gettext_lazy as _

from cocrea.brands.models import Membership
from cocrea.campaigns.models import Campaign, Category, Tag
from cocrea.core import metrics
from cocrea.core.db import compact_sql, prepared_cursor
from cocrea.core.errors import Conflict, DomainError, NotFound, PermissionDenied
from cocrea.core.files import files_removed_on_error
from cocrea.core.html import html_to_text, sanitize_html
from cocrea.core.images import clean_image
from cocrea.engagement.ledger_sql import (
    VOTE_LEDGER,
    VOTE_LEDGER_RESULT,
    after_vote_recorded,
    vote_ledger_params,
)
from cocrea.engagement.services import record
from cocrea.ideas import permissions as perms
from cocrea.ideas.models import Follow, Idea, IdeaImage, Rating, Vote
from cocrea.insights.tasks import schedule_ingest
from cocrea.webhooks import events as webhooks

TITLE_MAX = 140
BODY_MAX = 20_000
MAX_IMAGES = 3
Checked = list[tuple["ContentFile[bytes]", str]]  # a re-encoded upload and its format
_HAS_TAG = re.compile(r"<\s*/?\s*[a-zA-Z][^>]*>")


def trending_score(support_count: int, created_at: datetime) -> float:
    """log10(supports) + age bonus: newer ideas need fewer votes to rank as high."""
    return math.log10(max(support_count, 1)) + created_at.timestamp() / 45000


def require(allowed: bool, message: object, code: str = "forbidden") -> None:
    if not allowed:
        raise PermissionDenied(message, code=code)


def lock_idea(idea: Idea) -> Idea:
    """The idea row, locked until the end of the transaction (call inside ``atomic``)."""
    return (
        Idea.objects.select_for_update(of=("self",))
        .select_related("campaign__brand")
        .get(pk=idea.pk)
    )


# --- Validation ---------------------------------------------------------------------------


def rich_text(raw: str) -> str:
    """Sanitised HTML from what a member typed: plain text keeps its paragraphs."""
    raw = raw.strip()
    if not _HAS_TAG.search(raw):
        raw = linebreaks(escape(raw))
    return sanitize_html(raw)


_SIMPLE_PARAGRAPHS = re.compile(r"^(\s*<p>.*?</p>\s*)*$", re.DOTALL)


def rich_text_source(html: str) -> str:
    """What to put back in the edit box: plain paragraphs become text again, else the HTML."""
    inner = re.sub(r"</?p>|<br>", "", html)
    if not _SIMPLE_PARAGRAPHS.match(html) or "<" in inner:
        return html
    paragraphs = re.findall(r"<p>(.*?)</p>", html, re.DOTALL)
    return "\n\n".join(unescape(p.replace("<br>", "\n")) for p in paragraphs)


def _clean_title(title: str) -> str:
    title = " ".join(title.split())
    if not title:
        raise DomainError(_("Give your idea a title."), code="required", field="title")
    if len(title) > TITLE_MAX:
        raise DomainError(
            _("The title is limited to %(max)d characters.") % {"max": TITLE_MAX},
            code="too_long",
            field="title",
        )
    return title


def _clean_body(body: str) -> tuple[str, str]:
    if len(body) > BODY_MAX:
        raise DomainError(
            _("The description is limited to %(max)d characters.") % {"max": BODY_MAX},
            code="too_long",
            field="body",
        )
    html = rich_text(body)
    text = html_to_text(html)
    if not text:
        raise DomainError(_("Describe your idea."), code="required", field="body")
    return html, text


def _clean_category(campaign: Campaign, category: Category | None) -> Category | None:
    if category is not None and category.campaign_id != campaign.pk:
        raise DomainError(_("Choose one of this campaign's categories."), field="category")
    return category


def _clean_tags(campaign: Campaign, tags: Iterable[Tag]) -> list[Tag]:
    tags = list(tags)
    if any(tag.brand_id != campaign.brand_id for tag in tags):
        raise DomainError(_("Choose tags of this community."), field="tags")
    return tags


def _clean_images(images: Sequence[UploadedFile], already: int = 0) -> Checked:
    if len(images) + already > MAX_IMAGES:
        raise DomainError(
            _("An idea may have at most %(max)d images.") % {"max": MAX_IMAGES},
            code="too_many",
            field="images",
        )
    checked: Checked = []
    for upload in images:
        try:
            content = clean_image(upload)
            checked.append((content, str(content.name).rsplit(".", 1)[-1]))
        except ValidationError as error:
            raise DomainError(error.messages[0], code="bad_image", field="images") from None
    return checked


def _store_images(idea: Idea, checked: Checked, start: int = 0) -> None:
    for offset, (upload, extension) in enumerate(checked):
        image = IdeaImage(idea=idea, position=start + offset)
        # The name never comes from the member: a random one with the decoded format's extension.
        image.image.save(f"{uuid.uuid4().hex}.{extension}", upload, save=False)
        image.save()


# --- Ideas --------------------------------------------------------------------------------


@files_removed_on_error
@transaction.atomic
def idea_submit(
    *,
    member: Membership,
    campaign: Campaign,
    title: str,
    body: str,
    category: Category | None = None,
    tags: Iterable[Tag] = (),
    images: Sequence[UploadedFile] = (),
) -> Idea:
    """Create an idea; its author follows it from the start."""
    require(perms.can_submit(campaign, member), _("This campaign does not take ideas now."))
    title = _clean_title(title)
    html, text = _clean_body(body)
    category = _clean_category(campaign, category)
    tag_list = _clean_tags(campaign, tags)
    checked = _clean_images(images)
    idea = Idea.objects.create(
        brand_id=campaign.brand_id,
        campaign=campaign,
        author=member,
        title=title,
        body=html,
        body_text=text,
        category=category,
    )
    idea.trending_score = trending_score(0, idea.created_at)
    idea.save(update_fields=["trending_score"])
    idea.tags.set(tag_list)
    _store_images(idea, checked)
    Follow.objects.create(idea=idea, member=member)
    schedule_ingest("idea", idea.pk)  # the insight engine analyses it after commit
    record(kind="idea_submitted", member=member, idea=idea)
    webhooks.idea_created(idea)
    return idea


@files_removed_on_error
@transaction.atomic
def idea_edit(
    *,
    member: Membership,
    idea: Idea,
    title: str,
    body: str,
    category: Category | None = None,
    tags: Iterable[Tag] = (),
    images: Sequence[UploadedFile] = (),
    remove_image_ids: Iterable[int] = (),
) -> Idea:
    """Change the author's idea while the phase allows editing; images can be added or removed."""
    idea = lock_idea(idea)
    require(perms.can_edit_idea(idea, member), _("This idea can no longer be edited."))
    idea.title = _clean_title(title)
    idea.body, idea.body_text = _clean_body(body)
    idea.category = _clean_category(idea.campaign, category)
    tag_list = _clean_tags(idea.campaign, tags)
    IdeaImage.objects.filter(idea=idea, pk__in=list(remove_image_ids)).delete()
    kept = IdeaImage.objects.filter(idea=idea).count()
    checked = _clean_images(images, already=kept)
    idea.save(update_fields=["title", "body", "body_text", "category", "updated_at"])
    idea.tags.set(tag_list)
    last = IdeaImage.objects.filter(idea=idea).order_by("-position").first()
    _store_images(idea, checked, start=(last.position + 1) if last else 0)
    schedule_ingest("idea", idea.pk)
    return idea


@transaction.atomic
def idea_withdraw(*, member: Membership, idea: Idea) -> Idea:
    """The author takes the idea back: it leaves every list (the row and its votes stay)."""
    idea = lock_idea(idea)
    require(perms.can_withdraw_idea(idea, member), _("This idea cannot be withdrawn now."))
    idea.withdrawn_at = timezone.now()
    idea.save(update_fields=["withdrawn_at", "updated_at"])
    return idea


# --- Support votes ------------------------------------------------------------------------


def _lock_support(idea: Idea) -> None:
    """Re-read, under the idea's row lock, the fields a vote depends on.

    Lighter than ``lock_idea`` on purpose (votes are the hottest write): the caller's instance
    keeps its campaign and prefetched phases, and no model is built.
    """
    locked = Idea.objects.select_for_update(of=("self",)).filter(pk=idea.pk)
    row = locked.values_list("support_count", "status", "withdrawn_at", "is_hidden").first()
    if row is None:
        raise NotFound(_("This idea does not exist."))
    idea.support_count, idea.status, idea.withdrawn_at, idea.is_hidden = row


def _move_support(idea: Idea, delta: int) -> None:
    """Shift ``support_count`` by ``delta`` and the trending score with it, in one UPDATE.

    ``idea`` was read under its row lock, so its count is the current one and the new score
    can be computed here; no other writer can move the count meanwhile.
    """
    idea.support_count += delta
    idea.trending_score = trending_score(idea.support_count, idea.created_at)
    Idea.objects.filter(pk=idea.pk).update(
        support_count=F("support_count") + delta, trending_score=idea.trending_score
    )


_INSERT_VOTE = (
    "INSERT INTO ideas_vote (idea_id, member_id, created_at) VALUES (%s, %s, %s) "
    "ON CONFLICT (idea_id, member_id) DO NOTHING RETURNING id"
)


def vote_cast(*, member: Membership, idea: Idea) -> Vote:
    """Support an idea once. A second vote raises ``Conflict``.

    The idea row is locked first (merges and withdrawals lock it too), then the vote is
    inserted with ON CONFLICT DO NOTHING: the ``vote_once`` constraint itself says whether this
    is a second vote, in one round trip and without a savepoint. On PostgreSQL the whole vote
    (the checks on the locked row, the vote, the counters and the ledger) is one statement,
    atomic by itself (``_vote_cast_pg``).
    """
    if connection.vendor == "postgresql":
        vote = _vote_cast_pg(member=member, idea=idea)
    else:
        vote = _vote_cast_orm(member=member, idea=idea)
    metrics.vote_cast("idea")
    return vote


@transaction.atomic
def _vote_cast_orm(*, member: Membership, idea: Idea) -> Vote:
    _lock_support(idea)
    require(perms.can_vote(idea, member), _("Votes are closed for this idea."))
    now = timezone.now()
    with connection.cursor() as cursor:
        cursor.execute(
            _INSERT_VOTE, [idea.pk, member.pk, connection.ops.adapt_datetimefield_value(now)]
        )
        row = cursor.fetchone()
    if row is None:
        raise Conflict(_("You already support this idea."), code="already_voted")
    _move_support(idea, +1)
    record(kind="vote_given", member=member, idea=idea)  # and "vote_received" for the author
    webhooks.vote_counted(idea, idea.support_count)
    return Vote(pk=row[0], idea=idea, member=member, created_at=now)


# Lock the idea if it still takes support, insert the vote unless it exists, move the counters
# and the trending score, then the engagement ledger's clauses (see engagement/ledger_sql.py).
# Compacted to fit psycopg's cache of converted queries (core/db.py).
# ``permissions.is_open_for_support`` in SQL, checked on the locked row (a test proves the two
# agree on every combination of the three columns).
OPEN_FOR_SUPPORT_SQL = "withdrawn_at IS NULL AND NOT is_hidden AND status <> 'merged'"
_VOTE_PG = compact_sql(f"""
WITH target AS (
  SELECT id FROM ideas_idea
   WHERE id = %(idea)s AND {OPEN_FOR_SUPPORT_SQL}
     FOR UPDATE
),
vote AS (
  INSERT INTO ideas_vote (idea_id, member_id, created_at)
  SELECT id, %(member)s, %(now)s FROM target
  ON CONFLICT (idea_id, member_id) DO NOTHING
  RETURNING id, idea_id
),
counted AS (
  UPDATE ideas_idea i
     SET support_count = i.support_count + 1,
         trending_score = LOG(CAST(GREATEST(i.support_count + 1, 1) AS DOUBLE PRECISION))
                          + %(age_bonus)s
    FROM vote
   WHERE i.id = vote.idea_id
  RETURNING i.support_count
),
{VOTE_LEDGER}
SELECT (SELECT id FROM target), (SELECT id FROM vote), (SELECT support_count FROM counted),
       {VOTE_LEDGER_RESULT}
""")  # noqa: S608


def _vote_cast_pg(*, member: Membership, idea: Idea) -> Vote:
    """``vote_cast`` in one round trip: the checks on the locked row are in the statement."""
    require(perms.can_vote(idea, member), _("Votes are closed for this idea."))
    now = timezone.now()
    params = vote_ledger_params(
        brand_id=member.brand_id, member_id=member.pk, author_id=idea.author_id, now=now
    )
    params |= {"idea": idea.pk, "member": member.pk, "now": now}
    params["age_bonus"] = idea.created_at.timestamp() / 45000
    with prepared_cursor() as cursor:
        cursor.execute(_VOTE_PG, params)
        target_id, vote_id, support_count, moved = cursor.fetchone()
    if target_id is None:
        if not Idea.objects.filter(pk=idea.pk).exists():
            raise NotFound(_("This idea does not exist."))
        raise PermissionDenied(_("Votes are closed for this idea."), code="forbidden")
    if vote_id is None:
        raise Conflict(_("You already support this idea."), code="already_voted")
    idea.support_count = support_count
    idea.trending_score = trending_score(support_count, idea.created_at)
    after_vote_recorded(brand_id=member.brand_id, moved=moved, now=now)
    # The vote statement committed on its own: a milestone is told just after it, once
    # (its dedupe key), and only at a milestone (no query otherwise).
    webhooks.vote_counted(idea, support_count)
    return Vote(pk=vote_id, idea=idea, member=member, created_at=now)


@transaction.atomic
def vote_withdraw(*, member: Membership, idea: Idea) -> None:
    """Take one's support back while the phase still allows voting."""
    _lock_support(idea)
    require(perms.can_vote(idea, member), _("Votes are closed for this idea."))
    deleted, _rows = Vote.objects.filter(idea=idea, member=member).delete()
    if not deleted:
        raise Conflict(_("You do not support this idea."), code="not_voted")
    _move_support(idea, -1)
    record(kind="vote_given", member=member, idea=idea, undo=True)  # reversal rows


# --- Ratings and follows ------------------------------------------------------------------


@transaction.atomic
def rating_set(*, member: Membership, idea: Idea, stars: int) -> Rating:
    """Rate an idea 1 to 5 stars; rating again replaces the member's previous stars."""
    if not isinstance(stars, int) or not 1 <= stars <= 5:
        raise DomainError(_("Choose between 1 and 5 stars."), field="stars")
    idea = lock_idea(idea)
    require(perms.can_rate(idea, member), _("Ratings are closed for this idea."))
    rating = Rating.objects.filter(idea=idea, member=member).first()
    if rating is None:
        rating = Rating.objects.create(idea=idea, member=member, stars=stars)
        changes = {"rating_count": F("rating_count") + 1, "rating_sum": F("rating_sum") + stars}
    else:
        changes = {"rating_sum": F("rating_sum") + (stars - rating.stars)}
        rating.stars = stars
        rating.save(update_fields=["stars"])
    Idea.objects.filter(pk=idea.pk).update(**changes)
    return rating


def follow_idea(*, member: Membership, idea: Idea) -> Follow:
    """Follow an idea to hear about its comments and answers; idempotent."""
    require(perms.can_follow(idea, member), _("You cannot follow this idea."))
    follow, _created = Follow.objects.get_or_create(idea=idea, member=member)
    return follow


def unfollow_idea(*, member: Membership, idea: Idea) -> None:
    Follow.objects.filter(idea=idea, member=member).delete()


# --- Counters rebuilt from the rows (STYLE rule 9) ---------------------------------------


def _recount(ideas: QuerySet[Idea]) -> QuerySet[Idea]:
    return ideas.annotate(
        real_supports=Count("votes", distinct=True),
        real_comments=Count("comments", filter=Q(comments__deleted_at=None), distinct=True),
    )


@transaction.atomic
def idea_counters_rebuild(*, ideas: QuerySet[Idea] | None = None) -> int:
    """Recompute every idea counter (and comment up-votes) from the rows; returns ideas fixed."""
    from cocrea.ideas.comment_services import comment_counters_rebuild

    ideas = Idea.objects.all() if ideas is None else ideas
    ratings = {
        row["idea"]: row
        for row in Rating.objects.filter(idea__in=ideas)
        .values("idea")
        .annotate(n=Count("id"), total=Coalesce(Sum("stars"), 0))
    }
    fixed = 0
    for idea in _recount(ideas).only("id", "created_at", *_COUNTERS).iterator():
        rating = ratings.get(idea.pk, {"n": 0, "total": 0})
        fixed += _fix_idea(idea, rating["n"], rating["total"])
    comment_counters_rebuild(ideas=ideas)
    return fixed


_COUNTERS = ("support_count", "comment_count", "rating_count", "rating_sum", "trending_score")


def _fix_idea(idea: Idea, rating_count: int, rating_sum: int) -> int:
    real = {
        "support_count": idea.real_supports,  # type: ignore[attr-defined]
        "comment_count": idea.real_comments,  # type: ignore[attr-defined]
        "rating_count": rating_count,
        "rating_sum": rating_sum,
        "trending_score": trending_score(idea.real_supports, idea.created_at),  # type: ignore[attr-defined]
    }
    if all(getattr(idea, name) == value for name, value in real.items()):
        return 0
    Idea.objects.filter(pk=idea.pk).update(**real)
    return 1
