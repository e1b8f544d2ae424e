"""The brand's answer to an idea: status workflow, official answers and merges.

Allowed transitions (decided here, and only here):

* The *open* statuses form a ladder: new → under_review → accepted → in_development → launched.
  An open idea may move to any later rung (skipping is allowed: a brand may accept a new idea
  at once), or be declined. It never moves back down the ladder.
* ``declined`` needs an official answer (the reason). A brand admin — not a moderator — may
  reopen a declined idea, which puts it back to ``under_review``.
* ``launched`` and ``merged`` are final.
* ``merged`` is reached only through :func:`idea_merge`, never through :func:`idea_set_status`.
* Withdrawn ideas cannot be answered.

Every change is an append-only :class:`StatusChange` row (actor, from, to, sanitised answer,
time) and notifies the idea's author, followers and supporters (never the actor).
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import Count, OuterRef, QuerySet, Subquery, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cocrea.brands.models import Membership
from cocrea.brands.permissions import is_admin, is_moderator
from cocrea.core.errors import Conflict, DomainError, PermissionDenied
from cocrea.core.html import html_to_text, sanitize_html
from cocrea.engagement.services import kind_for_status, record
from cocrea.ideas.models import Comment, Follow, Idea, Rating, StatusChange, Vote
from cocrea.ideas.services import trending_score
from cocrea.notifications.models import Notification
from cocrea.notifications.services import notify
from cocrea.programmes.staff_time import record_staff_action
from cocrea.webhooks import events as webhooks

Status = Idea.Status
LADDER: tuple[str, ...] = (
    Status.NEW,
    Status.UNDER_REVIEW,
    Status.ACCEPTED,
    Status.IN_DEVELOPMENT,
    Status.LAUNCHED,
)
OPEN_STATUSES = frozenset(LADDER[:-1])
FINAL_STATUSES = frozenset({Status.LAUNCHED, Status.MERGED})
REOPEN_TO = Status.UNDER_REVIEW
MAX_ANSWER_CHARS = 10_000


def can_answer(membership: Membership | None, idea: Idea) -> bool:
    """Brand admins and moderators of the idea's own brand."""
    return (
        membership is not None and membership.brand_id == idea.brand_id and is_moderator(membership)
    )


def allowed_statuses(idea: Idea, membership: Membership | None) -> list[str]:
    """Statuses ``membership`` may give ``idea`` now (``merged`` excluded: see ``can_merge``)."""
    if not can_answer(membership, idea) or idea.withdrawn_at is not None:
        return []
    if idea.status in OPEN_STATUSES:
        later = list(LADDER[LADDER.index(idea.status) + 1 :])
        return [*later, Status.DECLINED]
    if idea.status == Status.DECLINED and is_admin(membership):
        return [REOPEN_TO]
    return []


def can_merge(idea: Idea, membership: Membership | None) -> bool:
    """An idea that is still open (or declined) may be merged into another one."""
    return (
        can_answer(membership, idea)
        and idea.withdrawn_at is None
        and idea.status not in FINAL_STATUSES
    )


def merge_candidates(idea: Idea) -> QuerySet[Idea]:
    """Ideas ``idea`` may be merged into: same campaign, not itself, not merged, not withdrawn."""
    return (
        Idea.objects.filter(brand_id=idea.brand_id, campaign_id=idea.campaign_id)
        .exclude(pk=idea.pk)
        .exclude(status=Status.MERGED)
        .filter(withdrawn_at=None)
        .order_by("-created_at", "-id")
    )


def _clean_answer(answer: str) -> str:
    if len(answer) > MAX_ANSWER_CHARS:
        raise DomainError(
            _("The answer is too long (%(max)d characters at most).") % {"max": MAX_ANSWER_CHARS},
            code="too_long",
            field="answer",
        )
    cleaned = sanitize_html(answer.strip())
    return cleaned if html_to_text(cleaned) else ""


def _check_actor(actor_membership: Membership, idea: Idea) -> None:
    if not can_answer(actor_membership, idea):
        raise PermissionDenied(_("Only the brand team may answer ideas."), code="forbidden")


def _follower_users(idea: Idea) -> list[Any]:
    follows = Follow.objects.filter(idea=idea).select_related("member__user")
    return [follow.member.user for follow in follows]


def _supporter_users(idea: Idea) -> list[Any]:
    votes = Vote.objects.filter(idea=idea).select_related("member__user")
    return [vote.member.user for vote in votes]


def _announce_status(idea: Idea, change: StatusChange, actor: Membership) -> None:
    """The author and followers hear of the answer, and so do the members who supported the
    idea (``data["why"]`` tells which sentence each reads; nobody is told twice)."""
    data = {"from": change.from_status, "to": change.to_status}
    told = [idea.author.user, *_follower_users(idea)]
    kind, brand = Notification.Kind.STATUS_CHANGED, idea.brand
    notify(recipients=told, brand=brand, kind=kind, actor=actor.user, idea=idea, data=data)
    known = {user.pk for user in told}
    supporters = [user for user in _supporter_users(idea) if user.pk not in known]
    support = {**data, "why": "support"}
    notify(recipients=supporters, brand=brand, kind=kind, actor=actor.user, idea=idea, data=support)


def _check_transition(actor_membership: Membership, idea: Idea, to_status: str) -> None:
    if to_status not in Status.values:
        raise DomainError(_("Unknown status."), code="bad_status", field="to_status")
    if to_status == Status.MERGED:
        raise DomainError(
            _("Choose the idea to merge into."), code="merge_needs_target", field="merge_target"
        )
    if idea.withdrawn_at is not None:
        raise Conflict(_("This idea was withdrawn by its author."), code="withdrawn")
    if to_status == idea.status:
        raise Conflict(_("The idea already has this status."), code="same_status")
    if to_status not in allowed_statuses(idea, actor_membership):
        raise Conflict(
            _("An idea cannot go from “%(from)s” to “%(to)s”.")
            % {"from": Status(idea.status).label, "to": Status(to_status).label},
            code="bad_transition",
            field="to_status",
        )


@transaction.atomic
def idea_set_status(
    *, actor_membership: Membership, idea: Idea, to_status: str, answer: str = ""
) -> StatusChange:
    """Move ``idea`` to ``to_status`` with an official answer; notify author, followers and
    supporters.

    Locks the idea row, so two team members answering at once are applied one after the other
    (the second one is checked against the status the first one set).
    """
    _check_actor(actor_membership, idea)
    locked = Idea.objects.select_for_update().get(pk=idea.pk)
    _check_transition(actor_membership, locked, to_status)
    cleaned = _clean_answer(answer)
    if to_status == Status.DECLINED and not cleaned:
        raise DomainError(
            _("Say why the idea is declined: the answer is required."),
            code="answer_required",
            field="answer",
        )
    change = StatusChange.objects.create(
        idea=locked,
        actor=actor_membership.user,
        from_status=locked.status,
        to_status=to_status,
        answer=cleaned,
    )
    locked.status = to_status
    locked.answered_at = timezone.now()
    locked.save(update_fields=["status", "answered_at", "updated_at"])
    idea.status, idea.answered_at = locked.status, locked.answered_at
    _announce_status(locked, change, actor_membership)
    record(kind=kind_for_status(to_status), member=locked.author, idea=locked)
    webhooks.idea_status_changed(change, locked)
    record_staff_action(
        brand_id=locked.brand_id,
        actor_id=actor_membership.pk,
        action="answer",
        campaign_id=locked.campaign_id,
    )
    return change


def _check_merge(actor_membership: Membership, source: Idea, target: Idea) -> None:
    _check_actor(actor_membership, source)
    if source.pk == target.pk:
        raise DomainError(_("An idea cannot be merged into itself."), field="merge_target")
    if target.brand_id != source.brand_id or target.campaign_id != source.campaign_id:
        raise DomainError(
            _("Merge only ideas of the same campaign."), code="other_campaign", field="merge_target"
        )
    if target.status == Status.MERGED:
        raise Conflict(
            _("This idea was itself merged: choose the idea it was merged into."),
            code="target_merged",
            field="merge_target",
        )
    if target.withdrawn_at is not None:
        raise Conflict(_("That idea was withdrawn."), code="withdrawn", field="merge_target")
    if not can_merge(source, actor_membership):
        raise Conflict(_("This idea can no longer be merged."), code="bad_transition")


def _move_votes(source: Idea, target: Idea) -> None:
    both = Vote.objects.filter(idea=target).values("member_id")
    Vote.objects.filter(idea=source, member_id__in=both).delete()
    Vote.objects.filter(idea=source).update(idea=target)


def _move_ratings(source: Idea, target: Idea) -> None:
    # A member who rated both keeps the rating they gave the target.
    both = Rating.objects.filter(idea=target).values("member_id")
    Rating.objects.filter(idea=source, member_id__in=both).delete()
    Rating.objects.filter(idea=source).update(idea=target)


def _move_follows(source: Idea, target: Idea) -> None:
    both = Follow.objects.filter(idea=target).values("member_id")
    Follow.objects.filter(idea=source, member_id__in=both).delete()
    Follow.objects.filter(idea=source).update(idea=target)
    # The source's author hears about what becomes of the idea their own now lives in.
    Follow.objects.get_or_create(idea=target, member_id=source.author_id)


def _recount(source: Idea, target: Idea) -> None:
    supports = Vote.objects.filter(idea=target).count()
    ratings = Rating.objects.filter(idea=target).aggregate(n=Count("id"), total=Sum("stars"))
    target.support_count = supports
    target.trending_score = trending_score(supports, target.created_at)
    target.rating_count = ratings["n"]
    target.rating_sum = ratings["total"] or 0
    # Same definition as the counters rebuild in ideas.services: comments not deleted.
    target.comment_count = Comment.objects.filter(idea=target, deleted_at=None).count()
    target.save(
        update_fields=[
            "support_count",
            "trending_score",
            "rating_count",
            "rating_sum",
            "comment_count",
            "updated_at",
        ]
    )
    source.support_count = source.rating_count = source.rating_sum = source.comment_count = 0
    source.trending_score = trending_score(0, source.created_at)


@transaction.atomic
def idea_merge(
    *, actor_membership: Membership, source: Idea, target: Idea, answer: str = ""
) -> StatusChange:
    """Merge ``source`` into ``target``: supporters, ratings, comments and followers move over.

    A member who supported (rated, followed) both counts once; ``target``'s counters are
    recomputed from the rows. Both ideas are locked in id order (no deadlock between two merges).
    """
    locked = {
        row.pk: row
        for row in Idea.objects.select_for_update(of=("self",))
        .filter(pk__in=[source.pk, target.pk])
        .order_by("pk")
        .select_related("author__user", "brand")
    }
    if source.pk not in locked or target.pk not in locked:
        raise DomainError(_("Unknown idea."), code="not_found", field="merge_target")
    src, dst = locked[source.pk], locked[target.pk]
    _check_merge(actor_membership, src, dst)
    cleaned = _clean_answer(answer)
    recipients = [src.author.user, dst.author.user, *_follower_users(src), *_follower_users(dst)]
    _move_votes(src, dst)
    _move_ratings(src, dst)
    Comment.objects.filter(idea=src).update(idea=dst)
    _move_follows(src, dst)
    _recount(src, dst)
    change = StatusChange.objects.create(
        idea=src,
        actor=actor_membership.user,
        from_status=src.status,
        to_status=Status.MERGED,
        answer=cleaned,
        merged_into=dst,
    )
    src.status, src.merged_into, src.answered_at = Status.MERGED, dst, timezone.now()
    src.save(
        update_fields=[
            "status",
            "merged_into",
            "answered_at",
            "support_count",
            "rating_count",
            "rating_sum",
            "comment_count",
            "trending_score",
            "updated_at",
        ]
    )
    for attr in ("status", "merged_into", "answered_at", "support_count", "comment_count"):
        setattr(source, attr, getattr(src, attr))
    for attr in ("support_count", "trending_score", "rating_count", "rating_sum", "comment_count"):
        setattr(target, attr, getattr(dst, attr))
    notify(
        recipients=recipients,
        brand=dst.brand,
        kind=Notification.Kind.IDEA_MERGED,
        actor=actor_membership.user,
        idea=dst,
        data={
            "from": change.from_status,
            "to": Status.MERGED,
            "source_id": src.pk,
            "source_title": src.title,
        },
    )
    record_staff_action(
        brand_id=src.brand_id,
        actor_id=actor_membership.pk,
        action="merge",
        campaign_id=src.campaign_id,
    )
    return change


def official_answers(idea: Idea) -> QuerySet[StatusChange]:
    """The idea's status history with answers, newest first (for the idea page)."""
    return (
        StatusChange.objects.filter(idea=idea)
        .select_related("actor", "merged_into")
        .order_by("-created_at", "-id")
    )


def latest_answer_subquery() -> Subquery:
    """Annotate ideas with their latest non-empty official answer: ``.annotate(answer=...)``."""
    return Subquery(
        StatusChange.objects.filter(idea=OuterRef("pk"))
        .exclude(answer="")
        .order_by("-created_at", "-id")
        .values("answer")[:1]
    )


# --- Reads for the brand team's pages and the public "ideas in action" page ----------------


def ideas_in_action(brand: Any, membership: Membership | None) -> QuerySet[Idea]:
    """Launched and in-development ideas of campaigns the viewer may see, newest answer first."""
    from cocrea.campaigns.selectors import campaigns_for_brand

    visible = campaigns_for_brand(brand, membership).values("pk")
    return (
        Idea.objects.filter(
            brand=brand,
            status__in=[Status.LAUNCHED, Status.IN_DEVELOPMENT],
            is_hidden=False,
            withdrawn_at=None,
            campaign__in=visible,
        )
        .select_related("author__user", "campaign")
        .annotate(official_answer=latest_answer_subquery())
        .order_by("-answered_at", "-id")
    )
