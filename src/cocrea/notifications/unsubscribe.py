"""One-click unsubscribe: a signed link in every e-mail, that works without logging in and only
for the person it was sent to (the signature covers her id, the kind and the brand the e-mail
came from, whose look the page wears; it never expires, as old e-mails keep their links).
RFC 8058: the same address takes the mail client's one-click POST
(``List-Unsubscribe-Post: List-Unsubscribe=One-Click``)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core import signing
from django.urls import reverse

from cocrea.notifications.models import Notification

SALT = "cocrea.notifications.unsubscribe"
ALL = "*"


@dataclass(frozen=True)
class Unsubscribe:
    """What a signed link says: whose e-mails stop, which kind (``None``: every kind), and the
    brand that sent the e-mail (``None``: the platform, or a link from before brands were in it)."""

    user_id: int
    kind: str | None
    brand_id: int | None


def unsubscribe_token(user: Any, kind: str | None = None, brand: Any = None) -> str:
    data: dict[str, Any] = {"u": user.pk, "k": kind or ALL}
    if brand is not None:
        data["b"] = brand.pk
    return signing.dumps(data, salt=SALT, compress=True)


def unsubscribe_url(user: Any, kind: str | None = None, brand: Any = None) -> str:
    return settings.SITE_URL + reverse(
        "notifications:unsubscribe", args=[unsubscribe_token(user, kind, brand)]
    )


def unsubscribe_headers(user: Any, kind: str | None = None, brand: Any = None) -> dict[str, str]:
    return {
        "List-Unsubscribe": f"<{unsubscribe_url(user, kind, brand)}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }


def read_token(token: str) -> Unsubscribe | None:
    """What the link says, or ``None`` if the token was not signed by us."""
    if not token or len(token) > 300:
        return None
    try:
        data = signing.loads(token, salt=SALT)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict) or not isinstance(data.get("u"), int):
        return None
    brand_id = data.get("b")
    if brand_id is not None and not isinstance(brand_id, int):
        return None
    kind = data.get("k")
    if kind == ALL:
        return Unsubscribe(data["u"], None, brand_id)
    if kind not in Notification.Kind.values:
        return None
    return Unsubscribe(data["u"], str(kind), brand_id)
