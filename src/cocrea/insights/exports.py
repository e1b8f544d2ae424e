"""CSV and JSON exports of voices (streamed) and themes.

Voices are read with ``iterator(chunk_size=...)`` and written row by row, so an export of 100,000
contributions never holds them in memory; needs are prefetched per chunk (one query per chunk).
Spreadsheet formula injection is neutralised: a text cell starting with ``= + - @`` (or a tab or
carriage return) is prefixed with a single quote.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Iterator
from typing import Any

from django.db.models import Prefetch, QuerySet

from cocrea.insights.models import Need, Voice
from cocrea.insights.selectors import ThemeRow

CHUNK_SIZE = 2000
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
VOICE_FIELDS = [
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
]
THEME_FIELDS = ["id", "label", "keyphrases", "size", "voices", "sentiment", "growth", "quotes"]


def safe_cell(value: Any) -> Any:
    """A text cell a spreadsheet will not run as a formula; numbers pass unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


class _Echo:
    """A file-like object whose write returns the line, for csv.writer in a generator."""

    def write(self, value: str) -> str:
        return value


def export_queryset(voices: QuerySet[Voice]) -> QuerySet[Voice]:
    return (
        voices.select_related("campaign", "theme")
        .only(
            "id",
            "channel",
            "language",
            "created_at",
            "title",
            "text",
            "sentiment",
            "keywords",
            "campaign__title",
            "campaign__title_fr",  # both languages: the title falls back to the other one
            "campaign__title_en",
            "theme__label",
        )
        .prefetch_related(
            Prefetch("needs", queryset=Need.objects.only("id", "voice_id", "sentence"))
        )
    )


def voice_record(voice: Voice) -> dict[str, Any]:
    return {
        "id": voice.pk,
        "channel": voice.channel,
        "campaign": voice.campaign.title if voice.campaign else None,
        "language": voice.language,
        "created_at": voice.created_at.isoformat(),
        "title": voice.title,
        "text": voice.text,
        "sentiment": voice.sentiment,
        "keywords": [
            str(k[0] if isinstance(k, list | tuple) and k else k) for k in voice.keywords or []
        ],
        "theme": voice.theme.label if voice.theme else None,
        "needs": [need.sentence for need in voice.needs.all()],
    }


def _records(voices: QuerySet[Voice]) -> Iterator[dict[str, Any]]:
    for voice in export_queryset(voices).iterator(chunk_size=CHUNK_SIZE):
        yield voice_record(voice)


def _csv_row(record: dict[str, Any]) -> list[Any]:
    row = dict(record)
    row["keywords"] = "; ".join(record["keywords"])
    row["needs"] = " | ".join(record["needs"])
    return [safe_cell("" if value is None else value) for value in row.values()]


def voices_csv(voices: QuerySet[Voice]) -> Iterator[str]:
    writer = csv.writer(_Echo())
    yield "\ufeff" + writer.writerow(VOICE_FIELDS)  # BOM: spreadsheets read UTF-8
    for record in _records(voices):
        yield writer.writerow(_csv_row(record))


def voices_json(voices: QuerySet[Voice]) -> Iterator[str]:
    yield "["
    first = True
    for record in _records(voices):
        yield ("\n" if first else ",\n") + json.dumps(record, ensure_ascii=False)
        first = False
    yield "\n]\n"


def theme_record(row: ThemeRow) -> dict[str, Any]:
    return {
        "id": row.theme.pk,
        "label": row.theme.label,
        "keyphrases": row.keyphrases,
        "size": row.theme.size,
        "voices": row.voices,
        "sentiment": None if row.sentiment is None else round(row.sentiment, 4),
        "growth": round(row.growth, 4),
        "quotes": [quote.text for quote in row.quotes],
    }


def themes_csv(rows: Iterable[ThemeRow]) -> Iterator[str]:
    writer = csv.writer(_Echo())
    yield "\ufeff" + writer.writerow(THEME_FIELDS)
    for row in rows:
        record = theme_record(row)
        record["keyphrases"] = "; ".join(record["keyphrases"])
        record["quotes"] = " | ".join(record["quotes"])
        yield writer.writerow([safe_cell("" if v is None else v) for v in record.values()])


def themes_json(rows: Iterable[ThemeRow]) -> str:
    return json.dumps([theme_record(row) for row in rows], ensure_ascii=False, indent=1)
