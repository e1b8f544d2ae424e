from __future__ import annotations

from celery import shared_task


@shared_task(acks_late=True)
def send_notification_emails(notification_ids: list[int]) -> int:
    """E-mail each notification once (idempotent: ``emailed_at`` marks what was sent)."""
    from cocrea.notifications.emails import send_pending

    return send_pending(notification_ids)
