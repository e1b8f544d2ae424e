from __future__ import annotations

import functools

from django.http import HttpRequest

from cocrea.notifications.selectors import unread_count


def unread_notifications(request: HttpRequest) -> dict[str, object]:
    """The unread count, read once per page (lazily: a fragment that does not show it pays
    nothing) and through the object cache."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"unread_notification_count": functools.cache(lambda: unread_count(user))}
