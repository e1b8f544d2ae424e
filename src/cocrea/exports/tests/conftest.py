"""A small hand-made brand with one of everything an export writes, at fixed times."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from datetime import UTC, datetime
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from django.db import connection
from openpyxl import load_workbook

from cocrea.campaigns.models import Category, Tag
from cocrea.contests.models import EntryVote, Placement, VoteVoid
from cocrea.contests.tests.helpers import add_entry, make_contest, make_product
from cocrea.engagement.models import EngagementEvent, MemberScore, Tier, TierChange
from cocrea.ideas.models import Comment, Idea, Rating, StatusChange, Vote
from cocrea.ideas.tests.factories import IdeaFactory

T = datetime(2026, 3, 1, 9, 30, tzinfo=UTC)
ISO = "2026-03-01T09:30:00+00:00"


def nul() -> str:
    """A NUL byte where the database can hold one (SQLite; PostgreSQL refuses it in text)."""
    return "\x00" if connection.vendor == "sqlite" else ""


@pytest.fixture
def shop(brand, alice, mona, bob, dan, campaign):  # type: ignore[no-untyped-def]
    # Brand texts in both languages, one left without English: exported as written.
    campaign.title_fr, campaign.title_en = "La tasse de demain", "The cup of tomorrow"
    campaign.save(update_fields=["title_fr", "title_en"])
    cups = Category.objects.create(campaign=campaign, name_fr="Tasses", name_en="Cups")
    reuse = Tag.objects.create(brand=brand, name_fr="réemploi", name_en="reuse", slug="reuse")
    warm = Tag.objects.create(brand=brand, name_fr="chaud", name_en=None, slug="warm")
    idea = IdeaFactory(
        campaign=campaign,
        author=bob,
        title="A cup that stays warm",
        category=cups,
        status=Idea.Status.ACCEPTED,
        support_count=2,
        comment_count=2,
        rating_count=1,
        rating_sum=4,
        answered_at=T,
    )
    idea.tags.set([warm, reuse])
    evil = IdeaFactory(
        campaign=campaign,
        author=dan,
        title='=HYPERLINK("http://evil.example","x")',
        body_text=f"Line one{nul()} with a NUL\x07 and a bell\nline two",
        support_count=1,
    )
    Vote.objects.create(idea=idea, member=dan)
    Vote.objects.create(idea=idea, member=alice)
    Vote.objects.create(idea=evil, member=bob)
    Rating.objects.create(idea=idea, member=dan, stars=4)
    comment = Comment.objects.create(brand=brand, idea=idea, author=dan, body="+1 great idea")
    reply = Comment.objects.create(
        brand=brand,
        idea=idea,
        author=alice,
        parent=comment,
        body="Thanks!",
        is_official=True,
        upvote_count=1,
    )
    answer = StatusChange.objects.create(
        idea=idea,
        actor=alice.user,
        from_status="new",
        to_status="accepted",
        answer="<p>Yes, <strong>we</strong> will make it.</p>",
    )
    for model in (Idea, Vote, Rating, Comment, StatusChange):
        fields = {"created_at": T}
        if model is Idea:
            fields["updated_at"] = T
        model.objects.filter(pk__in=model.objects.values("pk")).update(**fields)
    tier = Tier.objects.create(brand=brand, name_fr="Initié", name_en="Insider", threshold=10)
    MemberScore.objects.create(
        member=bob,
        brand=brand,
        score_at_epoch=12.5,
        epoch=datetime.now(UTC).timestamp(),
        as_of=T,
        tier=tier,
    )
    change = TierChange.objects.create(
        brand=brand,
        member=bob,
        to_tier=tier,
        to_tier_name_fr="Initié",
        to_tier_name_en="Insider",
        score=12.5,
    )
    TierChange.objects.filter(pk=change.pk).update(created_at=T)
    given = EngagementEvent.objects.create(
        brand=brand,
        member=dan,
        kind="vote_given",
        weight=1.0,
        idea=idea,
        occurred_at=T,
        created_at=T,
    )
    received = EngagementEvent.objects.create(
        brand=brand,
        member=bob,
        kind="vote_received",
        weight=2.0,
        actor=dan,
        idea=idea,
        occurred_at=T,
        created_at=T,
    )
    product = make_product(brand, alice)
    contest = make_contest(brand, alice, product)
    entry = add_entry(contest, dan, title="Sunrise")
    Entry = type(entry)
    Entry.objects.filter(pk=entry.pk).update(created_at=T, vote_count=1, is_finalist=True)
    vote = EntryVote.objects.create(contest=contest, entry=entry, member=bob, created_at=T)
    voided = EntryVote.objects.create(
        contest=contest, entry=entry, member=alice, created_at=T, voided_at=T
    )
    VoteVoid.objects.create(contest=contest, vote=voided, actor=alice.user, reason="Same device")
    Placement.objects.create(
        contest=contest,
        entry=entry,
        rank=1,
        votes=1,
        public_score=1.0,
        jury_raw=7.5,
        jury_score=1.0,
        final_score=1.0,
        is_winner=True,
    )
    return SimpleNamespace(
        brand=brand,
        alice=alice,
        mona=mona,
        bob=bob,
        dan=dan,
        campaign=campaign,
        idea=idea,
        evil=evil,
        comment=comment,
        reply=reply,
        answer=answer,
        given=given,
        received=received,
        change=change,
        contest=contest,
        entry=entry,
        vote=vote,
        voided=voided,
    )


def read_export(path: Path, fmt: str, name: str = "") -> dict[str, list[list[Any]]]:
    """Every table of an export file: its header row first, then its rows."""
    if fmt == "json":
        data = json.loads(path.read_text(encoding="utf-8"))
        return {
            name: [list(records[0].keys()) if records else [], *[list(r.values()) for r in records]]
            for name, records in data["tables"].items()
        }
    if fmt == "xlsx":
        book = load_workbook(path, read_only=True)
        tables = {}
        for ws in book:
            rows = [list(row) for row in ws.iter_rows(values_only=True)]
            width = len(rows[0]) if rows else 0  # a row's empty cells at its end are not kept
            tables[ws.title] = [row + [None] * (width - len(row)) for row in rows]
        return tables
    raw = path.read_bytes()
    if raw[:2] == b"PK":
        with zipfile.ZipFile(path) as archive:
            return {
                name.removesuffix(".csv"): _csv(archive.read(name)) for name in archive.namelist()
            }
    return {name or path.stem: _csv(raw)}


def _csv(raw: bytes) -> list[list[Any]]:
    assert raw.startswith(b"\xef\xbb\xbf"), "CSV files start with a UTF-8 byte order mark"
    return [row for row in csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline=""))]
