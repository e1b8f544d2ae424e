"""E-mails for notifications, each in its recipient's language, sent once.

Idempotent and retry-safe: a row is *claimed* by setting ``emailed_at`` with a conditional
UPDATE before sending, so two workers (or a task run twice) never send the same e-mail twice.
If sending fails the claim is released and the error propagates, so the task can be retried.
"""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import timezone, translation

from cocrea.brands.mail import brand_from_email, email_theme
from cocrea.core.html import html_to_text
from cocrea.ideas.models import StatusChange
from cocrea.notifications.models import Notification
from cocrea.notifications.texts import notification_text, target_path


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
    )
    message.attach_alternative(html, "text/html")
    return message


def send_pending(notification_ids: list[int]) -> int:
    """Send the e-mail of each notification not e-mailed yet; returns how many were sent."""
    rows = Notification.objects.filter(id__in=notification_ids, emailed_at=None).select_related(
        "recipient", "brand", "idea__author"
    )
    sent = 0
    for notification in rows:
        if not _claim(notification):
            continue  # another worker took it
        if not notification.recipient.is_active or not notification.recipient.email:
            continue
        try:
            build_message(notification).send()
        except Exception:
            Notification.objects.filter(pk=notification.pk).update(emailed_at=None)
            raise
        sent += 1
    return sent
