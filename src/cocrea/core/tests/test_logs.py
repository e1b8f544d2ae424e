"""A 4xx is logged in one line (no traceback); a 5xx keeps its traceback; JSON logs parse."""

from __future__ import annotations

import io
import json
import logging
from collections.abc import Iterator

import pytest
from django.test import Client

from cocrea.core.logs import JsonFormatter


@pytest.fixture
def console() -> Iterator[io.StringIO]:
    """What the configured console handler writes."""
    handler = next(h for h in logging.getLogger().handlers if h.get_name() == "console")
    stream = io.StringIO()
    old = handler.setStream(stream)
    yield stream
    handler.setStream(old)


def test_a_403_is_one_line(console, client: Client, brand, bob):
    client.force_login(bob.user)
    assert client.get(f"/b/{brand.slug}/console/team/").status_code == 403
    lines = [line for line in console.getvalue().splitlines() if line]
    assert len(lines) == 1, lines
    assert "Forbidden (Permission denied)" in lines[0]
    assert "Traceback" not in console.getvalue()


def test_a_disallowed_host_is_one_line_with_its_reason(console, client: Client, db):
    assert client.get("/healthz", HTTP_HOST="evil.example").status_code == 400
    lines = [line for line in console.getvalue().splitlines() if line]
    assert len(lines) == 1, lines
    assert "evil.example" in lines[0]


def test_a_server_error_keeps_its_traceback(console):
    logger = logging.getLogger("django.request")
    try:
        raise RuntimeError("boom")
    except RuntimeError:
        logger.error("Internal Server Error: /x", exc_info=True, extra={"status_code": 500})
    assert "Traceback" in console.getvalue()


def test_json_lines_carry_the_status_and_the_path(rf):
    record = logging.LogRecord(
        "django.request", logging.WARNING, "", 0, "Not Found: %s", ("/x",), None
    )
    record.status_code = 404
    record.request = rf.get("/x")
    entry = json.loads(JsonFormatter().format(record))
    assert entry["message"] == "Not Found: /x"
    assert entry["status_code"] == 404 and entry["path"] == "/x" and entry["method"] == "GET"
    assert entry["level"] == "WARNING" and entry["logger"] == "django.request"
