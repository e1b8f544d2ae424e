"""Readers of the real data sets in ``../shared/data`` (never copied into the repository).

Shared by ``eval_insights.py`` and ``bench_insights.py``. Every reader returns plain records:
``{"id", "title", "text", "label", "created"}`` (``label`` is the reference label, if any).
"""

from __future__ import annotations

import csv
import gzip
import io
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(os.environ.get("COCREA_SHARED_DATA", ROOT.parent / "shared" / "data"))
csv.field_size_limit(sys.maxsize)

Record = dict[str, str]


def _rows(path: Path) -> list[dict[str, str]]:
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8", newline="") as handle:  # type: ignore[operator]
        return list(csv.DictReader(handle))


def available() -> bool:
    return (DATA / "republique-numerique-2015" / "proposals.csv.gz").exists()


def republique_proposals() -> list[Record]:
    """696 French proposals; label = the section (18)."""
    rows = _rows(DATA / "republique-numerique-2015" / "proposals.csv.gz")
    return [
        {
            "id": row["proposal_id"],
            "title": row["title"],
            "text": row["body_text"],
            "label": row["section_id"],
            "created": row["created_at"],
        }
        for row in rows
    ]


def republique_arguments() -> list[Record]:
    """3,994 French pro/con arguments; label = the stance, ``proposal`` = the proposal id."""
    rows = _rows(DATA / "republique-numerique-2015" / "arguments.csv.gz")
    return [
        {
            "id": row["argument_id"],
            "title": "",
            "text": row["body_text"],
            "label": row["stance"],
            "proposal": row["proposal_id"],
            "created": row["created_at"],
        }
        for row in rows
        if row["body_text"].strip()
    ]


def _pabulib_projects(path: Path) -> list[dict[str, str]]:
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as handle:  # type: ignore[operator]
        lines = handle.read().splitlines()
    start = lines.index("PROJECTS") + 1
    end = lines.index("VOTES")
    return list(csv.DictReader(io.StringIO("\n".join(lines[start:end])), delimiter=";"))


def toulouse_projects() -> list[Record]:
    """Toulouse 2022 + 2024 idea titles; label = the category, by its first word.

    The two rounds name their categories differently ("Nature en ville" and "Nature en ville et
    biodiversité"): the first word joins them. 2024 adds "Adaptation au changement climatique".
    """
    records = []
    for year in ("2022", "2024"):
        path = DATA / "pabulib-participatory-budgets" / f"France_Toulouse_{year}.pb"
        for row in _pabulib_projects(path):
            category = (row.get("category") or "").strip()
            if not category:
                continue
            records.append(
                {
                    "id": f"{year}-{row['project_id']}",
                    "title": "",
                    "text": row["name"],
                    "label": category.split()[0],
                    "created": f"{year}-10-01",
                }
            )
    return records


def us_petitions() -> list[Record]:
    """1,023 English petitions; label = the first tag (rows tagged "null" are left out)."""
    rows = _rows(DATA / "us-wtp-petitions-1k" / "WTP_dataset_1K.utf8.csv.gz")
    records = []
    for row in rows:
        first = row["tags"].split(",")[0].strip()
        if not first or first == "null":
            continue
        records.append(
            {
                "id": row["id"],
                "title": row["title"],
                "text": row["content"],
                "label": first,
                "created": row["FCD"],
            }
        )
    return records


def madrid_comments() -> list[Record]:
    """5,633 Spanish comments of Decide Madrid (no labels)."""
    rows = _rows(DATA / "decide-madrid-2019-subset" / "comments.csv.gz")
    return [
        {"id": row["id"], "title": "", "text": row["text"], "label": "", "created": row["date"]}
        for row in rows
        if row["text"].strip()
    ]


def madrid_proposals() -> list[Record]:
    rows = _rows(DATA / "decide-madrid-2019-subset" / "proposals.csv")
    return [
        {
            "id": row["id"],
            "title": row["title"],
            "text": " ".join(part for part in (row["summary"], row["text"]) if part),
            "label": "",
            "created": row["date"],
        }
        for row in rows
    ]


def halves(records: list[Record], seed: int = 13) -> tuple[list[Record], list[Record]]:
    """A development half and a held-out half, stratified by label (each label's records
    shuffled with ``seed``, the first half of each to development): the themes' split
    (bench/insights_devset/README.md)."""
    import random

    rng = random.Random(seed)
    by_label: dict[str, list[Record]] = {}
    for record in records:
        by_label.setdefault(record["label"], []).append(record)
    dev: list[Record] = []
    held: list[Record] = []
    for label in sorted(by_label):
        group = by_label[label][:]
        rng.shuffle(group)
        dev += group[: len(group) // 2]
        held += group[len(group) // 2 :]
    return dev, held
