"""Reads for the ratio dashboard: only the pre-aggregated ``DailyFigure`` and ``Snapshot`` rows
(a fixed number of grouped queries, whatever the number of ideas or ledger events)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from django.db.models import Max, Q, Sum
from django.db.models.functions import TruncWeek
from django.utils import timezone

from cocrea.brands.models import Brand
from cocrea.programmes import ratios
from cocrea.programmes.models import DailyFigure, Objective, Programme, Snapshot

Totals = dict[str, Decimal]
ZERO = Decimal(0)
CENT = Decimal("0.01")
INFLOW = ("ideas_submitted", "entries_submitted")
METRIC_OF = {
    Objective.Metric.IDEAS_SUBMITTED: "ideas_submitted",
    Objective.Metric.IDEAS_ACCEPTED: "ideas_accepted",
    Objective.Metric.IDEAS_LAUNCHED: "ideas_launched",
    Objective.Metric.CONTEST_WINNERS: "winners",
    Objective.Metric.CONTRIBUTORS: "programme_contributors",
    Objective.Metric.MEMBERS_GAINED: "members_gained",
    Objective.Metric.REVENUE: "revenue",
}


@dataclass
class ProgrammeFigures:
    totals: Totals
    snapshot: Totals
    last_30: Totals
    previous_30: Totals
    computed_at: datetime | None
    by_objective: dict[int, tuple[Decimal, Decimal]] = field(default_factory=dict)

    @property
    def staff_minutes(self) -> Decimal:
        return self.totals.get("staff_minutes", ZERO)

    def get(self, metric: str) -> Decimal:
        if metric in self.snapshot:
            return self.snapshot[metric]
        return self.totals.get(metric, ZERO)


def figure(value: Decimal | float | int | None) -> Decimal:
    """One figure as read from the database, the same on every engine: to the cent, and whole
    numbers (counts) without decimals. PostgreSQL returns a sum of ``numeric(14, 2)`` as
    ``1.00``, SQLite computes it in floating point and returns ``1`` (or ``0.30000000000000004``
    for 0.1 + 0.2); here both read ``1`` and ``0.30``, and a snapshot's ``0.00`` reads ``0``.
    """
    if not value:
        return ZERO
    cents = Decimal(value).quantize(CENT)
    whole = cents.to_integral_value()
    return whole.quantize(Decimal(1)) if cents == whole else cents


def _sums(rows: Any) -> Totals:
    return {metric: figure(value) for metric, value in rows}


def totals(programme: Programme, since: date | None = None, until: date | None = None) -> Totals:
    rows = DailyFigure.objects.filter(programme=programme)
    if since is not None:
        rows = rows.filter(day__gte=since)
    if until is not None:
        rows = rows.filter(day__lte=until)
    return _sums(rows.values_list("metric").annotate(v=Sum("value")).order_by())


def _snapshot(programme: Programme) -> tuple[Totals, datetime | None]:
    rows = Snapshot.objects.filter(programme=programme, campaign=None)
    values = {metric: figure(value) for metric, value in rows.values_list("metric", "value")}
    when = rows.aggregate(at=Max("computed_at"))["at"]
    return values, when


def _objective_sums(programme: Programme, today: date) -> dict[int, tuple[Decimal, Decimal]]:
    """Per cumulative objective: the total since its start (to today) and the last 28 days'."""
    result: dict[int, tuple[Decimal, Decimal]] = {}
    objectives = [o for o in programme.objectives.all() if o.metric in METRIC_OF]
    if not objectives:
        return result
    aggregates: dict[str, Any] = {}
    for o in objectives:
        metric = METRIC_OF[Objective.Metric(o.metric)]
        start = max(o.starts_on, today - timedelta(days=ratios.PACE_WINDOW_DAYS - 1))
        span = Q(metric=metric, day__gte=o.starts_on, day__lte=today)
        recent = Q(metric=metric, day__gte=start, day__lte=today)
        aggregates[f"c{o.pk}"] = Sum("value", filter=span)
        aggregates[f"r{o.pk}"] = Sum("value", filter=recent)
    values = DailyFigure.objects.filter(programme=programme).aggregate(**aggregates)
    for o in objectives:
        result[o.pk] = (figure(values[f"c{o.pk}"]), figure(values[f"r{o.pk}"]))
    return result


def programme_figures(programme: Programme, today: date | None = None) -> ProgrammeFigures:
    today = today or timezone.localdate()
    snapshot, computed_at = _snapshot(programme)
    return ProgrammeFigures(
        totals=totals(programme),
        snapshot=snapshot,
        last_30=totals(programme, today - timedelta(days=29), today),
        previous_30=totals(programme, today - timedelta(days=59), today - timedelta(days=30)),
        computed_at=computed_at,
        by_objective=_objective_sums(programme, today),
    )


def campaign_totals(programme: Programme) -> dict[int, Totals]:
    """Totals per campaign of the programme, with its waiting ideas (``backlog``)."""
    result: dict[int, Totals] = defaultdict(dict)
    rows = (
        DailyFigure.objects.filter(programme=programme, campaign__isnull=False)
        .values_list("campaign_id", "metric")
        .annotate(v=Sum("value"))
        .order_by()
    )
    for campaign, metric, value in rows:
        result[campaign][metric] = figure(value)
    snaps = Snapshot.objects.filter(programme=programme, campaign__isnull=False)
    for campaign, metric, value in snaps.values_list("campaign_id", "metric", "value"):
        result[campaign][metric] = figure(value)
    return dict(result)


def weekly(programme: Programme, metrics: list[str], weeks: int = 26) -> list[dict[str, Any]]:
    """The last ``weeks`` weeks of these measures, oldest first, zeros included."""
    today = timezone.localdate()
    first = today - timedelta(days=today.weekday() + 7 * (weeks - 1))
    rows = (
        DailyFigure.objects.filter(programme=programme, metric__in=metrics, day__gte=first)
        .annotate(week=TruncWeek("day"))
        .values_list("week", "metric")
        .annotate(v=Sum("value"))
        .order_by()
    )
    by_week: dict[date, dict[str, Decimal]] = defaultdict(dict)
    for week, metric, value in rows:
        start = week.date() if isinstance(week, datetime) else week
        by_week[start][metric] = figure(value)
    series = []
    for i in range(weeks):
        start = first + timedelta(days=7 * i)
        values = by_week.get(start, {})
        series.append({"week": start, **{m: values.get(m, ZERO) for m in metrics}})
    return series


def brand_programme_totals(brand: Brand) -> dict[int, Totals]:
    """Totals of every programme of the brand (for the comparison of forms)."""
    result: dict[int, Totals] = defaultdict(dict)
    rows = (
        DailyFigure.objects.filter(brand=brand)
        .values_list("programme_id", "metric")
        .annotate(v=Sum("value"))
        .order_by()
    )
    for programme, metric, value in rows:
        result[programme][metric] = figure(value)
    return dict(result)


def brand_snapshots(brand: Brand) -> dict[int, Totals]:
    """The programme-level state figures of every programme of the brand."""
    result: dict[int, Totals] = defaultdict(dict)
    rows = Snapshot.objects.filter(brand=brand, campaign=None)
    for programme, metric, value in rows.values_list("programme_id", "metric", "value"):
        result[programme][metric] = figure(value)
    return dict(result)


def brand_last_30(brand: Brand, metrics: tuple[str, ...]) -> dict[int, Decimal]:
    today = timezone.localdate()
    rows = (
        DailyFigure.objects.filter(
            brand=brand, metric__in=metrics, day__gte=today - timedelta(days=29), day__lte=today
        )
        .values_list("programme_id")
        .annotate(v=Sum("value"))
        .order_by()
    )
    return {programme: figure(value) for programme, value in rows}
