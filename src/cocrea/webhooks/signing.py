"""Signatures of webhook deliveries: HMAC-SHA256 over ``timestamp + "." + body``.

The recipe a receiver follows (docs/webhooks.md): take the ``Cocrea-Timestamp`` header and the
raw body bytes, compute ``hex(HMAC-SHA256(key=secret as UTF-8, msg=timestamp + "." + body))``
and compare it, in constant time, with each ``v1=`` value of ``Cocrea-Signature`` (two values
while a rotated secret is still valid). Refuse a timestamp older than five minutes (replays).
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import time
from collections.abc import Iterable

SECRET_PREFIX = "whsec_"  # noqa: S105 (a prefix, not a secret)
TOLERANCE_S = 300


def new_secret() -> str:
    return SECRET_PREFIX + secrets.token_urlsafe(32)


def sign(secret: str, timestamp: int | str, body: bytes) -> str:
    message = str(timestamp).encode("ascii") + b"." + body
    return hmac.new(secret.encode("utf-8"), message, hashlib.sha256).hexdigest()


def signature_header(secrets_: Iterable[str], timestamp: int, body: bytes) -> str:
    """``v1=<hex>`` for each valid secret, newest first, joined by commas."""
    return ",".join(f"v1={sign(secret, timestamp, body)}" for secret in secrets_ if secret)


def verify(
    *,
    secret: str,
    body: bytes,
    timestamp: str,
    signature: str,
    tolerance_s: int = TOLERANCE_S,
    now: float | None = None,
) -> bool:
    """True if one ``v1=`` value of the header signs this body at this recent timestamp."""
    try:
        sent_at = int(timestamp)
    except (TypeError, ValueError):
        return False
    if abs((now if now is not None else time.time()) - sent_at) > tolerance_s:
        return False
    expected = sign(secret, sent_at, body)
    values = [part.strip()[3:] for part in signature.split(",") if part.strip().startswith("v1=")]
    return any(hmac.compare_digest(expected, value) for value in values)
