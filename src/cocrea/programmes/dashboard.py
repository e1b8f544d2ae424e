"""The ratio dashboard's content, built from the pre-aggregated figures: gain and information per
staff hour, objectives' progress with a forecast, backlog against capacity, forms compared."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.utils import timezone
from django.utils.functional import Promise

from cocrea.brands.models import Brand
from cocrea.programmes import figures, ratios
from cocrea.programmes.figures import INFLOW, ZERO, ProgrammeFigures
from cocrea.programmes.forms_of_empowerment import FORMS
from cocrea.programmes.models import Objective, Programme


@dataclass(frozen=True)
class Line:
    key: str
    label: Promise
    value: Decimal
    per_hour: Decimal | None


@dataclass(frozen=True)
class Capacity:
    capacity: int
    backlog: Decimal
    inflow: Decimal
    answered: Decimal
    overdue: Decimal
    oldest_days: Decimal
    warning: bool


def lines(spec: list[tuple[str, Promise]], fig: ProgrammeFigures) -> list[Line]:
    minutes = fig.staff_minutes
    return [
        Line(key, label, fig.get(key), ratios.per_hour(fig.get(key), minutes))
        for key, label in spec
    ]


def objective_progress(objective: Objective, fig: ProgrammeFigures, today: date) -> ratios.Progress:
    metric = Objective.Metric(objective.metric)
    if metric == Objective.Metric.STAFF_HOURS_MONTH:
        used = ratios.hours(fig.last_30.get("staff_minutes", ZERO))
        return ratios.ceiling_progress(target=objective.target, current=used)
    if metric == Objective.Metric.ACTIVE_MEMBERS_PCT:
        members = fig.snapshot.get("members", ZERO)
        active = fig.snapshot.get("active_members", ZERO)
        pct = (active * 100 / members).quantize(Decimal("0.1")) if members else ZERO
        return ratios.level_progress(
            target=objective.target, current=pct, due_on=objective.due_on, today=today
        )
    if metric == Objective.Metric.THEMES:
        return ratios.level_progress(
            target=objective.target,
            current=fig.snapshot.get("themes", ZERO),
            due_on=objective.due_on,
            today=today,
        )
    current, recent = fig.by_objective.get(objective.pk, (ZERO, ZERO))
    return ratios.cumulative_progress(
        target=objective.target,
        starts_on=objective.starts_on,
        due_on=objective.due_on,
        today=today,
        current=current,
        recent=recent,
    )


def capacity(programme: Programme, fig: ProgrammeFigures) -> Capacity:
    backlog = fig.snapshot.get("backlog", ZERO)
    inflow = sum((fig.last_30.get(m, ZERO) for m in INFLOW), ZERO)
    return Capacity(
        capacity=programme.capacity_per_month,
        backlog=backlog,
        inflow=inflow,
        answered=fig.last_30.get("ideas_answered", ZERO),
        overdue=fig.snapshot.get("overdue", ZERO),
        oldest_days=fig.snapshot.get("oldest_wait_days", ZERO),
        warning=ratios.over_capacity(
            backlog=backlog, inflow=inflow, capacity=programme.capacity_per_month
        ),
    )


GAIN_KEYS = ("ideas_accepted", "ideas_launched", "winners", "members_gained")
INFO_KEYS = ("programme_contributors", "voices", "needs", "duplicates_merged")


def forms_compared(brand: Brand) -> list[dict[str, Any]]:
    """For each form of empowerment: the staff hours, gains and information of the brand's
    programmes that use it (a programme with two forms counts in both)."""
    totals = figures.brand_programme_totals(brand)
    programmes = list(Programme.objects.filter(brand=brand).values_list("pk", "forms"))
    rows = []
    for code, form in FORMS.items():
        ids = [pk for pk, forms in programmes if code in forms]
        minutes = sum((totals.get(i, {}).get("staff_minutes", ZERO) for i in ids), ZERO)
        gain = sum((totals.get(i, {}).get(k, ZERO) for i in ids for k in GAIN_KEYS), ZERO)
        info = sum((totals.get(i, {}).get(k, ZERO) for i in ids for k in INFO_KEYS), ZERO)
        rows.append(
            {
                "form": form,
                "programmes": len(ids),
                "hours": ratios.hours(minutes),
                "gain": gain,
                "information": info,
                "gain_per_hour": ratios.per_hour(gain, minutes),
                "information_per_hour": ratios.per_hour(info, minutes),
            }
        )
    return rows


def campaign_rows(programme: Programme) -> list[dict[str, Any]]:
    per = figures.campaign_totals(programme)
    rows = []
    for campaign in programme.campaigns.all():
        t = per.get(campaign.pk, {})
        minutes = t.get("staff_minutes", ZERO)
        gain = sum((t.get(k, ZERO) for k in GAIN_KEYS), ZERO)
        info = t.get("contributors", ZERO) + t.get("voices", ZERO) + t.get("needs", ZERO)
        rows.append(
            {
                "campaign": campaign,
                "hours": ratios.hours(minutes),
                "submitted": t.get("ideas_submitted", ZERO) + t.get("entries_submitted", ZERO),
                "accepted": t.get("ideas_accepted", ZERO),
                "contributors": t.get("contributors", ZERO),
                "backlog": t.get("backlog", ZERO),
                "gain": gain,
                "information": info,
                "gain_per_hour": ratios.per_hour(gain, minutes),
                "information_per_hour": ratios.per_hour(info, minutes),
            }
        )
    return rows


def build(programme: Programme, today: date | None = None) -> dict[str, Any]:
    today = today or timezone.localdate()
    fig = figures.programme_figures(programme, today)
    objectives = [(o, objective_progress(o, fig, today)) for o in programme.objectives.all()]
    engagement = ratios.growth(
        fig.last_30.get("engagement_events", ZERO), fig.previous_30.get("engagement_events", ZERO)
    )
    return {
        "fig": fig,
        "staff_hours": ratios.hours(fig.staff_minutes),
        "staff_hours_30": ratios.hours(fig.last_30.get("staff_minutes", ZERO)),
        "gain": lines(ratios.GAIN, fig),
        "information": lines(ratios.INFORMATION, fig),
        "engagement_growth": engagement,
        "objectives": objectives,
        "off_track": [o for o, p in objectives if p.state == "off_track"],
        "capacity": capacity(programme, fig),
        "campaigns": campaign_rows(programme),
        "forms_compared": forms_compared(programme.brand),
    }


def chart_data(programme: Programme) -> dict[str, Any]:
    """Weekly staff hours, contributions and gains, for the locally served chart library."""
    metrics = ["staff_minutes", "ideas_submitted", "entries_submitted", "ideas_accepted"]
    series = figures.weekly(programme, metrics)
    return {
        "weeks": [row["week"].isoformat() for row in series],
        "hours": [float(ratios.hours(row["staff_minutes"])) for row in series],
        "contributions": [
            float(row["ideas_submitted"] + row["entries_submitted"]) for row in series
        ],
        "accepted": [float(row["ideas_accepted"]) for row in series],
    }
