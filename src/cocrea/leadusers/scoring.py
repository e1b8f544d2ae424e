"""Lead-user ranking (von Hippel): a pure function over a member history, with its evidence.

Three signals, each explained by the facts behind it:

- **ahead of the trend**: a member's *first* contribution on a topic (an insight theme, or a tag
  when the brand has no themes) came while the topic was still small, and the topic grew after.
  Per topic: ``before`` = the topic's contributions (everyone's) before hers, ``after`` = those
  after. It counts when ``after >= MIN_AFTER``, ``before / total <= EARLY_SHARE`` and she
  posted before the topic's *midpoint* (when its median contribution came); it is worth
  ``log2(1 + after) * (1 - before / total) * min(lead_days / LEAD_DAYS, 1)``: the more the
  topic grew after her, the smaller it was and the longer before the wave, the more. (Counts
  alone would credit the first voices *of* the wave as much as the one who came a month before.)
- **high expected benefit**: the intensity of the needs she expresses — each need sentence the
  insight engine found in her words (1), the negativity of her contributions' sentiment
  (``2 * max(0, -sentiment)`` each: frustration is a need not met) — and the problems she solves
  herself (stories she shares, her ideas in development or launched: 1 each).
- **expertise**: ideas accepted (3 each), helpful answers to other members (2 each), ratings
  received on her ideas and stories (``(stars - 3) / 2`` each, so only good ratings help, and
  the sum is never below 0), jury selections in contests (finalist designs, 3 each) and seats
  on a contest jury (2 each).

Each signal is divided by its maximum over the members (0..1); the rank is their mean, so a
member strong on all three beats a specialist of one. Ties go to the smaller member id.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

MIN_AFTER = 3
EARLY_SHARE = 0.34
LEAD_DAYS = 30.0  # a first post this long before the topic's midpoint gets the full lead
EVIDENCE_MAX = 4
SIGNALS = ("trend", "benefit", "expertise")
WEIGHTS = {
    "need": 1.0,
    "negative": 2.0,
    "solved": 1.0,
    "accepted": 3.0,
    "helpful": 2.0,
    "jury": 3.0,
    "juror": 2.0,
}


@dataclass(frozen=True)
class Contribution:
    """Something a member wrote, on a topic (theme or tag), at a time."""

    member_id: int
    kind: str  # idea, story, question, answer, comment
    title: str
    topic_id: str | None  # "theme:3", "tag:5" or None
    created_at: datetime
    sentiment: float | None = None
    url: str = ""


@dataclass(frozen=True)
class Fact:
    """An expertise or benefit fact: ``kind`` in accepted, helpful, rating, jury, need, solved."""

    member_id: int
    kind: str
    text: str
    value: float = 1.0  # the stars of a rating
    url: str = ""


@dataclass
class History:
    members: dict[int, str]  # id -> display name
    contributions: list[Contribution]
    topics: dict[str, str]  # topic id -> label
    facts: list[Fact] = field(default_factory=list)
    # Every dated contribution per topic, all members included (the topic's volume over time).
    topic_times: dict[str, list[datetime]] = field(default_factory=dict)


@dataclass(frozen=True)
class Evidence:
    kind: str
    text: str
    detail: dict[str, object] = field(default_factory=dict)
    url: str = ""


@dataclass
class Signal:
    raw: float = 0.0
    normalised: float = 0.0
    evidence: list[Evidence] = field(default_factory=list)


@dataclass
class LeadUser:
    member_id: int
    name: str
    score: float
    signals: dict[str, Signal]

    @property
    def why(self) -> list[Evidence]:
        """The strongest evidence first: trend, then benefit, then expertise."""
        return [e for name in SIGNALS for e in self.signals[name].evidence]


def _trend(history: History, firsts: dict[str, Contribution]) -> Signal:
    signal = Signal()
    scored = []
    for topic_id, first in firsts.items():
        times = history.topic_times.get(topic_id, [])
        before = sum(1 for t in times if t < first.created_at)
        after = sum(1 for t in times if t > first.created_at)
        total = max(len(times), 1)
        if after < MIN_AFTER or before / total > EARLY_SHARE:
            continue
        ordered = sorted(times)
        lead_days = (ordered[len(ordered) // 2] - first.created_at).total_seconds() / 86400
        if lead_days <= 0:
            continue
        lead = min(lead_days / LEAD_DAYS, 1.0)
        worth = math.log2(1 + after) * (1 - before / total) * lead
        detail = {
            "topic": history.topics.get(topic_id, topic_id),
            "before": before,
            "after": after,
            "lead_days": round(lead_days),
            "kind": first.kind,
            "date": first.created_at,
        }
        scored.append((worth, Evidence("early", first.title, detail, first.url)))
    scored.sort(key=lambda pair: -pair[0])
    # One contribution tagged with several growing topics counts once, on its best topic.
    seen: set[tuple[str, datetime]] = set()
    kept = []
    for worth, evidence in scored:
        key = (evidence.text, evidence.detail["date"])
        if key not in seen:
            seen.add(key)  # type: ignore[arg-type]
            kept.append((worth, evidence))
    scored = kept
    signal.raw = sum(worth for worth, _e in scored)
    signal.evidence = [evidence for _w, evidence in scored[:EVIDENCE_MAX]]
    return signal


def _benefit(contributions: list[Contribution], facts: list[Fact]) -> Signal:
    signal = Signal()
    needs = [f for f in facts if f.kind == "need"]
    solved = [f for f in facts if f.kind == "solved"]
    negative = sorted(
        (c for c in contributions if c.sentiment is not None and c.sentiment < 0),
        key=lambda c: c.sentiment or 0.0,
    )
    signal.raw = (
        WEIGHTS["need"] * len(needs)
        + WEIGHTS["negative"] * sum(-(c.sentiment or 0.0) for c in negative)
        + WEIGHTS["solved"] * len(solved)
    )
    quoted = list(dict.fromkeys(f.text for f in needs))  # the same sentence is quoted once
    evidence = [Evidence("need", text) for text in quoted[:EVIDENCE_MAX]]
    evidence += [
        Evidence("frustration", c.title, {"sentiment": round(c.sentiment or 0.0, 2)}, c.url)
        for c in negative[:2]
    ]
    evidence += [Evidence("solved", f.text, {}, f.url) for f in solved[:2]]
    signal.evidence = evidence
    return signal


def _expertise(facts: list[Fact]) -> Signal:
    signal = Signal()
    by_kind: dict[str, list[Fact]] = defaultdict(list)
    for fact in facts:
        by_kind[fact.kind].append(fact)
    ratings = by_kind["rating"]
    rating_worth = max(0.0, sum((f.value - 3) / 2 for f in ratings))
    signal.raw = (
        WEIGHTS["accepted"] * len(by_kind["accepted"])
        + WEIGHTS["helpful"] * len(by_kind["helpful"])
        + WEIGHTS["jury"] * len(by_kind["jury"])
        + WEIGHTS["juror"] * len(by_kind["juror"])
        + rating_worth
    )
    for kind in ("accepted", "helpful", "jury", "juror"):
        signal.evidence += [Evidence(kind, f.text, {}, f.url) for f in by_kind[kind][:EVIDENCE_MAX]]
    if ratings:
        average = sum(f.value for f in ratings) / len(ratings)
        signal.evidence.append(
            Evidence("ratings", "", {"count": len(ratings), "average": round(average, 1)})
        )
    return signal


def _firsts(contributions: Iterable[Contribution]) -> dict[str, Contribution]:
    firsts: dict[str, Contribution] = {}
    for c in contributions:
        if c.topic_id is not None and (
            c.topic_id not in firsts or c.created_at < firsts[c.topic_id].created_at
        ):
            firsts[c.topic_id] = c
    return firsts


def rank_lead_users(history: History, *, limit: int = 50) -> list[LeadUser]:
    """Members ranked by the mean of their three normalised signals, each with its evidence.

    Members with no signal at all are left out.
    """
    contributions: dict[int, list[Contribution]] = defaultdict(list)
    for c in history.contributions:
        contributions[c.member_id].append(c)
    facts: dict[int, list[Fact]] = defaultdict(list)
    for f in history.facts:
        facts[f.member_id].append(f)
    rows = []
    for member_id, name in history.members.items():
        mine = contributions.get(member_id, [])
        signals = {
            "trend": _trend(history, _firsts(mine)),
            "benefit": _benefit(
                mine, [f for f in facts.get(member_id, []) if f.kind in ("need", "solved")]
            ),
            "expertise": _expertise(facts.get(member_id, [])),
        }
        rows.append(LeadUser(member_id, name, 0.0, signals))
    for name in SIGNALS:
        top = max((row.signals[name].raw for row in rows), default=0.0)
        for row in rows:
            row.signals[name].normalised = row.signals[name].raw / top if top > 0 else 0.0
    for row in rows:
        row.score = sum(row.signals[name].normalised for name in SIGNALS) / len(SIGNALS)
    ranked = sorted((r for r in rows if r.score > 0), key=lambda r: (-r.score, r.member_id))
    return ranked[:limit]
