"""Writes for notifications. Callers pass who should hear about what; this module decides
nothing about *why* (that is the calling service's business)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.utils import timezone

from cocrea.brands.models import Brand
from cocrea.core import objcache
from cocrea.notifications.models import Notification
from cocrea.notifications.selectors import unread_key


def notify(
    *,
    recipients: Iterable[Any],
    brand: Brand,
    kind: str,
    actor: Any | None = None,
    idea: Any | None = None,
    comment: Any | None = None,
    data: dict[str, Any] | None = None,
) -> list[Notification]:
    """Create one notification per recipient (never the actor) and e-mail them after commit.

    Call inside the transaction of the change being announced: if it rolls back, nobody is told.
    """
    from cocrea.notifications.preferences import EMAIL_MODE, Channel, channels_for

    actor_id = getattr(actor, "pk", None)
    unique = {user.pk: user for user in recipients if user is not None and user.pk != actor_id}
    channels = channels_for(unique, kind)  # one query: what each person chose for this kind
    unique = {pk: user for pk, user in unique.items() if channels[pk] != Channel.OFF}
    rows = Notification.objects.bulk_create(
        Notification(
            recipient=user,
            brand=brand,
            kind=kind,
            actor=actor,
            idea=idea,
            comment=comment,
            data=data or {},
            email_mode=EMAIL_MODE[Channel(channels[user.pk])],
        )
        for user in unique.values()
    )
    objcache.invalidate(*(unread_key(pk) for pk in unique))
    ids = [row.pk for row in rows if row.pk is not None and row.email_mode == "now"]
    if not ids and rows and rows[0].pk is None:  # some backends return no ids from bulk_create
        ids = list(
            Notification.objects.filter(
                brand=brand, kind=kind, recipient__in=list(unique), read_at=None, email_mode="now"
            )
            .order_by("-id")
            .values_list("id", flat=True)[: len(unique)]
        )
    if ids:
        from cocrea.notifications.tasks import send_notification_emails

        transaction.on_commit(lambda: send_notification_emails.delay(ids))
    return rows


def notifications_mark_all_read(*, user: Any, brand: Any = None) -> int:
    """Mark every unread notification of ``user`` (of one ``brand`` if given) as read;
    returns how many were unread."""
    objcache.invalidate(unread_key(user.pk))
    unread = Notification.objects.filter(recipient=user, read_at=None)
    if brand is not None:
        unread = unread.filter(brand=brand)
    return unread.update(read_at=timezone.now())


def notification_mark_read(
    *, notification: Notification, with_its_group: bool = False
) -> Notification:
    """Idempotent: a notification read twice keeps its first reading time. ``with_its_group``
    also marks read the unread ones shown with it ("3 new comments on …": same kind, same idea).
    """
    if notification.read_at is None:
        objcache.invalidate(unread_key(notification.recipient_id))
        notification.read_at = timezone.now()
        same = Notification.objects.filter(pk=notification.pk)
        if with_its_group and notification.idea_id is not None:
            same = Notification.objects.filter(
                recipient_id=notification.recipient_id,
                kind=notification.kind,
                idea_id=notification.idea_id,
            )
        same.filter(read_at=None).update(read_at=notification.read_at)
    return notification
