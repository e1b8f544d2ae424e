"""Write tables to a file as CSV (one file, or a ZIP of one file per table), JSON or XLSX.

Every format takes the same rows (lists of Python values) and writes them as they come: nothing
holds a whole table in memory. XLSX uses openpyxl's write-only workbook (each sheet streamed to a
temporary file, zipped at the end); CSV tables inside a ZIP are streamed into the archive.

Values, the same way in every format:
- texts lose their NUL bytes and other control characters (tab and line breaks stay): XML
  (XLSX) cannot hold them and some CSV readers stop at a NUL;
- datetimes are ISO 8601 in UTC with the offset (``2026-12-02T18:27:19+00:00``): unambiguous,
  and they sort as text;
- in CSV and XLSX, a text starting with ``= + - @`` (or a tab or carriage return) is prefixed
  with a single quote so that a spreadsheet never runs it as a formula; JSON keeps texts as
  they are (programs read it, not spreadsheets);
- lists are JSON arrays, and ``"; "``-joined texts in CSV and XLSX.
"""

from __future__ import annotations

import csv
import io
import json
import re
import zipfile
from collections.abc import Callable, Sequence
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path
from typing import IO, Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")
_SURROGATE = re.compile("[\ud800-\udfff]")
_BAD = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff\ud800-\udfff]")
XLSX_MAX_ROWS = 1_048_576  # a sheet's limit, header included
XLSX_MAX_CELL = 32_767  # characters a cell holds


def clean_text(value: str) -> str:
    """The text without the characters that break files (NUL, other controls, lone surrogates)."""
    if _BAD.search(value) is None:  # the common case: one scan, no copy
        return value
    value = _CONTROL.sub("", value)
    return _SURROGATE.sub("\ufffd", value)


def neutralise(value: str) -> str:
    """A text a spreadsheet shows as text, never runs as a formula."""
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def iso(value: datetime | date) -> str:
    if isinstance(value, datetime) and value.tzinfo is not None and value.tzinfo is not UTC:
        value = value.astimezone(UTC)  # the database hands back UTC already
    return value.isoformat()


def json_value(value: Any) -> Any:
    kind = type(value)
    if value is None or kind is int or kind is float or kind is bool:
        return value
    if kind is str:
        return clean_text(value)
    if isinstance(value, datetime | date):
        return iso(value)
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, list | tuple):
        return [json_value(v) for v in value]
    return value


def sheet_value(value: Any) -> Any:
    """A value for a CSV or XLSX cell: text neutralised, numbers and booleans unchanged."""
    kind = type(value)
    if value is None or kind is int or kind is float or kind is bool:
        return value
    if kind is str:
        return neutralise(clean_text(value))
    if isinstance(value, datetime | date):
        return iso(value)
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, list | tuple):
        value = "; ".join("" if v is None else str(v) for v in value)
    return neutralise(clean_text(str(value)))


class Sink:
    """Receives tables one after the other: ``table(name, columns)``, ``row(values)``, ``close``."""

    def table(self, name: str, columns: Sequence[str]) -> None:
        raise NotImplementedError

    def row(self, values: Sequence[Any]) -> None:
        raise NotImplementedError

    def close(self) -> None:
        raise NotImplementedError


class CsvSink(Sink):
    """One table: a CSV file. Several: a ZIP with one CSV per table. UTF-8 with a BOM (Excel
    then reads the accents), comma-separated, CRLF line ends (RFC 4180)."""

    def __init__(self, path: Path, *, several: bool) -> None:
        self.path = path
        self.archive = zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) if several else None
        self.raw: IO[bytes] | None = None
        self.text: io.TextIOWrapper | None = None
        self.writer: Any = None

    def _close_table(self) -> None:
        if self.text is not None:
            self.text.close()  # closes the file, or the archive's member (not the archive)
            self.text = self.raw = None

    def table(self, name: str, columns: Sequence[str]) -> None:
        self._close_table()
        if self.archive is not None:
            self.raw = self.archive.open(f"{name}.csv", "w", force_zip64=True)
        else:
            self.raw = self.path.open("wb")
        self.text = io.TextIOWrapper(self.raw, encoding="utf-8-sig", newline="")
        self.writer = csv.writer(self.text)
        self.writer.writerow(columns)

    def row(self, values: Sequence[Any]) -> None:
        self.writer.writerow([_csv_cell(v) for v in values])

    def close(self) -> None:
        self._close_table()
        if self.archive is not None:
            self.archive.close()


def _csv_cell(value: Any) -> Any:
    value = sheet_value(value)
    if value is None:
        return ""
    if value is True or value is False:
        return "true" if value else "false"
    return value


class JsonSink(Sink):
    """``{"dataset": ..., "tables": {"<name>": [{column: value, ...}, ...], ...}}``, streamed."""

    def __init__(self, path: Path, *, header: dict[str, Any]) -> None:
        self.file = path.open("w", encoding="utf-8")
        head = json.dumps(header, ensure_ascii=False)  # a non-empty object
        self.file.write(head[:-1] + ', "tables": {')
        self.columns: Sequence[str] = ()
        self.tables = 0
        self.first = True

    def table(self, name: str, columns: Sequence[str]) -> None:
        if self.tables:
            self.file.write("\n]")
        self.file.write(("," if self.tables else "") + "\n" + json.dumps(name) + ": [")
        self.tables += 1
        self.columns = columns
        self.first = True

    def row(self, values: Sequence[Any]) -> None:
        record = dict(zip(self.columns, map(json_value, values), strict=True))
        self.file.write(("\n" if self.first else ",\n") + json.dumps(record, ensure_ascii=False))
        self.first = False

    def close(self) -> None:
        self.file.write(("\n]" if self.tables else "") + "\n}}\n")
        self.file.close()


class XlsxSink(Sink):
    """One sheet per table (a table longer than a sheet goes on in ``<name> (2)``)."""

    def __init__(self, path: Path, *, max_rows: int = XLSX_MAX_ROWS) -> None:
        from openpyxl import Workbook

        self.path = path
        self.book = Workbook(write_only=True)
        self.max_rows = max_rows
        self.sheet: Any = None
        self.name = ""
        self.columns: Sequence[str] = ()
        self.part = 0
        self.rows = 0

    def _new_sheet(self) -> None:
        self.part += 1
        title = self.name if self.part == 1 else f"{self.name} ({self.part})"
        self.sheet = self.book.create_sheet(title=title[:31])
        self.sheet.freeze_panes = "A2"
        self.sheet.append(list(self.columns))
        self.rows = 1

    def table(self, name: str, columns: Sequence[str]) -> None:
        self.name, self.columns, self.part = name, columns, 0
        self._new_sheet()

    def row(self, values: Sequence[Any]) -> None:
        if self.rows >= self.max_rows:
            self._new_sheet()
        self.sheet.append([_fit(sheet_value(v)) for v in values])
        self.rows += 1

    def close(self) -> None:
        self.book.save(self.path)


def _fit(value: Any) -> Any:
    """A text cut to what an Excel cell holds (an ellipsis marks the cut)."""
    if isinstance(value, str) and len(value) > XLSX_MAX_CELL:
        return value[: XLSX_MAX_CELL - 1] + "…"
    return value


def open_sink(fmt: str, path: Path, *, several: bool, header: dict[str, Any]) -> Sink:
    factories: dict[str, Callable[[], Sink]] = {
        "csv": lambda: CsvSink(path, several=several),
        "json": lambda: JsonSink(path, header=header),
        "xlsx": lambda: XlsxSink(path),
    }
    return factories[fmt]()


def extension(fmt: str, *, several: bool) -> str:
    return "zip" if fmt == "csv" and several else fmt
