"""Programmes in the REST API: programmes with their objectives and milestones, each objective's
progress, and the ratio dashboard's figures (gain and information per staff hour, backlog
against capacity), for the brand team; brand admins (an admin-scope key) create and edit them.

Everything goes through the programmes' own selectors, services and dashboard (the console's
pages use the same), so the API checks the same rules and reads the same pre-aggregated rows.
"""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest
from django.utils import timezone
from ninja import Query, Router, Status

from cocrea.api.auth import brand_context, require_team
from cocrea.api.common import BrandSlug, Id, responses
from cocrea.api.models import Scope
from cocrea.api.pagination import list_page
from cocrea.brands.models import Brand
from cocrea.campaigns.models import Campaign
from cocrea.engagement.models import Tier
from cocrea.programmes import dashboard, figures, selectors, services
from cocrea.programmes.models import Objective, Programme
from cocrea.programmes.schemas import (
    FiguresOut,
    MilestoneIn,
    ObjectiveIn,
    ObjectiveList,
    ProgrammeDetailOut,
    ProgrammeIn,
    ProgrammePage,
    ProgrammePatch,
    ProgrammeQuery,
)
from cocrea.programmes.services import MilestoneSpec, ObjectiveSpec, ProgrammeSpec

router = Router(tags=["programmes"])


def _ids(rows: Any) -> list[int]:
    return [row.pk for row in rows]


def programme_out(programme: Programme) -> dict[str, Any]:
    return {
        "id": programme.pk,
        "name": programme.name,
        "status": programme.status,
        "is_default": programme.is_default,
        "positioning": programme.positioning,
        "forms": list(programme.forms),
        "target_tier_ids": _ids(programme.target_tiers.all()),
        "target_languages": list(programme.target_languages),
        "target_description": programme.target_description,
        "capacity_per_month": programme.capacity_per_month,
        "staff_hours_per_month": programme.staff_hours_per_month,
        "starts_on": programme.starts_on,
        "ends_on": programme.ends_on,
        "campaign_ids": sorted(_ids(programme.campaigns.all())),
        "created_at": programme.created_at,
    }


def objective_out(objective: Objective) -> dict[str, Any]:
    return {
        "id": objective.pk,
        "metric": objective.metric,
        "label": str(objective.get_metric_display()),
        "target": objective.target,
        "starts_on": objective.starts_on,
        "due_on": objective.due_on,
        "note": objective.note,
        "is_ceiling": objective.is_ceiling,
    }


def programme_detail_out(programme: Programme) -> dict[str, Any]:
    milestones = [
        {"id": m.pk, "title": m.title, "due_on": m.due_on, "done_on": m.done_on}
        for m in programme.milestones.all()
    ]
    objectives = [objective_out(o) for o in programme.objectives.all()]
    return programme_out(programme) | {"objectives": objectives, "milestones": milestones}


def _rows_of(brand: Brand, model: Any, ids: list[int] | None) -> list[Any] | None:
    """The brand's rows with these ids; 404 for an unknown id, another brand's included (as
    for every id of a body, whether it exists elsewhere is not told)."""
    if ids is None:
        return None
    wanted = set(ids)
    found = list(model.objects.filter(brand=brand, pk__in=wanted))
    if len(found) != len(wanted):
        raise Http404
    return found


def _objectives(rows: list[ObjectiveIn]) -> list[ObjectiveSpec]:
    return [
        ObjectiveSpec(
            metric=o.metric, target=o.target, starts_on=o.starts_on, due_on=o.due_on, note=o.note
        )
        for o in rows
    ]


def _milestones(rows: list[MilestoneIn]) -> list[MilestoneSpec]:
    return [MilestoneSpec(title=m.title, due_on=m.due_on, done_on=m.done_on) for m in rows]


def _current_spec(programme: Programme) -> dict[str, Any]:
    """The programme as it stands, in the service's terms (what a PATCH starts from)."""
    return {
        "name": programme.name,
        "positioning": programme.positioning,
        "forms": list(programme.forms),
        "target_tiers": list(programme.target_tiers.all()),
        "target_languages": list(programme.target_languages),
        "target_description": programme.target_description,
        "capacity_per_month": programme.capacity_per_month,
        "staff_hours_per_month": programme.staff_hours_per_month,
        "starts_on": programme.starts_on,
        "ends_on": programme.ends_on,
        "status": programme.status,
        "objectives": [
            ObjectiveSpec(
                metric=o.metric,
                target=o.target,
                starts_on=o.starts_on,
                due_on=o.due_on,
                note=o.note,
            )
            for o in programme.objectives.all()
        ],
        "milestones": [
            MilestoneSpec(title=m.title, due_on=m.due_on, done_on=m.done_on)
            for m in programme.milestones.all()
        ],
    }


NULLABLE = ("ends_on", "staff_hours_per_month")


def _changes(brand: Brand, sent: set[str], data: ProgrammeIn | ProgrammePatch) -> dict:
    """The spec's fields for what the caller sent (``sent``: the names present in the body)."""
    changes: dict[str, Any] = {}
    for name in sent:
        value = getattr(data, name)
        if name == "campaign_ids":
            continue
        if value is None and name not in NULLABLE:
            continue  # null on a required field: left as it is
        if name == "objectives":
            value = _objectives(value)
        elif name == "milestones":
            value = _milestones(value)
        elif name == "target_tier_ids":
            name, value = "target_tiers", _rows_of(brand, Tier, value)
        changes[name] = value
    return changes


@router.get(
    "/{brand}/programmes", response=responses(ProgrammePage), operation_id="programmes_list"
)
def programmes_list(
    request: HttpRequest, brand: BrandSlug, query: Query[ProgrammeQuery]
) -> dict[str, Any]:
    """The brand's programmes, default first then by name (the brand team only)."""
    context = brand_context(request, brand)
    require_team(context)
    programmes = selectors.programmes_for_api(context.brand)
    if query.status:
        programmes = programmes.filter(status=query.status)
    return list_page(programmes, ("id",), query, tag="programmes", out=programme_out)


@router.post(
    "/{brand}/programmes",
    response=responses(ProgrammeDetailOut, 201),
    operation_id="programmes_create",
)
def programmes_create(
    request: HttpRequest, brand: BrandSlug, data: ProgrammeIn
) -> Status[dict[str, Any]]:
    """A new programme with its objectives, milestones and campaigns (brand admins)."""
    context = brand_context(request, brand, Scope.WRITE)
    actor = require_team(context, write=True)
    fields = _changes(context.brand, set(ProgrammeIn.model_fields), data)
    campaigns = _rows_of(context.brand, Campaign, data.campaign_ids)
    created = services.programme_create(
        actor=actor, brand=context.brand, spec=ProgrammeSpec(**fields), campaigns=campaigns
    )
    programme = selectors.programme_for_console(context.brand, created.pk)
    return Status(201, programme_detail_out(programme))


@router.get(
    "/{brand}/programmes/{programme_id}",
    response=responses(ProgrammeDetailOut),
    operation_id="programmes_get",
)
def programmes_get(request: HttpRequest, brand: BrandSlug, programme_id: Id) -> dict[str, Any]:
    context = brand_context(request, brand)
    require_team(context)
    return programme_detail_out(selectors.programme_for_console(context.brand, programme_id))


@router.patch(
    "/{brand}/programmes/{programme_id}",
    response=responses(ProgrammeDetailOut),
    operation_id="programmes_update",
)
def programmes_update(
    request: HttpRequest, brand: BrandSlug, programme_id: Id, data: ProgrammePatch
) -> dict[str, Any]:
    """Change what is sent, checked with the rest of the programme as a whole (brand admins)."""
    context = brand_context(request, brand, Scope.WRITE)
    actor = require_team(context, write=True)
    programme = selectors.programme_for_console(context.brand, programme_id)
    fields = _current_spec(programme) | _changes(context.brand, data.model_fields_set, data)
    campaigns = _rows_of(context.brand, Campaign, data.campaign_ids)
    services.programme_update(
        actor=actor, programme=programme, spec=ProgrammeSpec(**fields), campaigns=campaigns
    )
    return programme_detail_out(selectors.programme_for_console(context.brand, programme_id))


@router.get(
    "/{brand}/programmes/{programme_id}/objectives",
    response=responses(ObjectiveList),
    operation_id="programmes_objectives",
)
def programmes_objectives(
    request: HttpRequest, brand: BrandSlug, programme_id: Id
) -> dict[str, Any]:
    """Each objective with its progress and the forecast at the current pace."""
    context = brand_context(request, brand)
    require_team(context)
    programme = selectors.programme_for_console(context.brand, programme_id)
    today = timezone.localdate()
    fig = figures.programme_figures(programme, today)
    items = [
        objective_out(o) | {"progress": vars(dashboard.objective_progress(o, fig, today))}
        for o in programme.objectives.all()
    ]
    return {"items": items}


@router.get(
    "/{brand}/programmes/{programme_id}/figures",
    response=responses(FiguresOut),
    operation_id="programmes_figures",
)
def programmes_figures(request: HttpRequest, brand: BrandSlug, programme_id: Id) -> dict[str, Any]:
    """The ratio dashboard: gain and information per staff hour, backlog against capacity and
    each campaign's figures, from the figures the aggregation job last computed."""
    context = brand_context(request, brand)
    require_team(context)
    programme = selectors.programme_for_console(context.brand, programme_id)
    content = dashboard.build(programme)
    capacity = content["capacity"]
    return {
        "programme_id": programme.pk,
        "computed_at": content["fig"].computed_at,
        "staff_hours": content["staff_hours"],
        "staff_hours_30_days": content["staff_hours_30"],
        "engagement_growth_pct": content["engagement_growth"],
        "gain": [_line(line) for line in content["gain"]],
        "information": [_line(line) for line in content["information"]],
        "capacity": {
            "capacity_per_month": capacity.capacity,
            "backlog": capacity.backlog,
            "inflow_30_days": capacity.inflow,
            "answered_30_days": capacity.answered,
            "overdue": capacity.overdue,
            "oldest_wait_days": capacity.oldest_days,
            "warning": capacity.warning,
        },
        "campaigns": [_campaign(row) for row in content["campaigns"]],
    }


def _line(line: dashboard.Line) -> dict[str, Any]:
    return {
        "key": line.key,
        "label": str(line.label),
        "value": line.value,
        "per_staff_hour": line.per_hour,
    }


def _campaign(row: dict[str, Any]) -> dict[str, Any]:
    return {
        "campaign_id": row["campaign"].pk,
        "title": row["campaign"].title,
        "staff_hours": row["hours"],
        "contributions": row["submitted"],
        "ideas_accepted": row["accepted"],
        "contributors": row["contributors"],
        "backlog": row["backlog"],
        "gain": row["gain"],
        "information": row["information"],
        "gain_per_staff_hour": row["gain_per_hour"],
        "information_per_staff_hour": row["information_per_hour"],
    }
