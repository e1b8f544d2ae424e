"""Every dataset's columns and values, on the hand-made brand, in the three formats."""

from __future__ import annotations

from datetime import UTC
from typing import Any

import pytest

from cocrea.exports.datasets import DATASETS
from cocrea.exports.models import ExportJob
from cocrea.exports.services import export_file, export_request, export_run
from cocrea.exports.tests.conftest import ISO, read_export

pytestmark = pytest.mark.django_db
FORMATS = ["csv", "json", "xlsx"]


def run(shop: Any, dataset: str, fmt: str) -> dict[str, list[list[Any]]]:
    job, created = export_request(brand=shop.brand, membership=shop.alice, dataset=dataset, fmt=fmt)
    assert created
    job = export_run(job_id=job.pk)
    assert job is not None and job.state == ExportJob.State.DONE, job and job.error
    path = export_file(job)
    assert path is not None
    return read_export(path, fmt, name=DATASETS[dataset].tables[0].name)


def as_format(value: Any, fmt: str) -> Any:
    """A logical value as the format writes it (the rules of ``writers``)."""
    if fmt == "json":
        return value
    if isinstance(value, list):
        value = "; ".join(value)
    if isinstance(value, str) and value.startswith(("=", "+", "-", "@")):
        value = "'" + value
    if fmt == "xlsx":
        return value if value != "" else None  # an empty cell reads back as None
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def expect(rows: list[list[Any]], fmt: str) -> list[list[Any]]:
    return [[as_format(v, fmt) for v in row] for row in rows]


def check(
    tables: dict[str, list[list[Any]]],
    name: str,
    columns: tuple[str, ...],
    rows: list[list[Any]],
    fmt: str,
) -> None:
    header, *body = tables[name]
    assert tuple(header) == columns, name
    assert body == expect(rows, fmt), name


@pytest.mark.parametrize("fmt", FORMATS)
def test_ideas_export_has_every_idea_vote_rating_comment_and_answer(shop, fmt):
    tables = run(shop, "ideas", fmt)
    assert list(tables) == ["ideas", "votes", "ratings", "comments", "answers"]
    s = shop
    ideas = DATASETS["ideas"].tables[0].columns
    check(
        tables,
        "ideas",
        ideas,
        [
            [
                s.idea.pk,
                s.campaign.pk,
                "La tasse de demain",
                "The cup of tomorrow",
                "A cup that stays warm",
                "A reusable cup that keeps coffee warm.",
                s.bob.pk,
                "Bob",
                "Tasses",
                "Cups",
                ["réemploi", "chaud"],
                ["reuse"],
                "accepted",
                None,
                2,
                2,
                1,
                4.0,
                False,
                None,
                ISO,
                ISO,
                ISO,
            ],
            [
                s.evil.pk,
                s.campaign.pk,
                "La tasse de demain",
                "The cup of tomorrow",
                '=HYPERLINK("http://evil.example","x")',
                "Line one with a NUL and a bell\nline two",
                s.dan.pk,
                "Dan",
                None,
                None,
                [],
                [],
                "new",
                None,
                1,
                0,
                0,
                None,
                False,
                None,
                None,
                ISO,
                ISO,
            ],
        ],
        fmt,
    )
    check(
        tables,
        "votes",
        ("idea_id", "member_id", "created_at"),
        sorted(
            [
                [s.idea.pk, s.dan.pk, ISO],
                [s.idea.pk, s.alice.pk, ISO],
                [s.evil.pk, s.bob.pk, ISO],
            ]
        ),
        fmt,
    )
    check(
        tables,
        "ratings",
        ("idea_id", "member_id", "stars", "created_at"),
        [[s.idea.pk, s.dan.pk, 4, ISO]],
        fmt,
    )
    check(
        tables,
        "comments",
        DATASETS["ideas"].tables[3].columns,
        [
            [
                s.comment.pk,
                s.idea.pk,
                None,
                s.dan.pk,
                "Dan",
                "+1 great idea",
                0,
                False,
                False,
                ISO,
                None,
                None,
            ],
            [
                s.reply.pk,
                s.idea.pk,
                s.comment.pk,
                s.alice.pk,
                "Alice",
                "Thanks!",
                1,
                True,
                False,
                ISO,
                None,
                None,
            ],
        ],
        fmt,
    )
    check(
        tables,
        "answers",
        DATASETS["ideas"].tables[4].columns,
        [
            [
                s.answer.pk,
                s.idea.pk,
                "new",
                "accepted",
                "Yes, we will make it.",
                "Alice",
                None,
                ISO,
            ],
        ],
        fmt,
    )


@pytest.mark.parametrize("fmt", FORMATS)
def test_contests_export_has_entries_votes_with_voids_and_results(shop, fmt):
    tables = run(shop, "contests", fmt)
    s = shop
    title_fr, title_en = s.contest.campaign.title_fr, s.contest.campaign.title_en
    check(
        tables,
        "entries",
        DATASETS["contests"].tables[0].columns,
        [
            [
                s.entry.pk,
                s.contest.pk,
                title_fr,
                title_en,
                "Sunrise",
                "A story",
                s.dan.pk,
                "Dan",
                s.entry.design_id,
                1,
                True,
                False,
                None,
                ISO,
            ],
        ],
        fmt,
    )
    check(
        tables,
        "votes",
        DATASETS["contests"].tables[1].columns,
        [
            [s.vote.pk, s.contest.pk, s.entry.pk, s.bob.pk, ISO, None, None],
            [s.voided.pk, s.contest.pk, s.entry.pk, s.alice.pk, ISO, ISO, "Same device"],
        ],
        fmt,
    )
    check(
        tables,
        "results",
        DATASETS["contests"].tables[2].columns,
        [
            [
                s.contest.pk,
                title_fr,
                title_en,
                1,
                s.entry.pk,
                "Sunrise",
                1,
                1.0,
                7.5,
                1.0,
                1.0,
                True,
            ],
        ],
        fmt,
    )


@pytest.mark.parametrize("fmt", FORMATS)
def test_engagement_export_has_the_ledger_and_tier_changes(shop, fmt):
    tables = run(shop, "engagement", fmt)
    s = shop
    check(
        tables,
        "events",
        DATASETS["engagement"].tables[0].columns,
        [
            [s.given.pk, s.dan.pk, "vote_given", 1.0, None, s.idea.pk, None, None, ISO, ISO],
            [
                s.received.pk,
                s.bob.pk,
                "vote_received",
                2.0,
                s.dan.pk,
                s.idea.pk,
                None,
                None,
                ISO,
                ISO,
            ],
        ],
        fmt,
    )
    check(
        tables,
        "tier_changes",
        DATASETS["engagement"].tables[1].columns,
        [[s.change.pk, s.bob.pk, "Initié", "Insider", 12.5, ISO]],
        fmt,
    )


@pytest.mark.parametrize("fmt", FORMATS)
def test_members_export_has_role_tier_score_activity_and_no_email_without_consent(shop, fmt):
    s = shop
    s.bob.user.language = "fr"
    s.bob.user.save(update_fields=["language"])

    def joined(m: Any) -> str:
        return m.joined_at.astimezone(UTC).isoformat()

    rows = [
        [s.alice.pk, "Alice", "admin", "en", joined(s.alice), None, None, 0.0, 0, 1, 1, None],
        [s.mona.pk, "Mona", "moderator", "en", joined(s.mona), None, None, 0.0, 0, 0, 0, None],
        [s.bob.pk, "Bob", "member", "fr", joined(s.bob), "Initié", "Insider", 12.5, 1, 0, 1, None],
        [s.dan.pk, "Dan", "member", "en", joined(s.dan), None, None, 0.0, 1, 1, 1, None],
    ]
    tables = run(shop, "members", fmt)
    check(tables, "members", DATASETS["members"].tables[0].columns, rows, fmt)
