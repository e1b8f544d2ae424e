"""E-mails for notifications, each in its recipient's language, sent once.

Idempotent and retry-safe: a row is *claimed* by setting ``emailed_at`` with a conditional
UPDATE, in the same transaction as the e-mail's row in the outbox (``notifications/outbox.py``,
which retries the delivery until it is sent): either both are written or neither, so two workers
(or a task run twice) never send the same e-mail twice and none is lost between them. If writing
fails the claim is released and the error propagates. ``sweep_unsent`` (beat, every minute)
picks up notifications whose task never ran.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from cocrea.brands.mail import brand_from_email, email_theme
from cocrea.core.html import html_to_text
from cocrea.ideas.models import StatusChange
from cocrea.notifications.models import Notification
from cocrea.notifications.texts import notification_text, target_path
from cocrea.notifications.unsubscribe import unsubscribe_headers, unsubscribe_url


def _claim(notification: Notification) -> bool:
    now = timezone.now()
    claimed = Notification.objects.filter(pk=notification.pk, emailed_at=None).update(
        emailed_at=now
    )
    return claimed == 1


def _official_answer(notification: Notification) -> str:
    """The answer that came with a status change or merge (sanitised HTML), if any."""
    kinds = {Notification.Kind.STATUS_CHANGED, Notification.Kind.IDEA_MERGED}
    if notification.kind not in kinds or notification.idea_id is None:
        return ""
    idea_id = notification.idea_id
    if notification.kind == Notification.Kind.IDEA_MERGED:
        idea_id = notification.data.get("source_id", idea_id)
    change = (
        StatusChange.objects.filter(idea_id=idea_id, created_at__lte=notification.created_at)
        .order_by("-created_at", "-id")
        .only("answer")
        .first()
    )
    return change.answer if change is not None else ""


def build_message(notification: Notification) -> EmailMultiAlternatives:
    user = notification.recipient
    with translation.override(user.language or settings.LANGUAGE_CODE):
        text = notification_text(notification)
        answer = _official_answer(notification)
        context = {
            "notification": notification,
            "answer_html": answer,
            "answer": html_to_text(answer),
            "text": text,
            "recipient": user,
            "url": settings.SITE_URL + target_path(notification),
            "brand": notification.brand,
            "theme": email_theme(notification.brand),
            "unsubscribe_url": unsubscribe_url(user, notification.kind, notification.brand),
            "preferences_url": settings.SITE_URL + reverse("notifications:preferences"),
            "site_url": settings.SITE_URL,
        }
        subject = f"[{notification.brand.name}] {text}"
        body = render_to_string("notifications/email/notification.txt", context)
        html = render_to_string("notifications/email/notification.html", context)
    message = EmailMultiAlternatives(
        subject=subject.replace("\n", " ")[:200],
        body=body,
        from_email=brand_from_email(notification.brand),
        to=[user.email],
        headers=unsubscribe_headers(user, notification.kind, notification.brand),
    )
    message.attach_alternative(html, "text/html")
    return message


def _send_one(notification: Notification) -> bool:
    with transaction.atomic():
        if not _claim(notification):
            return False  # another worker took it
        if not notification.recipient.is_active or not notification.recipient.email:
            return False
        build_message(notification).send()
    return True


def send_pending(notification_ids: list[int]) -> int:
    """Send the e-mail of each notification not e-mailed yet; returns how many were sent."""
    rows = Notification.objects.filter(id__in=notification_ids, emailed_at=None).select_related(
        "recipient", "brand", "idea__author"
    )
    sent = 0
    for notification in rows:
        try:
            sent += _send_one(notification)
        except Exception:
            Notification.objects.filter(pk=notification.pk).update(emailed_at=None)
            raise
    return sent


def sweep_unsent(now: datetime | None = None) -> int:
    """E-mail the notifications of the last two days that are older than two minutes and were
    never claimed (their task was lost: the broker was down at commit). Returns how many."""
    now = now or timezone.now()
    ids = list(
        Notification.objects.filter(
            emailed_at=None,
            email_mode="now",  # digests and in-app-only rows are not for this sweep
            created_at__lt=now - timedelta(minutes=2),
            created_at__gte=now - timedelta(days=2),
        )
        .order_by("id")
        .values_list("id", flat=True)[:500]
    )
    return send_pending(ids) if ids else 0
