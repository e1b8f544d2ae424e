"""Writes for threaded comments and their up-votes.

``Idea.comment_count`` counts the comments that are not deleted (hidden ones included: hiding
is a moderation decision that keeps the thread's shape); ``Comment.upvote_count`` counts the
up-votes. Both move with ``F()`` beside the rows, under the idea's row lock.
"""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Count, F, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cocrea.brands.models import Membership
from cocrea.core.errors import Conflict, DomainError
from cocrea.engagement.services import record
from cocrea.ideas import permissions as perms
from cocrea.ideas.models import Comment, CommentVote, Follow, Idea
from cocrea.ideas.services import lock_idea, require
from cocrea.insights.tasks import schedule_ingest
from cocrea.notifications.models import Notification
from cocrea.notifications.services import notify
from cocrea.programmes.staff_time import record_staff_action
from cocrea.webhooks import events as webhooks

COMMENT_MAX = 5_000


def _clean_comment(body: str) -> str:
    body = body.strip()
    if not body:
        raise DomainError(_("Write something before sending."), code="required", field="body")
    if len(body) > COMMENT_MAX:
        raise DomainError(
            _("A comment is limited to %(max)d characters.") % {"max": COMMENT_MAX},
            code="too_long",
            field="body",
        )
    return body


def _clean_parent(idea: Idea, parent: Comment | None) -> Comment | None:
    if parent is None:
        return None
    if parent.idea_id != idea.pk or parent.deleted_at is not None or parent.is_hidden:
        raise DomainError(_("You cannot reply to this comment."), field="parent")
    return parent


def _announce(comment: Comment, member: Membership) -> None:
    """Followers hear of a new comment; the parent's author hears of a reply to them."""
    idea = comment.idea
    replied_to = comment.parent.author.user if comment.parent is not None else None
    followers = [
        follow.member.user
        for follow in Follow.objects.filter(idea=idea).select_related("member__user")
        if replied_to is None or follow.member.user_id != replied_to.pk
    ]
    common: dict[str, Any] = {
        "brand": idea.brand,
        "actor": member.user,
        "idea": idea,
        "comment": comment,
    }
    notify(recipients=followers, kind=Notification.Kind.NEW_COMMENT, **common)
    if replied_to is not None:
        notify(recipients=[replied_to], kind=Notification.Kind.COMMENT_REPLY, **common)


@transaction.atomic
def comment_post(
    *, member: Membership, idea: Idea, body: str, parent: Comment | None = None
) -> Comment:
    """Comment (or reply); the commenter then follows the idea. Staff comments are official."""
    idea = lock_idea(idea)
    require(perms.can_comment(idea, member), _("Comments are closed for this idea."))
    body = _clean_comment(body)
    parent = _clean_parent(idea, parent)
    comment = Comment.objects.create(
        brand_id=idea.brand_id,
        idea=idea,
        author=member,
        parent=parent,
        body=body,
        is_official=perms.writes_officially(member),
    )
    Idea.objects.filter(pk=idea.pk).update(comment_count=F("comment_count") + 1)
    Follow.objects.get_or_create(idea=idea, member=member)
    _announce(comment, member)
    schedule_ingest("comment", comment.pk)  # the insight engine analyses it after commit
    record(kind="comment_posted", member=member, idea=idea, comment=comment)
    webhooks.comment_created(comment)
    if comment.is_official:
        record_staff_action(
            brand_id=idea.brand_id, actor_id=member.pk, action="reply", campaign_id=idea.campaign_id
        )
    return comment


@transaction.atomic
def comment_edit(*, member: Membership, comment: Comment, body: str) -> Comment:
    require(perms.can_edit_comment(comment, member), _("You cannot edit this comment."))
    comment.body = _clean_comment(body)
    comment.edited_at = timezone.now()
    comment.save(update_fields=["body", "edited_at"])
    schedule_ingest("comment", comment.pk)
    return comment


@transaction.atomic
def comment_delete(*, member: Membership, comment: Comment) -> Comment:
    """Blank the text and keep the row, so the replies stay in their thread."""
    idea = lock_idea(comment.idea)
    comment = Comment.objects.select_for_update(of=("self",)).get(pk=comment.pk)
    require(perms.can_delete_comment(comment, member), _("You cannot delete this comment."))
    comment.body = ""
    comment.deleted_at = timezone.now()
    comment.save(update_fields=["body", "deleted_at"])
    Idea.objects.filter(pk=idea.pk).update(comment_count=F("comment_count") - 1)
    return comment


@transaction.atomic
def comment_upvote(*, member: Membership, comment: Comment) -> CommentVote:
    """One up-vote per member per comment (the ``comment_vote_once`` constraint)."""
    comment = Comment.objects.select_for_update(of=("self",)).get(pk=comment.pk)
    require(perms.can_upvote_comment(comment, member), _("You cannot up-vote this comment."))
    try:
        with transaction.atomic():
            vote = CommentVote.objects.create(comment=comment, member=member)
    except IntegrityError:
        raise Conflict(_("You already up-voted this comment."), code="already_voted") from None
    Comment.objects.filter(pk=comment.pk).update(upvote_count=F("upvote_count") + 1)
    return vote


@transaction.atomic
def comment_unupvote(*, member: Membership, comment: Comment) -> None:
    comment = Comment.objects.select_for_update(of=("self",)).get(pk=comment.pk)
    require(perms.can_upvote_comment(comment, member), _("You cannot up-vote this comment."))
    deleted, _rows = CommentVote.objects.filter(comment=comment, member=member).delete()
    if not deleted:
        raise Conflict(_("You have not up-voted this comment."), code="not_voted")
    Comment.objects.filter(pk=comment.pk).update(upvote_count=F("upvote_count") - 1)


def comment_counters_rebuild(*, ideas: QuerySet[Idea]) -> int:
    """Set every comment's ``upvote_count`` of these ideas from its up-vote rows."""
    real = (
        CommentVote.objects.filter(comment=OuterRef("pk"))
        .order_by()
        .values("comment")
        .annotate(n=Count("id"))
        .values("n")
    )
    return Comment.objects.filter(idea__in=ideas).update(upvote_count=Coalesce(Subquery(real), 0))
