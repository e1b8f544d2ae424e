from __future__ import annotations

from django.utils import timezone

from cocrea.notifications.models import Notification


def send_pending(notification_ids: list[int]) -> int:
    """Placeholder replaced by the notifications work: marks rows as e-mailed."""
    return Notification.objects.filter(id__in=notification_ids, emailed_at=None).update(
        emailed_at=timezone.now()
    )
