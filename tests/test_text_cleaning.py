"""Control characters and bidi overrides never reach the database from any form or JSON body;
NUL in a JSON body is refused (core/text.py is the one definition)."""

from __future__ import annotations

import json

import pytest
from django.http import HttpRequest, HttpResponse
from django.test import RequestFactory

from cocrea.core.middleware import BadRequestMiddleware
from cocrea.core.text import clean_text
from tests.test_bad_input import FORMS, _client, _module_world, _path, snapshot, world  # noqa: F401

pytestmark = pytest.mark.django_db

SPOOF = "\u202eexe.txt\u2066\x07\x1b[31m\x85"
FORBIDDEN = ["\u202e", "\u2066", "\x07", "\x1b", "\x85"]


def _strings(tables: dict[str, str]) -> list[str]:
    """Every table's rows as the database holds them (tests/dbstate.py), one string a table."""
    return list(tables.values())


def test_clean_text_keeps_text_and_line_breaks_and_drops_the_rest():
    assert clean_text("Anna\u202etxt.exe") == "Annatxt.exe"
    assert (
        clean_text("ligne 1\r\nligne\t2 — été ☕ 👩\u200d👩")
        == "ligne 1\r\nligne\t2 — été ☕ 👩\u200d👩"
    )
    assert clean_text("a\x01\x08\x0b\x0c\x0e\x1f\x7f\x9fb\u200e\u200f\u061c\u202a\u2069") == "ab"


@pytest.mark.parametrize("key", list(FORMS))
def test_no_form_stores_control_or_bidi_characters(world, key):  # noqa: F811
    form = FORMS[key]
    client = _client(form, world)
    data = {
        name: ([f"{v}{SPOOF}" for v in value] if isinstance(value, list) else f"{value}{SPOOF}")
        if name != "password"
        and not str(value).isdigit()
        and "_starts" not in name
        and "_ends" not in name
        else value
        for name, value in form.data(world).items()
    }
    response = client.post(_path(form, world), data)
    assert response.status_code < 500, key
    stored = _strings(snapshot())
    for char in FORBIDDEN:
        leaks = [text for text in stored if char in text]
        assert not leaks, (key, repr(char), leaks[:2])


def _through_middleware(body: bytes) -> tuple[HttpResponse, HttpRequest | None]:
    seen: list[HttpRequest] = []

    def view(request: HttpRequest) -> HttpResponse:
        seen.append(request)
        return HttpResponse("ok")

    request = RequestFactory().post("/api/ideas", body, content_type="application/json")
    response = BadRequestMiddleware(view)(request)
    return response, (seen[0] if seen else None)


def test_a_json_body_reaches_the_api_without_control_or_bidi_characters():
    body = json.dumps({"title": f"Tasse{SPOOF}", "tags": ["a\u202eb"], "k\x07": 1})
    response, request = _through_middleware(body.encode())
    assert response.status_code == 200 and request is not None
    assert json.loads(request.body) == {"title": "Tasseexe.txt[31m", "tags": ["ab"], "k": 1}


@pytest.mark.parametrize(
    "body", ['{"title": "a\\u0000b"}', '{"a\\u0000": 1}', '[{"deep": ["x", "\\u0000"]}]']
)
def test_a_nul_anywhere_in_a_json_body_is_refused(body):
    response, request = _through_middleware(body.encode())
    assert request is None
    assert response.status_code == 400
    assert json.loads(response.content)["code"] == "nul_byte"
