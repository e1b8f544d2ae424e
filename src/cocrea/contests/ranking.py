"""The final ranking of a contest's finalists: pure arithmetic, no database.

For finalist *e* with ``v_e`` valid public votes and jury marks::

    jury mark of juror j      m_je = Σ_c w_c · s_jec / Σ_c w_c        (s from 0 to 10)
    jury raw score            J_e  = mean over the jurors who marked e of m_je
    public score (0..1)       P_e  = v_e / max_f v_f                 (0 if nobody voted)
    jury score (0..1)         Q_e  = J_e / max_f J_f                 (0 if nobody marked)
    final score               F_e  = (a · Q_e + (100 - a) · P_e) / 100

``a`` is the brand's jury weight in percent. Both sides are divided by the best finalist's value,
so each runs from 0 to 1 and the weights mean what they say. Ties: more votes first, then the
earlier entry.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Finalist:
    entry_id: int
    votes: int
    order: int  # submission order, for ties


@dataclass(frozen=True)
class Terms:
    entry_id: int
    rank: int
    votes: int
    public_score: float
    jury_raw: float | None
    jury_score: float
    final_score: float
    is_winner: bool


def jury_mark(marks: Mapping[int, int], weights: Mapping[int, int]) -> float | None:
    """One juror's weighted mark of one entry, over the criteria this juror marked."""
    total = sum(weights[c] for c in marks if c in weights)
    if not total:
        return None
    return sum(weights[c] * value for c, value in marks.items() if c in weights) / total


def jury_raw_scores(
    marks: Mapping[tuple[int, int], Mapping[int, int]], weights: Mapping[int, int]
) -> dict[int, float]:
    """``marks[(juror_id, entry_id)] = {criterion_id: value}`` → mean jury mark per entry."""
    per_entry: dict[int, list[float]] = {}
    for (_juror, entry_id), values in marks.items():
        mark = jury_mark(values, weights)
        if mark is not None:
            per_entry.setdefault(entry_id, []).append(mark)
    return {entry_id: sum(ms) / len(ms) for entry_id, ms in per_entry.items()}


def rank(
    finalists: Sequence[Finalist],
    jury_raw: Mapping[int, float],
    *,
    jury_weight: int,
    winners: int,
) -> list[Terms]:
    """Every finalist's terms, best first; the first ``winners`` win."""
    best_votes = max((f.votes for f in finalists), default=0)
    best_jury = max((jury_raw.get(f.entry_id, 0.0) for f in finalists), default=0.0)
    rows = []
    for f in finalists:
        public = f.votes / best_votes if best_votes else 0.0
        raw = jury_raw.get(f.entry_id)
        jury = (raw or 0.0) / best_jury if best_jury else 0.0
        final = (jury_weight * jury + (100 - jury_weight) * public) / 100
        rows.append((f, public, raw, jury, final))
    rows.sort(key=lambda r: (-r[4], -r[0].votes, r[0].order))
    return [
        Terms(
            entry_id=f.entry_id,
            rank=index + 1,
            votes=f.votes,
            public_score=public,
            jury_raw=raw,
            jury_score=jury,
            final_score=final,
            is_winner=index < winners,
        )
        for index, (f, public, raw, jury, final) in enumerate(rows)
    ]
