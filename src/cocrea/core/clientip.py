"""The client's address, read the way allauth reads it (one pair of settings for both).

``ALLAUTH_TRUSTED_CLIENT_IP_HEADER`` names a header the proxy sets alone; otherwise, with
``ALLAUTH_TRUSTED_PROXY_COUNT = n > 0``, the n-th address from the right of X-Forwarded-For
(each trusted proxy appends the address it saw); otherwise the TCP peer (``REMOTE_ADDR``).
"""

from __future__ import annotations

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def _valid(raw: str | None) -> str | None:
    if not raw:
        return None
    try:
        return str(ipaddress.ip_address(raw.strip()))
    except ValueError:
        return None


def client_ip(request: HttpRequest) -> str:
    """The client's address, or ``"unknown"`` when the trusted source gives none that parses."""
    header = getattr(settings, "ALLAUTH_TRUSTED_CLIENT_IP_HEADER", None)
    if header:
        return _valid(request.headers.get(header)) or "unknown"
    count = getattr(settings, "ALLAUTH_TRUSTED_PROXY_COUNT", 0)
    forwarded = request.headers.get("X-Forwarded-For", "")
    if count > 0 and forwarded:
        hops = [hop.strip() for hop in forwarded.split(",")]
        if len(hops) >= count:
            return _valid(hops[-count]) or "unknown"
    return _valid(request.META.get("REMOTE_ADDR")) or "unknown"
