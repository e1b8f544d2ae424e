"""Outgoing HTTP for webhooks: one POST, bounded in every way a receiver could abuse.

- the host is resolved here and every address checked: private, loopback, link-local,
  multicast and reserved addresses are refused unless ``WEBHOOK_ALLOWED_NETWORKS`` lists them;
  the connection then goes to the checked address (a second DNS answer cannot redirect it);
- one deadline (``WEBHOOK_TIMEOUT_S``) for connecting, sending and reading the answer, so a
  receiver that trickles bytes is cut off like one that hangs;
- redirects are never followed (a 3xx is a failure that names where it pointed);
- at most ``WEBHOOK_MAX_RESPONSE_BYTES`` of the answer are read: a longer one is a failure.
"""

from __future__ import annotations

import http.client
import ipaddress
import socket
import ssl
import time
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings

EXCERPT_CHARS = 1000
CHUNK = 64 * 1024
IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


@dataclass(frozen=True)
class Result:
    ok: bool
    status: int | None
    duration_ms: int
    error: str = ""
    excerpt: str = ""


class Refused(Exception):
    """The URL may not be called (scheme, or an address the operator does not allow)."""


def allowed_networks() -> list[ipaddress.IPv4Network | ipaddress.IPv6Network]:
    return [ipaddress.ip_network(n, strict=False) for n in settings.WEBHOOK_ALLOWED_NETWORKS]


def is_public(address: IPAddress) -> bool:
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    return address.is_global and not address.is_multicast


def check_address(address: IPAddress) -> None:
    if any(address in network for network in allowed_networks()):
        return
    if not is_public(address):
        raise Refused(f"address {address} is not public (WEBHOOK_ALLOWED_NETWORKS)")


def check_url(url: str) -> tuple[str, str, int]:
    """Scheme, host and port of a URL a webhook may be sent to (no address check)."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise Refused("only http and https URLs")
    if parts.username or parts.password:
        raise Refused("no credentials in the URL")
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError as error:
        raise Refused("invalid port") from error
    return parts.scheme, parts.hostname, port


def resolve(host: str, port: int) -> IPAddress:
    """The first address of ``host``, once all of them are allowed."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as error:
        raise Refused(f"cannot resolve {host}") from error
    addresses = [ipaddress.ip_address(str(info[4][0]).split("%", 1)[0]) for info in infos]
    for address in addresses:
        check_address(address)
    return addresses[0]


class _PinnedHTTP(http.client.HTTPConnection):
    def __init__(self, host: str, port: int, address: str, timeout: float) -> None:
        super().__init__(host, port, timeout=timeout)
        self._address = address

    def connect(self) -> None:
        self.sock = socket.create_connection((self._address, self.port), self.timeout)
        self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)


class _PinnedHTTPS(http.client.HTTPSConnection):
    def __init__(self, host: str, port: int, address: str, timeout: float) -> None:
        super().__init__(host, port, timeout=timeout, context=ssl.create_default_context())
        self._address = address

    def connect(self) -> None:
        sock = socket.create_connection((self._address, self.port), self.timeout)
        self.sock = self._context.wrap_socket(sock, server_hostname=self.host)  # type: ignore[attr-defined]


def excerpt(raw: bytes) -> str:
    """The start of an answer, readable and storable (no NUL: PostgreSQL text refuses it)."""
    text = raw[: EXCERPT_CHARS * 4].decode("utf-8", errors="replace")[:EXCERPT_CHARS]
    return text.replace("\x00", "\ufffd")


def post(url: str, body: bytes, headers: dict[str, str]) -> Result:
    """POST ``body`` to ``url``; never raises for what the receiver does."""
    started = time.monotonic()
    deadline = started + settings.WEBHOOK_TIMEOUT_S

    def done(ok: bool, status: int | None, error: str = "", raw: bytes = b"") -> Result:
        ms = int((time.monotonic() - started) * 1000)
        return Result(ok=ok, status=status, duration_ms=ms, error=error[:300], excerpt=excerpt(raw))

    try:
        scheme, host, port = check_url(url)
        address = str(resolve(host, port))
    except Refused as error:
        return done(False, None, f"refused: {error}")
    kind = _PinnedHTTPS if scheme == "https" else _PinnedHTTP
    conn = kind(host, port, address, timeout=min(5.0, settings.WEBHOOK_TIMEOUT_S))
    try:
        parts = urlsplit(url)
        target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        conn.request("POST", target, body=body, headers=headers)
        _remaining(conn, deadline)
        response = conn.getresponse()
        raw, too_big = _read_capped(conn, response, deadline)
    except TimeoutError:
        return done(False, None, f"timeout after {settings.WEBHOOK_TIMEOUT_S} s")
    except (OSError, http.client.HTTPException, ValueError) as error:
        return done(False, None, f"connection failed: {type(error).__name__}: {error}")
    finally:
        conn.close()
    status = response.status
    if too_big:
        limit = settings.WEBHOOK_MAX_RESPONSE_BYTES
        return done(False, status, f"answer longer than {limit} bytes: not read", raw)
    if 300 <= status < 400:
        where = (response.getheader("Location") or "")[:200]
        return done(False, status, f"redirect to {where!r} not followed", raw)
    if not 200 <= status < 300:
        return done(False, status, f"HTTP {status}", raw)
    return done(True, status, "", raw)


def _remaining(conn: http.client.HTTPConnection, deadline: float) -> None:
    left = deadline - time.monotonic()
    if left <= 0:
        raise TimeoutError
    if conn.sock is not None:
        conn.sock.settimeout(left)


def _read_capped(
    conn: http.client.HTTPConnection, response: http.client.HTTPResponse, deadline: float
) -> tuple[bytes, bool]:
    """The answer's body up to the cap, and whether there was more (never read further)."""
    limit = settings.WEBHOOK_MAX_RESPONSE_BYTES
    length = response.getheader("Content-Length")
    if length and length.isdigit() and int(length) > limit:
        return response.read1(min(CHUNK, limit)) if limit else b"", True
    chunks: list[bytes] = []
    size = 0
    while True:
        _remaining(conn, deadline)
        chunk = response.read1(CHUNK)
        if not chunk:
            return b"".join(chunks), False
        size += len(chunk)
        if size > limit:
            return b"".join(chunks)[:limit], True
        chunks.append(chunk)
