"""Writes for moderation: members report, moderators hide, restore or dismiss.

Every decision is an append-only ``ModerationDecision`` (actor, reason, state before and after)
written in the same transaction as the change it records.
"""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from cocrea.brands.models import Membership
from cocrea.brands.permissions import is_moderator
from cocrea.core.errors import Conflict, DomainError, PermissionDenied
from cocrea.ideas.models import Comment, Idea
from cocrea.moderation.models import ModerationDecision, Report
from cocrea.notifications.models import Notification
from cocrea.notifications.services import notify
from cocrea.programmes.staff_time import record_staff_action

Item = Idea | Comment
MAX_REASON = 500
Action = ModerationDecision.Action


def _target(item: Item) -> dict[str, Item]:
    return {"idea": item} if isinstance(item, Idea) else {"comment": item}


def _clean_text(text: str, *, field: str, required: bool) -> str:
    text = text.strip()
    if len(text) > MAX_REASON:
        raise DomainError(
            _("Keep it under %(max)d characters.") % {"max": MAX_REASON},
            code="too_long",
            field=field,
        )
    if required and not text:
        raise DomainError(_("Give a reason: it is kept in the audit log."), field=field)
    return text


@transaction.atomic
def report_submit(*, reporter: Membership, item: Item, reason: str, details: str = "") -> Report:
    """One open report per reporter per item: a second one is refused (``Conflict``)."""
    if reporter.brand_id != item.brand_id:
        raise PermissionDenied(_("You can only report content of your own community."))
    if reason not in Report.Reason.values:
        raise DomainError(_("Choose a reason."), code="bad_reason", field="reason")
    details = _clean_text(details, field="details", required=False)
    open_reports = Report.objects.filter(
        reporter=reporter, state=Report.State.OPEN, **_target(item)
    )
    if open_reports.exists():
        raise Conflict(_("You have already reported this. A moderator will look at it."))
    try:
        with transaction.atomic():
            return Report.objects.create(
                brand_id=item.brand_id,
                reporter=reporter,
                reason=reason,
                details=details,
                **_target(item),
            )
    except IntegrityError as error:  # two clicks at once: the constraint keeps one
        raise Conflict(_("You have already reported this. A moderator will look at it.")) from error


def _lock(item: Item) -> Item:
    return type(item).objects.select_for_update().get(pk=item.pk)  # type: ignore[return-value]


def _state(item: Item, open_reports: int) -> dict[str, object]:
    return {"is_hidden": item.is_hidden, "open_reports": open_reports}


def _check_decision(
    actor_membership: Membership, item: Item, action: str, open_reports: int
) -> None:
    if actor_membership.brand_id != item.brand_id or not is_moderator(actor_membership):
        raise PermissionDenied(_("Only moderators may do this."))
    if action not in Action.values:
        raise DomainError(_("Unknown decision."), code="bad_action", field="action")
    if action == Action.HIDE and item.is_hidden:
        raise Conflict(_("This is already hidden."), code="already_hidden")
    if action == Action.RESTORE and not item.is_hidden:
        raise Conflict(_("This is not hidden."), code="not_hidden")
    if action == Action.DISMISS and not open_reports:
        raise Conflict(_("There is no open report to dismiss."), code="no_reports")


@transaction.atomic
def moderation_decide(
    *, actor_membership: Membership, item: Item, action: str, reason: str
) -> ModerationDecision:
    """Hide, restore, or dismiss the reports of ``item``; every open report on it is closed.

    Hiding tells the author (``CONTENT_HIDDEN``). The item row is locked while deciding.
    """
    reason = _clean_text(reason, field="reason", required=True)
    locked = _lock(item)
    reports = Report.objects.filter(state=Report.State.OPEN, **_target(locked))
    open_count = reports.count()
    _check_decision(actor_membership, locked, action, open_count)
    before = _state(locked, open_count)
    if action in (Action.HIDE, Action.RESTORE):
        locked.is_hidden = action == Action.HIDE
        locked.save(update_fields=["is_hidden"])
        item.is_hidden = locked.is_hidden
    reports.update(state=Report.State.CLOSED)
    decision = ModerationDecision.objects.create(
        brand_id=locked.brand_id,
        actor=actor_membership.user,
        action=action,
        reason=reason,
        before=before,
        after=_state(locked, 0),
        **_target(locked),
    )
    if action == Action.HIDE:
        _tell_author(actor_membership, locked)
    record_staff_action(
        brand_id=locked.brand_id,
        actor_id=actor_membership.pk,
        action="triage" if action == Action.DISMISS else "moderation",
        idea_id=locked.idea_id if isinstance(locked, Comment) else locked.pk,
    )
    return decision


def _tell_author(actor_membership: Membership, item: Item) -> None:
    author = Membership.objects.select_related("user", "brand").get(pk=item.author_id)
    is_comment = isinstance(item, Comment)
    notify(
        recipients=[author.user],
        brand=author.brand,
        kind=Notification.Kind.CONTENT_HIDDEN,
        actor=actor_membership.user,
        idea=item.idea if is_comment else item,  # type: ignore[union-attr]
        comment=item if is_comment else None,
        data={"target": "comment" if is_comment else "idea"},
    )
