"""The import command: bad rows refused with their line numbers, good rows all kept, twice
is once."""

from __future__ import annotations

import csv
import gzip
import io
import json
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from cocrea.insights.models import Voice

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("warm")]

SHARED = Path(__file__).resolve().parents[5] / "shared" / "data"

GOOD = [
    (
        "1",
        "Gobelets consignés",
        "Il faudrait des gobelets consignés dans tous les cafés.",
        "2024-03-01",
    ),
    ("2", "Wi-Fi", "I wish the wifi in the shop was faster.", "2024-03-02T10:00:00+01:00"),
]


def _csv(path: Path, rows: list[tuple[str, ...]], header=("id", "title", "text", "date")) -> Path:  # type: ignore[no-untyped-def]
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    writer.writerows(rows)
    path.write_text(buffer.getvalue(), encoding="utf-8")
    return path


def _import(
    path: Path, *extra: str, fmt: str = "csv", brand: str = "cafe-lumiere"
) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command(
        "import_voices",
        str(path),
        "--brand",
        brand,
        "--format",
        fmt,
        "--source",
        "old-forum",
        "--text-column",
        "text",
        "--title-column",
        "title",
        "--id-column",
        "id",
        "--date-column",
        "date",
        *extra,
        stdout=out,
        stderr=err,
    )
    return out.getvalue(), err.getvalue()


def test_bad_rows_are_reported_by_line_and_good_rows_kept(brand, tmp_path):  # type: ignore[no-untyped-def]
    rows = [
        GOOD[0],
        ("3", "Sans texte", "   ", "2024-03-03"),
        ("4", "Date", "Une date illisible.", "le 3 mars"),
        ("5", "Nul", "Un octet \x00 nul.", "2024-03-04"),
        ("6", "Long", "x" * 20_001, "2024-03-05"),
        ("7", "Multi-ligne", "Première ligne\nseconde ligne du même texte.", "2024-03-06"),
        GOOD[1],
    ]
    path = _csv(tmp_path / "forum.csv", rows)
    out, err = _import(path)
    assert "7 rows read: 3 imported, 0 already there, 4 refused" in out
    assert "refused line 3: no text in column 'text'" in err
    assert "refused line 4: unreadable date 'le 3 mars'" in err
    assert "refused line 5: NUL byte" in err
    assert "refused line 6: text longer than 20000 characters" in err
    report = (tmp_path / "forum.csv.rejected.txt").read_text()
    assert (
        report.splitlines()[0] == "line 3: no text in column 'text'"
        and len(report.splitlines()) == 4
    )
    voices = Voice.objects.filter(brand=brand, source="old-forum").order_by("external_id")
    assert [v.external_id for v in voices] == ["1", "2", "7"]
    assert voices[0].title == "Gobelets consignés" and voices[0].created_at.year == 2024
    assert all(v.analysed_at is not None for v in voices)
    assert voices[1].language == "en" and voices[1].needs.get().cue == "i wish"


def test_importing_twice_adds_nothing(brand, tmp_path):  # type: ignore[no-untyped-def]
    path = _csv(tmp_path / "forum.csv", GOOD)
    _import(path)
    out, _err = _import(path)
    assert "2 rows read: 0 imported, 2 already there, 0 refused" in out
    assert Voice.objects.count() == 2


def test_gzip_json_and_json_lines_are_read(brand, tmp_path):  # type: ignore[no-untyped-def]
    items = [dict(zip(("id", "title", "text", "date"), row, strict=True)) for row in GOOD]
    array = tmp_path / "export.json.gz"
    with gzip.open(array, "wt", encoding="utf-8") as handle:
        json.dump([*items, {"id": "9", "text": ""}, "not an object"], handle)
    _out, err = _import(array, fmt="json")
    assert "refused line 3: no text" in err and "refused line 4: not an object" in err
    lines = tmp_path / "export.jsonl"
    lines.write_text("\n".join([json.dumps({**items[0], "id": "j1"}), "{broken", ""]), "utf-8")
    _out, err = _import(lines, fmt="json")
    assert "refused line 2: not an object" in err
    assert set(Voice.objects.values_list("external_id", flat=True)) == {"1", "2", "j1"}


def test_the_import_shows_a_progress_bar(brand, tmp_path):  # type: ignore[no-untyped-def]
    _out, err = _import(_csv(tmp_path / "forum.csv", GOOD))
    assert "import  [" in err and "100%" in err and "analyse [" in err


def test_a_file_that_cannot_be_read_is_refused_whole(brand, tmp_path):  # type: ignore[no-untyped-def]
    with pytest.raises(CommandError, match="no column named 'date'"):
        _import(_csv(tmp_path / "f.csv", [("1", "t", "x")], header=("id", "title", "text")))
    latin = tmp_path / "latin.csv"
    latin.write_bytes("id,title,text,date\n1,Café,Très bon café,2024-01-01\n".encode("latin-1"))
    with pytest.raises(CommandError, match="not UTF-8"):
        _import(latin)
    with pytest.raises(CommandError, match="no brand"):
        _import(latin, brand="nope")
    assert not Voice.objects.exists()


def test_rows_without_ids_are_keyed_by_their_text(brand, tmp_path):  # type: ignore[no-untyped-def]
    path = _csv(
        tmp_path / "noid.csv",
        [("Même texte",), ("Même texte",), ("Autre texte",)],
        header=("text",),
    )
    out = io.StringIO()
    for _ in range(2):
        call_command(
            "import_voices",
            str(path),
            "--brand",
            "cafe-lumiere",
            "--format",
            "csv",
            "--source",
            "survey",
            "--text-column",
            "text",
            "--no-analysis",
            stdout=out,
        )
    assert Voice.objects.count() == 2


def test_imported_voices_stay_in_their_brand(brand, other_brand, tmp_path):  # type: ignore[no-untyped-def]
    _import(_csv(tmp_path / "forum.csv", GOOD))
    assert Voice.objects.filter(brand=other_brand).count() == 0
    _import(_csv(tmp_path / "forum.csv", GOOD), brand="globex")
    assert Voice.objects.filter(brand=other_brand).count() == 2


@pytest.mark.skipif(not (SHARED / "republique-numerique-2015").exists(), reason="no shared data")
def test_a_few_real_arguments_of_republique_numerique_import(brand, tmp_path):  # type: ignore[no-untyped-def]
    with gzip.open(
        SHARED / "republique-numerique-2015" / "arguments.csv.gz", "rt", encoding="utf-8"
    ) as handle:
        reader = csv.DictReader(handle)
        rows = [next(reader) for _ in range(12)]
    path = tmp_path / "arguments.csv.gz"  # a few rows in a temporary file, never in the repo
    with gzip.open(path, "wt", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    out = io.StringIO()
    call_command(
        "import_voices",
        str(path),
        "--brand",
        "cafe-lumiere",
        "--format",
        "csv",
        "--source",
        "rn",
        "--text-column",
        "body_text",
        "--id-column",
        "argument_id",
        "--date-column",
        "created_at",
        "--date-format",
        "%Y-%m-%dT%H:%M:%S%z",
        "--label-column",
        "stance",
        stdout=out,
    )
    voices = Voice.objects.filter(source="rn")
    assert voices.count() == 12 and all(v.language == "fr" for v in voices)
    assert {v.label for v in voices} <= {"pour", "contre"}
    assert all(v.created_at.year == 2015 for v in voices)
