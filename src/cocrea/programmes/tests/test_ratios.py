"""Every ratio of the dashboard on a hand-computed example."""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D

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


def test_forecast_at_the_current_pace_on_a_constructed_history() -> None:
    # 300 ideas wanted from 1 January to 30 June. On 1 March (day 60), 174 came in:
    # 62 in the first 31 days (2 a day), then 4 a day for 28 days = 112, the last 28 days.
    # Pace 112 / 28 = 4 a day; 121 days left → 174 + 484 = 658: on track.
    progress = ratios.cumulative_progress(
        target=D("300"),
        starts_on=date(2026, 1, 1),
        due_on=date(2026, 6, 30),
        today=date(2026, 3, 1),
        current=D("174"),
        recent=D("112"),
    )
    assert progress.forecast == D("658")
    assert progress.state == "on_track"
    assert progress.percent == 58  # 174 / 300


def test_a_slow_pace_is_off_track() -> None:
    # Same start, but only 14 in the last 28 days: 0.5 a day; 121 days → 100 + 60.5 = 160.5
    # → 161 (rounded half up) < 300.
    progress = ratios.cumulative_progress(
        target=D("300"),
        starts_on=date(2026, 1, 1),
        due_on=date(2026, 6, 30),
        today=date(2026, 3, 1),
        current=D("100"),
        recent=D("14"),
    )
    assert progress.forecast == D("161")
    assert progress.state == "off_track"


def test_a_young_objective_takes_its_pace_since_the_start() -> None:
    # Started 10 days ago (today included): 30 ideas → 3 a day; 20 days left → 30 + 60 = 90.
    progress = ratios.cumulative_progress(
        target=D("100"),
        starts_on=date(2026, 3, 1),
        due_on=date(2026, 3, 30),
        today=date(2026, 3, 10),
        current=D("30"),
        recent=D("30"),
    )
    assert progress.forecast == D("90")
    assert progress.state == "off_track"


def test_a_reached_target_is_met_and_a_future_one_not_started() -> None:
    met = ratios.cumulative_progress(
        target=D("3"),
        starts_on=date(2026, 1, 1),
        due_on=date(2026, 12, 31),
        today=date(2026, 5, 1),
        current=D("4"),
        recent=D("1"),
    )
    assert (met.state, met.percent) == ("met", 133)
    later = ratios.cumulative_progress(
        target=D("3"),
        starts_on=date(2026, 9, 1),
        due_on=date(2026, 12, 31),
        today=date(2026, 5, 1),
        current=D("0"),
        recent=D("0"),
    )
    assert (later.state, later.forecast) == ("not_started", None)


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
