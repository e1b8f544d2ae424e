from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from cocrea.notifications.models import Notification


def notifications_for(user: Any) -> QuerySet[Notification]:
    """The viewer's own notifications, newest first, with what their text and link need."""
    return (
        Notification.objects.filter(recipient=user)
        .select_related("brand", "idea__author")
        .order_by("-created_at", "-id")
    )
