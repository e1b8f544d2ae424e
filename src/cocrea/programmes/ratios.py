"""The arithmetic of the ratio dashboard: pure functions over totals, tested on hand-computed
examples (``tests/test_ratios.py``). Figures come from ``figures.py`` (the pre-aggregated rows).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

PACE_WINDOW_DAYS = 28

GAIN: list[tuple[str, Promise]] = [
    ("ideas_accepted", _("Ideas accepted")),
    ("ideas_launched", _("Products launched")),
    ("winners", _("Contest winners")),
    ("revenue", _("Revenue and royalties (€)")),
    ("members_gained", _("Members gained")),
    ("referrals", _("Referrals")),
]
INFORMATION: list[tuple[str, Promise]] = [
    ("programme_contributors", _("Distinct contributors")),
    ("voices", _("Voices analysed")),
    ("needs", _("Needs expressed")),
    ("themes", _("Themes found")),
    ("duplicates_merged", _("Duplicates avoided")),
]


def hours(minutes: Decimal) -> Decimal:
    return (Decimal(minutes) / 60).quantize(Decimal("0.1"), ROUND_HALF_UP)


def per_hour(value: Decimal, minutes: Decimal) -> Decimal | None:
    """``value`` per staff hour, to two decimals; None when no time was spent."""
    if not minutes:
        return None
    return (Decimal(value) * 60 / Decimal(minutes)).quantize(Decimal("0.01"), ROUND_HALF_UP)


def growth(recent: Decimal, previous: Decimal) -> Decimal | None:
    """Change of the last window over the one before, in per cent; None without a base."""
    if not previous:
        return None
    return ((Decimal(recent) - previous) * 100 / previous).quantize(Decimal("0.1"), ROUND_HALF_UP)


@dataclass(frozen=True)
class Progress:
    current: Decimal
    target: Decimal
    percent: int
    forecast: Decimal | None
    state: str  # "met", "on_track", "off_track", "not_started"


def cumulative_progress(
    *,
    target: Decimal,
    starts_on: date,
    due_on: date,
    today: date,
    current: Decimal,
    recent: Decimal,
) -> Progress:
    """A target to reach by ``due_on``: where it stands and where the current pace leads.

    ``current`` is the total since ``starts_on``; ``recent`` the part of it in the last
    ``PACE_WINDOW_DAYS`` days (or since the start when it is more recent): the pace is
    ``recent`` per day of that window, and the forecast adds it for every day left.
    """
    if today < starts_on:
        return Progress(current, target, 0, None, "not_started")
    window = min(PACE_WINDOW_DAYS, (today - starts_on).days + 1)
    pace = Decimal(recent) / window
    days_left = max((due_on - today).days, 0)
    forecast = (Decimal(current) + pace * days_left).quantize(Decimal("1"), ROUND_HALF_UP)
    percent = _percent(current, target)
    state = "met" if current >= target else "on_track" if forecast >= target else "off_track"
    return Progress(Decimal(current), target, percent, forecast, state)


def ceiling_progress(*, target: Decimal, current: Decimal) -> Progress:
    """A ceiling (staff hours a month): met while the last 30 days stay under it."""
    state = "on_track" if current <= target else "off_track"
    return Progress(Decimal(current), target, _percent(current, target), None, state)


def level_progress(*, target: Decimal, current: Decimal, due_on: date, today: date) -> Progress:
    """A level to hold (members active %, themes): no forecast, met or not yet."""
    state = "met" if current >= target else "off_track" if today > due_on else "on_track"
    return Progress(Decimal(current), target, _percent(current, target), None, state)


def _percent(current: Decimal, target: Decimal) -> int:
    if not target:
        return 100
    return int(min(Decimal(current) * 100 / target, Decimal(999)))


def window(today: date, days: int) -> tuple[date, date]:
    """The ``days`` days that end with ``today``, both included."""
    return today - timedelta(days=days - 1), today


def over_capacity(*, backlog: Decimal, inflow: Decimal, capacity: int) -> bool:
    """ "You invite more than you can answer": what waits, or what came in the last 30 days,
    passes a month of the team's capacity (0: no capacity set, no warning)."""
    return capacity > 0 and (backlog > capacity or inflow > capacity)
