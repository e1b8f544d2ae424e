"""One-click unsubscribe: a signed link in every e-mail, that works without logging in and only
for the person it was sent to (the signature covers her id and the kind; it never expires, as
old e-mails keep their links). RFC 8058: the same address takes the mail client's one-click
POST (``List-Unsubscribe-Post: List-Unsubscribe=One-Click``)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core import signing
from django.urls import reverse

from cocrea.notifications.models import Notification

SALT = "cocrea.notifications.unsubscribe"
ALL = "*"


def unsubscribe_token(user: Any, kind: str | None = None) -> str:
    return signing.dumps({"u": user.pk, "k": kind or ALL}, salt=SALT, compress=True)


def unsubscribe_url(user: Any, kind: str | None = None) -> str:
    return settings.SITE_URL + reverse(
        "notifications:unsubscribe", args=[unsubscribe_token(user, kind)]
    )


def unsubscribe_headers(user: Any, kind: str | None = None) -> dict[str, str]:
    return {
        "List-Unsubscribe": f"<{unsubscribe_url(user, kind)}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }


def read_token(token: str) -> tuple[int, str | None] | None:
    """(user id, kind or None for every kind), or ``None`` if the token was not signed by us."""
    if not token or len(token) > 300:
        return None
    try:
        data = signing.loads(token, salt=SALT)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict) or not isinstance(data.get("u"), int):
        return None
    kind = data.get("k")
    if kind == ALL:
        return data["u"], None
    if kind not in Notification.Kind.values:
        return None
    return data["u"], str(kind)
