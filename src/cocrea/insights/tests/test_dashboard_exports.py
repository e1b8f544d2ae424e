"""CSV and JSON exports of contributions and themes."""

from __future__ import annotations

import csv
import io
import json

import pytest
from django.urls import reverse

from cocrea.insights.exports import safe_cell
from cocrea.insights.tests.factories import NeedFactory, VoiceFactory, build_dataset

pytestmark = pytest.mark.django_db


@pytest.fixture
def data(brand, campaign, other_brand):  # type: ignore[no-untyped-def]
    return build_dataset(brand, campaign, other_brand)


def _body(response) -> str:  # type: ignore[no-untyped-def]
    assert response.status_code == 200
    if response.streaming:
        return b"".join(response.streaming_content).decode("utf-8")
    return response.content.decode("utf-8")


def _csv(response) -> list[dict[str, str]]:  # type: ignore[no-untyped-def]
    return list(csv.DictReader(io.StringIO(_body(response).lstrip("\ufeff"))))


def _url(brand, name: str, fmt: str) -> str:  # type: ignore[no-untyped-def]
    return reverse(f"insights_dashboard:export_{name}", args=[brand.slug, fmt])


def test_voices_csv_holds_each_contribution_with_its_analysis(as_alice, brand, data):  # type: ignore[no-untyped-def]
    response = as_alice.get(_url(brand, "voices", "csv"))
    assert response.streaming
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment;" in response["Content-Disposition"]
    rows = _csv(response)
    assert len(rows) == 12  # the last 30 days, the dashboard's default period
    assert set(rows[0]) == {
        "id",
        "channel",
        "campaign",
        "language",
        "created_at",
        "title",
        "text",
        "sentiment",
        "keywords",
        "theme",
        "needs",
    }
    queue = next(r for r in rows if r["text"] == "The queue is far too long.")
    assert queue["theme"] == "Waiting time"
    assert queue["campaign"] == "The store of tomorrow"
    assert queue["language"] == "fr"
    assert float(queue["sentiment"]) == pytest.approx(-0.6)
    assert queue["needs"] == "Il faudrait une deuxième caisse."
    assert queue["keywords"] == "cup; coffee"


def test_voices_json_parses_and_respects_the_filters(as_alice, brand, data):  # type: ignore[no-untyped-def]
    response = as_alice.get(_url(brand, "voices", "json"), {"theme": data["waiting"].pk})
    records = json.loads(_body(response))
    assert sorted(r["id"] for r in records) == sorted(v.pk for v in data["waiting_voices"])
    first = next(r for r in records if r["id"] == data["waiting_voices"][1].pk)
    assert first["needs"] == ["I wish you opened earlier."]
    assert first["theme"] == "Waiting time" and first["keywords"] == ["cup", "coffee"]
    records = json.loads(_body(as_alice.get(_url(brand, "voices", "json"), {"period": "all"})))
    assert len(records) == 21


def test_exports_never_hold_another_brands_voices(as_alice, brand, data):  # type: ignore[no-untyped-def]
    for fmt in ("csv", "json"):
        body = _body(as_alice.get(_url(brand, "voices", fmt), {"period": "all"}))
        assert "GLOBEX" not in body
        body = _body(as_alice.get(_url(brand, "themes", fmt), {"period": "all"}))
        assert "Globex secret theme" not in body


def test_csv_neutralises_formula_injection(as_alice, brand, campaign):  # type: ignore[no-untyped-def]
    voice = VoiceFactory(
        brand=brand,
        campaign=campaign,
        title='=HYPERLINK("http://evil")',
        text="+1 great",
        keywords=["@cmd", "-2"],
        sentiment=-0.5,
    )
    NeedFactory(voice=voice, sentence="=1+1 please add")
    rows = _csv(as_alice.get(_url(brand, "voices", "csv")))
    (row,) = rows
    assert row["title"] == '\'=HYPERLINK("http://evil")'
    assert row["text"] == "'+1 great"
    assert row["keywords"] == "'@cmd; -2"
    assert row["needs"] == "'=1+1 please add"
    assert row["sentiment"] == "-0.5"  # numbers stay numbers


def test_safe_cell_prefixes_only_dangerous_text() -> None:
    assert [safe_cell(v) for v in ("=A1", "+1", "-x", "@y", "\tz", "ok", -1.5, 3)] == [
        "'=A1",
        "'+1",
        "'-x",
        "'@y",
        "'\tz",
        "ok",
        -1.5,
        3,
    ]


def test_themes_csv_and_json(as_alice, brand, data):  # type: ignore[no-untyped-def]
    rows = _csv(as_alice.get(_url(brand, "themes", "csv")))
    assert [r["label"] for r in rows] == [
        "Reusable cups",
        "Waiting time",
        "Prices",
        "Vegan options",
    ]
    cups = rows[0]
    assert cups["keyphrases"] == "reusable cup; deposit"
    assert cups["voices"] == "4"
    assert float(cups["sentiment"]) == pytest.approx(0.25)
    assert cups["quotes"].split(" | ")[0] == "Bring your own cup, get a discount."
    records = json.loads(_body(as_alice.get(_url(brand, "themes", "json"))))
    waiting = next(r for r in records if r["label"] == "Waiting time")
    assert waiting["growth"] == pytest.approx(0.25)
    assert waiting["keyphrases"] == ["queue"]
    assert len(waiting["quotes"]) == 3


def test_member_is_refused_the_exports(as_bob, brand, data):  # type: ignore[no-untyped-def]
    for name in ("voices", "themes"):
        for fmt in ("csv", "json"):
            assert as_bob.get(_url(brand, name, fmt)).status_code == 403


def test_export_streams_in_chunks_with_few_queries(  # type: ignore[no-untyped-def]
    as_alice, brand, campaign, django_assert_max_num_queries
):
    for voice in VoiceFactory.create_batch(50, brand=brand, campaign=campaign):
        NeedFactory(voice=voice)
    with django_assert_max_num_queries(12):
        rows = _csv(as_alice.get(_url(brand, "voices", "csv")))
    assert len(rows) == 50 and all(r["needs"] for r in rows)
