"""JSON shapes of programmes, their objectives and the ratio figures in the REST API."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Literal

from ninja import Field, Schema
from pydantic import AfterValidator

from cocrea.api.common import MAX_ID, PageQuery
from cocrea.api.pagination import Page
from cocrea.programmes.forms_of_empowerment import FORMS
from cocrea.programmes.models import Objective, Programme
from cocrea.programmes.services import MAX_MILESTONES, MAX_OBJECTIVES

FormCode = Literal[tuple(FORMS)]  # type: ignore[valid-type]
MetricCode = Literal[tuple(Objective.Metric.values)]  # type: ignore[valid-type]
StatusCode = Literal[tuple(Programme.Status.values)]  # type: ignore[valid-type]
LanguageCode = Literal["fr", "en"]
RowId = Annotated[int, Field(ge=1, le=MAX_ID)]


def _sane(value: date) -> date:
    """As the console's ``SaneDateField``: year 1 or 9999 would overflow date arithmetic."""
    if not 2000 <= value.year <= 2999:
        raise ValueError("Enter a date between the years 2000 and 2999.")
    return value


SaneDate = Annotated[date, AfterValidator(_sane)]


class ProgrammeQuery(PageQuery):
    status: StatusCode | None = Field(None, description="Only this status")  # type: ignore[valid-type]


class ObjectiveIn(Schema):
    metric: MetricCode  # type: ignore[valid-type]
    target: Decimal = Field(..., ge=0, max_digits=12, decimal_places=2)
    starts_on: SaneDate
    due_on: SaneDate
    note: str = Field("", max_length=200)


class MilestoneIn(Schema):
    title: str = Field(..., min_length=1, max_length=160)
    due_on: SaneDate
    done_on: SaneDate | None = None


class ProgrammeIn(Schema):
    """A new programme; ``objectives``, ``milestones`` and ``campaign_ids`` are whole lists."""

    name: str = Field(..., min_length=1, max_length=120)
    starts_on: SaneDate
    ends_on: SaneDate | None = None
    positioning: str = Field("", max_length=2000)
    forms: list[FormCode] = Field(default_factory=list, max_length=len(FORMS))  # type: ignore[valid-type]
    target_tier_ids: list[RowId] = Field(default_factory=list, max_length=50)
    target_languages: list[LanguageCode] = Field(default_factory=list, max_length=2)
    target_description: str = Field("", max_length=2000)
    capacity_per_month: int = Field(0, ge=0, le=1_000_000)
    staff_hours_per_month: Decimal | None = Field(None, ge=0, max_digits=7, decimal_places=1)
    status: StatusCode = Programme.Status.ACTIVE  # type: ignore[valid-type]
    objectives: list[ObjectiveIn] = Field(default_factory=list, max_length=MAX_OBJECTIVES)
    milestones: list[MilestoneIn] = Field(default_factory=list, max_length=MAX_MILESTONES)
    campaign_ids: list[RowId] | None = Field(
        None, max_length=500, description="The campaigns it holds (others go to the default)"
    )


class ProgrammePatch(Schema):
    """Only the fields sent change; a list sent replaces the whole list."""

    name: str | None = Field(None, min_length=1, max_length=120)
    starts_on: SaneDate | None = None
    ends_on: SaneDate | None = None
    positioning: str | None = Field(None, max_length=2000)
    forms: list[FormCode] | None = Field(None, max_length=len(FORMS))  # type: ignore[valid-type]
    target_tier_ids: list[RowId] | None = Field(None, max_length=50)
    target_languages: list[LanguageCode] | None = Field(None, max_length=2)
    target_description: str | None = Field(None, max_length=2000)
    capacity_per_month: int | None = Field(None, ge=0, le=1_000_000)
    staff_hours_per_month: Decimal | None = Field(None, ge=0, max_digits=7, decimal_places=1)
    status: StatusCode | None = None  # type: ignore[valid-type]
    objectives: list[ObjectiveIn] | None = Field(None, max_length=MAX_OBJECTIVES)
    milestones: list[MilestoneIn] | None = Field(None, max_length=MAX_MILESTONES)
    campaign_ids: list[RowId] | None = Field(None, max_length=500)


class ProgressOut(Schema):
    current: Decimal
    target: Decimal
    percent: int
    forecast: Decimal | None
    state: Literal["met", "on_track", "off_track", "not_started"]


class ObjectiveOut(Schema):
    id: int
    metric: str
    label: str
    target: Decimal
    starts_on: date
    due_on: date
    note: str
    is_ceiling: bool


class ObjectiveProgressOut(ObjectiveOut):
    progress: ProgressOut


class ObjectiveList(Schema):
    items: list[ObjectiveProgressOut]


class MilestoneOut(Schema):
    id: int
    title: str
    due_on: date
    done_on: date | None


class ProgrammeOut(Schema):
    id: int
    name: str
    status: str
    is_default: bool
    positioning: str
    forms: list[str]
    target_tier_ids: list[int]
    target_languages: list[str]
    target_description: str
    capacity_per_month: int
    staff_hours_per_month: Decimal | None
    starts_on: date
    ends_on: date | None
    campaign_ids: list[int]
    created_at: datetime


class ProgrammeDetailOut(ProgrammeOut):
    objectives: list[ObjectiveOut]
    milestones: list[MilestoneOut]


class ProgrammePage(Page):
    items: list[ProgrammeOut]


class LineOut(Schema):
    key: str
    label: str
    value: Decimal
    per_staff_hour: Decimal | None


class CapacityOut(Schema):
    capacity_per_month: int
    backlog: Decimal
    inflow_30_days: Decimal
    answered_30_days: Decimal
    overdue: Decimal
    oldest_wait_days: Decimal
    warning: bool


class CampaignFiguresOut(Schema):
    campaign_id: int
    title: str
    staff_hours: Decimal
    contributions: Decimal
    ideas_accepted: Decimal
    contributors: Decimal
    backlog: Decimal
    gain: Decimal
    information: Decimal
    gain_per_staff_hour: Decimal | None
    information_per_staff_hour: Decimal | None


class FiguresOut(Schema):
    """The ratio dashboard's figures, as the console shows them (pre-aggregated by a job)."""

    programme_id: int
    computed_at: datetime | None
    staff_hours: Decimal
    staff_hours_30_days: Decimal
    engagement_growth_pct: Decimal | None
    gain: list[LineOut]
    information: list[LineOut]
    capacity: CapacityOut
    campaigns: list[CampaignFiguresOut]
