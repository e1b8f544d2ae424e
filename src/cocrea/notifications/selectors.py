from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from cocrea.core import objcache
from cocrea.notifications.models import Notification


def unread_key(user_id: int) -> str:
    return f"unread:{user_id}"


def unread_count(user: Any) -> int:
    """How many notifications the user has not read (every page shows it): through the object
    cache, deleted by the services that create notifications or mark them read."""
    return objcache.cached(
        unread_key(user.pk),
        lambda: Notification.objects.filter(recipient=user, read_at__isnull=True).count(),
    )


def notifications_for(user: Any) -> QuerySet[Notification]:
    """The viewer's own notifications, newest first, with what their text and link need."""
    return (
        Notification.objects.filter(recipient=user)
        .select_related("brand", "idea__author", "comment__author__user")
        .order_by("-created_at", "-id")
    )
