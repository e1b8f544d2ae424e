"""Import contributions from the CSV or JSON export of another platform, as voices.

Every row is checked; a malformed row (no text, an unreadable date, a NUL byte, an oversize
field) is refused with its line number and the reason, and every good row is kept. Rows are
written in batches with ``bulk_create(ignore_conflicts=True)`` on the ``voice_import_once``
constraint (brand, source, external id), so importing the same file twice adds nothing.
Without an id column the external id is a digest of the text: the same text is one voice.
"""

from __future__ import annotations

import csv
import gzip
import hashlib
import io
import json
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import IO, Any

from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime

from cocrea.brands.models import Brand
from cocrea.campaigns.models import Campaign
from cocrea.insights.models import Voice

MAX_TEXT = 20_000
MAX_TITLE = 300
MAX_ID = 120
MAX_LABEL = 200
WRITE_BATCH = 1_000


@dataclass
class Columns:
    text: str
    title: str | None = None
    id: str | None = None
    date: str | None = None
    label: str | None = None
    date_format: str | None = None


@dataclass
class Rejected:
    line: int
    reason: str


@dataclass
class ImportReport:
    read: int = 0
    created: int = 0
    already: int = 0
    rejected: list[Rejected] = field(default_factory=list)

    def lines(self) -> list[str]:
        return [f"line {r.line}: {r.reason}" for r in self.rejected]


class ImportFileError(ValueError):
    """The file itself cannot be read (not the format announced, a missing column…)."""


def _open(path: Path) -> IO[str]:
    raw: Any = gzip.open(path, "rb") if path.suffix == ".gz" else open(path, "rb")  # noqa: SIM115
    # utf-8-sig: a BOM written by a spreadsheet is not part of the first column's name.
    return io.TextIOWrapper(raw, encoding="utf-8-sig", errors="strict", newline="")


def _csv_rows(handle: IO[str], columns: Columns) -> Iterator[tuple[int, dict[str, Any]]]:
    """Rows numbered by the file line they start on (the header is line 1)."""
    csv.field_size_limit(sys.maxsize)  # oversize fields are refused per row, with a reason
    reader = csv.DictReader(handle)
    header = reader.fieldnames or []
    named = [columns.text, columns.title, columns.id, columns.date, columns.label]
    missing = [name for name in named if name is not None and name not in header]
    if missing:
        raise ImportFileError(f"no column named {', '.join(map(repr, missing))} in the header")
    line = reader.line_num + 1
    for row in reader:
        yield line, row
        line = reader.line_num + 1


def _json_rows(handle: IO[str]) -> Iterator[tuple[int, dict[str, Any]]]:
    """A JSON array of objects (numbered by position, from 1) or JSON lines (by line)."""
    first = handle.read(1)
    while first.isspace():
        first = handle.read(1)
    if first == "[":
        try:
            items = json.loads("[" + handle.read())
        except json.JSONDecodeError as error:
            raise ImportFileError(f"not valid JSON: {error}") from None
        for number, item in enumerate(items, start=1):
            yield number, item if isinstance(item, dict) else {"__bad__": item}
        return
    for number, line in enumerate((first + handle.readline(), *handle), start=1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
        except json.JSONDecodeError:
            item = {"__bad__": line}
        yield number, item if isinstance(item, dict) else {"__bad__": item}


def _text(row: dict[str, Any], column: str | None) -> str:
    if column is None:
        return ""
    value = row.get(column)
    if value is None:
        return ""
    return value if isinstance(value, str) else str(value)


def _date(value: str, date_format: str | None) -> datetime:
    value = value.strip()
    moment = (
        datetime.strptime(value, date_format)
        if date_format
        else parse_datetime(value) or _day(value)
    )
    if moment is None:
        raise ValueError(value)
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    return moment


def _day(value: str) -> datetime | None:
    day = parse_date(value)
    return datetime(day.year, day.month, day.day) if day else None


class _RowError(ValueError):
    pass


def _check(row: dict[str, Any], columns: Columns) -> dict[str, Any]:
    """The voice's fields from one row, or ``_RowError`` with the reason."""
    if "__bad__" in row:
        raise _RowError("not an object")
    values = {name: _text(row, getattr(columns, name)) for name in ("text", "title", "id", "label")}
    if any("\x00" in value for value in values.values()):
        raise _RowError("NUL byte")
    text = values["text"].strip()
    if not text:
        raise _RowError(f"no text in column {columns.text!r}")
    limits = {"text": MAX_TEXT, "title": MAX_TITLE, "id": MAX_ID, "label": MAX_LABEL}
    for name, limit in limits.items():
        if len(values[name]) > limit:
            raise _RowError(f"{name} longer than {limit} characters")
    created: datetime | None = timezone.now()
    if columns.date:
        raw = _text(row, columns.date)
        try:
            created = _date(raw, columns.date_format) if raw.strip() else None
        except (ValueError, OverflowError):
            raise _RowError(f"unreadable date {raw[:40]!r}") from None
        if created is None:
            raise _RowError(f"no date in column {columns.date!r}")
    title = " ".join(values["title"].split())
    external = (
        values["id"].strip()
        or "sha1:"
        + hashlib.sha1(  # noqa: S324 (an id, not a secret)
            f"{title}\n{text}".encode()
        ).hexdigest()
    )
    return {
        "title": title,
        "text": f"{title}\n\n{text}" if title else text,
        "external_id": external,
        "label": values["label"].strip(),
        "created_at": created,
    }


def import_voices(
    *,
    brand: Brand,
    path: Path,
    file_format: str,
    source: str,
    columns: Columns,
    campaign: Campaign | None = None,
    progress: Callable[[int], None] | None = None,
) -> ImportReport:
    """Read the file and store its good rows as voices (not analysed yet: see
    ``services.voices_analyse_pending``). ``progress`` is called with the rows read so far."""
    if not source or len(source) > 80:
        raise ImportFileError("the source name must have 1 to 80 characters")
    if campaign is not None and campaign.brand_id != brand.pk:
        raise ImportFileError("the campaign belongs to another brand")
    report = ImportReport()
    batch: list[Voice] = []
    try:
        with _open(path) as handle:
            rows = _csv_rows(handle, columns) if file_format == "csv" else _json_rows(handle)
            for line, row in rows:
                report.read += 1
                try:
                    fields = _check(row, columns)
                except _RowError as error:
                    report.rejected.append(Rejected(line, str(error)))
                    continue
                batch.append(
                    Voice(
                        brand=brand,
                        channel=Voice.Channel.IMPORT,
                        campaign=campaign,
                        source=source,
                        **fields,
                    )
                )
                if len(batch) >= WRITE_BATCH:
                    _write(batch, report)
                    batch = []
                    if progress:
                        progress(report.read)
    except UnicodeDecodeError as error:
        raise ImportFileError(f"not UTF-8 text (byte {error.start} of a block)") from None
    except csv.Error as error:
        raise ImportFileError(f"unreadable CSV: {error}") from None
    _write(batch, report)
    if progress:
        progress(report.read)
    return report


def _write(batch: list[Voice], report: ImportReport) -> None:
    if not batch:
        return
    brand, source = batch[0].brand_id, batch[0].source
    ids = [voice.external_id for voice in batch]
    existing = set(
        Voice.objects.filter(brand_id=brand, source=source, external_id__in=ids).values_list(
            "external_id", flat=True
        )
    )
    fresh, seen = [], set(existing)
    for voice in batch:
        if voice.external_id in seen:
            report.already += 1
            continue
        seen.add(voice.external_id)
        fresh.append(voice)
    Voice.objects.bulk_create(fresh, ignore_conflicts=True, batch_size=WRITE_BATCH)
    report.created += len(fresh)
