"""Every ratio of the dashboard on a hand-computed example."""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D

import pytest

from cocrea.programmes import ratios


def test_hours_round_minutes_to_a_tenth() -> None:
    assert ratios.hours(D("95")) == D("1.6")  # 95 / 60 = 1.583…
    assert ratios.hours(D("0")) == D("0.0")


def test_per_hour_divides_by_the_staff_hours() -> None:
    # 12 ideas accepted for 480 minutes (8 hours): 1.5 an hour.
    assert ratios.per_hour(D("12"), D("480")) == D("1.50")
    # 7 contributors for 90 minutes (1.5 hours): 4.666… → 4.67.
    assert ratios.per_hour(D("7"), D("90")) == D("4.67")
    # 2,500 € for 40 minutes: 3,750 € an hour.
    assert ratios.per_hour(D("2500"), D("40")) == D("3750.00")


def test_per_hour_without_time_is_undefined() -> None:
    assert ratios.per_hour(D("12"), D("0")) is None


def test_growth_compares_two_windows() -> None:
    assert ratios.growth(D("150"), D("120")) == D("25.0")  # (150 - 120) / 120
    assert ratios.growth(D("90"), D("120")) == D("-25.0")
    assert ratios.growth(D("5"), D("0")) is None


@pytest.mark.parametrize(
    ("target", "starts", "due", "today", "current", "recent", "forecast", "state", "percent"),
    [
        # 300 ideas wanted from 1 January to 30 June. On 1 March (day 60), 174 came in:
        # 62 in the first 31 days (2 a day), then 4 a day for 28 days = 112, the last 28 days.
        # Pace 112 / 28 = 4 a day; 121 days left → 174 + 484 = 658: on track; 174 / 300 = 58 %.
        ("300", (1, 1), (6, 30), (3, 1), "174", "112", "658", "on_track", 58),
        # Same start, only 14 in the last 28 days: 0.5 a day; 121 days → 100 + 60.5 = 160.5
        # → 161 (rounded half up) < 300.
        ("300", (1, 1), (6, 30), (3, 1), "100", "14", "161", "off_track", 33),
        # A young objective (started 10 days ago, today included) takes its pace since the
        # start: 30 ideas → 3 a day; 20 days left → 30 + 60 = 90 < 100.
        ("100", (3, 1), (3, 30), (3, 10), "30", "30", "90", "off_track", 30),
    ],
    ids=["constructed_history_on_track", "slow_pace_off_track", "young_objective"],
)
def test_the_forecast_at_the_current_pace(
    target: str,
    starts: tuple[int, int],
    due: tuple[int, int],
    today: tuple[int, int],
    current: str,
    recent: str,
    forecast: str,
    state: str,
    percent: int,
) -> None:
    progress = ratios.cumulative_progress(
        target=D(target),
        starts_on=date(2026, *starts),
        due_on=date(2026, *due),
        today=date(2026, *today),
        current=D(current),
        recent=D(recent),
    )
    assert (progress.forecast, progress.state, progress.percent) == (D(forecast), state, percent)


@pytest.mark.parametrize(
    ("starts", "current", "state", "percent"),
    [
        ((1, 1), "4", "met", 133),  # 4 of 3, due at the end of the year
        ((9, 1), "0", "not_started", 0),  # starts after today: no forecast
    ],
)
def test_a_reached_target_is_met_and_a_future_one_not_started(
    starts: tuple[int, int], current: str, state: str, percent: int
) -> None:
    progress = ratios.cumulative_progress(
        target=D("3"),
        starts_on=date(2026, *starts),
        due_on=date(2026, 12, 31),
        today=date(2026, 5, 1),
        current=D(current),
        recent=D(current),
    )
    assert (progress.state, progress.percent) == (state, percent)
    assert (progress.forecast is None) == (state == "not_started")


def test_the_staff_hours_ceiling() -> None:
    assert ratios.ceiling_progress(target=D("40"), current=D("32.5")).state == "on_track"
    over = ratios.ceiling_progress(target=D("40"), current=D("46"))
    assert (over.state, over.percent) == ("off_track", 115)


def test_a_level_is_off_track_only_once_due() -> None:
    assert (
        ratios.level_progress(
            target=D("25"), current=D("12.5"), due_on=date(2026, 6, 1), today=date(2026, 3, 1)
        ).state
        == "on_track"
    )
    late = ratios.level_progress(
        target=D("25"), current=D("12.5"), due_on=date(2026, 6, 1), today=date(2026, 6, 2)
    )
    assert (late.state, late.percent) == ("off_track", 50)


def test_over_capacity_when_the_backlog_or_the_inflow_passes_it() -> None:
    assert ratios.over_capacity(backlog=D("21"), inflow=D("5"), capacity=20)
    assert ratios.over_capacity(backlog=D("3"), inflow=D("25"), capacity=20)
    assert not ratios.over_capacity(backlog=D("20"), inflow=D("20"), capacity=20)
    assert not ratios.over_capacity(backlog=D("500"), inflow=D("500"), capacity=0)  # not set
