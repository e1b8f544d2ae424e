from __future__ import annotations

from django.http import HttpRequest

from cocrea.notifications.models import Notification


def unread_notifications(request: HttpRequest) -> dict[str, object]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {
        "unread_notification_count": lambda: Notification.objects.filter(
            recipient=user, read_at__isnull=True
        ).count()
    }
