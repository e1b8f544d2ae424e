from __future__ import annotations

from typing import Any

from celery import shared_task


@shared_task(acks_late=True, ignore_result=True)
def send_notification_emails(notification_ids: list[int]) -> int:
    """E-mail each notification once (idempotent: ``emailed_at`` marks what was sent)."""
    from cocrea.notifications.emails import send_pending

    return send_pending(notification_ids)


@shared_task(bind=True, acks_late=True, ignore_result=True)
def deliver_email(self: Any, outgoing_id: int) -> str:
    """Deliver one outbox row (notifications/outbox.py); a redelivered task takes its own claim
    back, so a worker killed mid-send is made good once."""
    from cocrea.notifications.outbox import deliver

    return deliver(outgoing_id, claimer=self.request.id or "")


@shared_task(acks_late=True, ignore_result=True)
def sweep_outbox() -> dict[str, int]:
    """Every minute (beat): queue due retries, take back stale claims, e-mail notifications
    whose task never ran (the broker was down when they were made)."""
    from cocrea.notifications.emails import sweep_unsent
    from cocrea.notifications.outbox import sweep

    result = sweep()
    result["notifications"] = sweep_unsent()
    return result


@shared_task(acks_late=True, ignore_result=True, queue="batch")
def send_daily_digests() -> int:
    """Beat, every morning: one e-mail per person gathering the day's "daily" notifications."""
    from cocrea.notifications.digests import send_digests

    return send_digests(mode="daily")


@shared_task(acks_late=True, ignore_result=True, queue="batch")
def send_weekly_digests() -> int:
    """Beat, on Monday mornings: the week's "weekly" notifications, one e-mail per person."""
    from cocrea.notifications.digests import send_digests

    return send_digests(mode="weekly")
