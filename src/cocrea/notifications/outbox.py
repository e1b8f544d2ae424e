"""The e-mail outbox: every e-mail is a row first, then a delivery, retried until it is sent.

``OutboxBackend`` is ``EMAIL_BACKEND``: anything Django sends (notifications, allauth's
confirmations and password resets) is written to ``OutgoingEmail`` in the caller's transaction,
and its delivery is queued after commit (queue ``email``). ``deliver`` sends it with the real
backend (``EMAIL_DELIVERY_BACKEND``: SMTP in production). A failure schedules a new attempt
(1 min, 5 min, 30 min, 2 h, 6 h…) until ``EMAIL_MAX_ATTEMPTS``, then the row is ``failed`` and
stays for the operator (``cocrea outbox``). ``sweep`` (beat, every minute) queues what is due,
takes back claims left by a worker that died, and deletes sent rows after
``EMAIL_OUTBOX_KEEP_DAYS``.

At least once, never twice in the normal course: a delivery is claimed by a conditional UPDATE
(two workers never send one row), and a task redelivered after its worker was killed (same task
id) takes its own claim back and sends. Only a worker killed between the SMTP server's "250 OK"
and the next statement can cause a second copy.
"""

from __future__ import annotations

import base64
import logging
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage, EmailMultiAlternatives, get_connection
from django.core.mail.backends.base import BaseEmailBackend
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from cocrea.notifications.models import OutgoingEmail

log = logging.getLogger(__name__)
State = OutgoingEmail.State
BACKOFF_S = [60, 300, 1800, 7200, 21600]  # then every 6 hours


def backoff(attempts: int) -> timedelta:
    """Wait before the attempt that follows the ``attempts``-th."""
    return timedelta(seconds=BACKOFF_S[min(attempts, len(BACKOFF_S)) - 1])


def _serialise(message: EmailMessage) -> dict[str, Any]:
    attachments = []
    for item in message.attachments:
        if isinstance(item, tuple | list):
            name, content, mimetype = item[0], item[1], item[2]
            raw = content.encode() if isinstance(content, str) else bytes(content)
            attachments.append([name, base64.b64encode(raw).decode(), mimetype])
    return {
        "subject": str(message.subject),
        "body": str(message.body),
        "from_email": message.from_email,
        "to": list(message.to),
        "cc": list(message.cc),
        "bcc": list(message.bcc),
        "reply_to": list(message.reply_to),
        "headers": {str(k): str(v) for k, v in message.extra_headers.items()},
        "alternatives": [[str(a[0]), a[1]] for a in getattr(message, "alternatives", [])],
        "attachments": attachments,
        "content_subtype": message.content_subtype,
    }


def rebuild(data: dict[str, Any]) -> EmailMultiAlternatives:
    message = EmailMultiAlternatives(
        subject=data["subject"],
        body=data["body"],
        from_email=data["from_email"],
        to=data["to"],
        cc=data["cc"],
        bcc=data["bcc"],
        reply_to=data["reply_to"],
        headers=data["headers"],
    )
    message.content_subtype = data.get("content_subtype", "plain")
    for content, mimetype in data["alternatives"]:
        message.attach_alternative(content, mimetype)
    for name, content, mimetype in data["attachments"]:
        message.attach(name, base64.b64decode(content), mimetype)
    return message


def outbox_put(message: EmailMessage) -> OutgoingEmail:
    """Write ``message`` to the outbox and queue its delivery after commit (call inside the
    transaction of what the e-mail announces: if it rolls back, nothing is sent)."""
    from cocrea.notifications.tasks import deliver_email

    row = OutgoingEmail.objects.create(
        to=(message.recipients() or [""])[0][:254],
        subject=str(message.subject)[:255],
        message=_serialise(message),
    )
    transaction.on_commit(lambda: deliver_email.delay(row.pk), robust=True)
    return row


class OutboxBackend(BaseEmailBackend):
    """``EMAIL_BACKEND``: messages go to the outbox; workers deliver them."""

    def send_messages(self, email_messages: Any) -> int:
        count = 0
        for message in email_messages:
            if message.recipients():
                outbox_put(message)
                count += 1
        return count


def _claim(pk: int, claimer: str) -> OutgoingEmail | None:
    now = timezone.now()
    mine = Q(state=State.PENDING, next_attempt_at__lte=now)
    if claimer:  # the same task, redelivered after its worker died, takes its claim back
        mine |= Q(state=State.SENDING, claimed_by=claimer)
    claimed = OutgoingEmail.objects.filter(mine, pk=pk).update(
        state=State.SENDING, claimed_at=now, claimed_by=claimer, attempts=F("attempts") + 1
    )
    return OutgoingEmail.objects.get(pk=pk) if claimed else None


def _failed(row: OutgoingEmail, error: Exception) -> str:
    final = row.attempts >= settings.EMAIL_MAX_ATTEMPTS
    row.state = State.FAILED if final else State.PENDING
    row.next_attempt_at = timezone.now() + backoff(row.attempts)
    row.last_error = f"{error.__class__.__name__}: {error}"[:1000]
    row.save(update_fields=["state", "next_attempt_at", "last_error"])
    log.warning(
        "e-mail %s to %s: attempt %d failed (%s)%s",
        row.pk,
        row.to,
        row.attempts,
        row.last_error,
        "; giving up" if final else "",
    )
    return row.state


def deliver(pk: int, *, claimer: str = "") -> str:
    """Send one outbox row if it is due and nobody else holds it; returns its state after."""
    row = _claim(pk, claimer)
    if row is None:
        return "skipped"
    try:
        with get_connection(settings.EMAIL_DELIVERY_BACKEND, fail_silently=False) as connection:
            connection.send_messages([rebuild(row.message)])
    except Exception as error:
        return _failed(row, error)
    OutgoingEmail.objects.filter(pk=pk).update(
        state=State.SENT, sent_at=timezone.now(), last_error=""
    )
    return State.SENT


def sweep(now: Any = None) -> dict[str, int]:
    """Take back stale claims, queue the deliveries that are due, delete old sent rows."""
    from cocrea.notifications.tasks import deliver_email

    now = now or timezone.now()
    stale = now - timedelta(seconds=settings.EMAIL_CLAIM_TIMEOUT_S)
    released = OutgoingEmail.objects.filter(state=State.SENDING, claimed_at__lt=stale).update(
        state=State.PENDING, claimed_by=""
    )
    # Rows younger than a minute still have their after-commit delivery on its way.
    due = OutgoingEmail.objects.filter(
        state=State.PENDING, next_attempt_at__lte=now, created_at__lt=now - timedelta(minutes=1)
    )
    ids = list(due.order_by("next_attempt_at").values_list("pk", flat=True)[:1000])
    for pk in ids:
        deliver_email.delay(pk)
    keep = now - timedelta(days=settings.EMAIL_OUTBOX_KEEP_DAYS)
    purged, _ = OutgoingEmail.objects.filter(state=State.SENT, sent_at__lt=keep).delete()
    return {"released": released, "queued": len(ids), "purged": purged}


def outbox_figures() -> list[Any]:
    """For /metrics: the e-mails not sent yet, by state."""
    from django.db.models import Count
    from prometheus_client.core import GaugeMetricFamily

    emails = GaugeMetricFamily("cocrea_outbox_emails", "E-mails not sent yet", labels=["state"])
    counts = dict(
        OutgoingEmail.objects.exclude(state=State.SENT)
        .values("state")
        .annotate(n=Count("id"))
        .values_list("state", "n")
    )
    for state in (State.PENDING, State.SENDING, State.FAILED):
        emails.add_metric([state], counts.get(state, 0))
    return [emails]
