"""A small webhook receiver: the demo's (``cocrea webhook_receiver``), the tests' and the
benchmark's. It checks each delivery's signature with the documented recipe and keeps what
it received; ``behaviour`` makes it misbehave the ways a real receiver can.
"""

from __future__ import annotations

import contextlib
import errno
import json
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from cocrea.webhooks.signing import verify

OK, FAIL, HANG, REDIRECT, HUGE, STREAM = "ok", "500", "hang", "redirect", "huge", "stream"
HUGE_BYTES = 10 * 1024 * 1024


@dataclass
class Received:
    path: str
    headers: dict[str, str]
    body: bytes
    verified: bool | None  # None: no secret to check with
    at: float = field(default_factory=time.time)

    def json(self) -> Any:
        return json.loads(self.body)


class Receiver:
    """An HTTP server on 127.0.0.1 in a thread. ``secrets``: the endpoint secrets it accepts."""

    def __init__(
        self,
        *,
        secrets: list[str] | None = None,
        port: int = 0,
        ports: range | None = None,
        on_receive: Callable[[Received], None] | None = None,
    ) -> None:
        self.secrets = list(secrets or [])
        self.behaviour = OK
        self.hang_s = 30.0
        self.received: list[Received] = []
        self.on_receive = on_receive
        self._lock = threading.Lock()
        self._arrived = threading.Condition(self._lock)
        self.server = _bind(port, ports, _handler(self))
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]
        self.url = f"http://127.0.0.1:{self.port}/hooks"
        self._thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> Receiver:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()

    def start(self) -> Receiver:
        return self.__enter__()

    def stop(self) -> None:
        self.__exit__()

    def record(self, item: Received) -> None:
        with self._arrived:
            self.received.append(item)
            self._arrived.notify_all()
        if self.on_receive is not None:
            self.on_receive(item)

    def wait_for(self, count: int, timeout: float = 10.0) -> list[Received]:
        """Block until ``count`` deliveries arrived (or the time is up); return them all."""
        deadline = time.monotonic() + timeout
        with self._arrived:
            while len(self.received) < count and (left := deadline - time.monotonic()) > 0:
                self._arrived.wait(left)
            return list(self.received)

    def check(self, headers: dict[str, str], body: bytes) -> bool | None:
        if not self.secrets:
            return None
        return any(
            verify(
                secret=secret,
                body=body,
                timestamp=headers.get("Cocrea-Timestamp", ""),
                signature=headers.get("Cocrea-Signature", ""),
            )
            for secret in self.secrets
        )


def _bind(port: int, ports: range | None, handler: type) -> ThreadingHTTPServer:
    for candidate in ports if ports is not None else [port]:
        try:
            return ThreadingHTTPServer(("127.0.0.1", candidate), handler)
        except OSError as error:
            if error.errno != errno.EADDRINUSE or ports is None:
                raise
    raise OSError(errno.EADDRINUSE, f"no free port in {ports}")


def _handler(receiver: Receiver) -> type:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: Any) -> None:
            return

        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(min(length, 5 * 1024 * 1024))
            headers = {key: value for key, value in self.headers.items()}
            behaviour = receiver.behaviour
            receiver.record(Received(self.path, headers, body, receiver.check(headers, body)))
            if behaviour == HANG:
                time.sleep(receiver.hang_s)
                return
            if behaviour == FAIL:
                self._answer(500, b'{"error": "receiver broken"}')
            elif behaviour == REDIRECT:
                self._answer(302, b"", {"Location": f"http://127.0.0.1:{receiver.port}/moved"})
            elif behaviour == HUGE:
                self._answer(200, b"x" * HUGE_BYTES)
            elif behaviour == STREAM:
                self._stream(HUGE_BYTES)
            else:
                self._answer(200, b'{"received": true}')

        def _answer(self, status: int, body: bytes, extra: dict[str, str] | None = None) -> None:
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            for key, value in (extra or {}).items():
                self.send_header(key, value)
            self.end_headers()
            # The sender may stop reading (an answer too long for it): expected.
            with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                self.wfile.write(body)

        def _stream(self, size: int) -> None:
            """An answer with no length, its end the connection's close."""
            self.send_response(200)
            self.send_header("Connection", "close")
            self.end_headers()
            self.close_connection = True
            chunk = b"y" * 65536
            with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                for _ in range(size // len(chunk)):
                    self.wfile.write(chunk)

    return Handler
