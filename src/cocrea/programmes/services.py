"""Writes on programmes: the default programme, creation and editing with objectives, milestones
and campaigns, all or nothing.

Every function checks the actor's role itself (views check it too).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cocrea.brands.models import Brand, Membership
from cocrea.brands.permissions import is_admin
from cocrea.campaigns.models import Campaign
from cocrea.core.errors import DomainError, PermissionDenied
from cocrea.engagement.models import Tier
from cocrea.programmes.forms_of_empowerment import FORMS
from cocrea.programmes.models import Milestone, Objective, Programme

MAX_OBJECTIVES = 12
MAX_MILESTONES = 24


@dataclass(frozen=True)
class ObjectiveSpec:
    metric: str
    target: Decimal
    starts_on: date
    due_on: date
    note: str = ""


@dataclass(frozen=True)
class MilestoneSpec:
    title: str
    due_on: date
    done_on: date | None = None


@dataclass(frozen=True)
class ProgrammeSpec:
    """Everything the console's programme form says, checked as a whole before any write."""

    name: str
    starts_on: date
    ends_on: date | None = None
    positioning: str = ""
    forms: Sequence[str] = ()
    target_tiers: Sequence[Tier] = ()
    target_languages: Sequence[str] = ()
    target_description: str = ""
    capacity_per_month: int = 0
    staff_hours_per_month: Decimal | None = None
    status: str = Programme.Status.ACTIVE
    objectives: Sequence[ObjectiveSpec] = ()
    milestones: Sequence[MilestoneSpec] = ()


def _require_admin(actor: Membership, brand: Brand) -> None:
    if actor.brand_id != brand.pk or not is_admin(actor):
        raise PermissionDenied(_("Only the brand's admins may do this."), code="not_admin")


def default_programme(*, brand_id: int) -> Programme:
    """The brand's default programme, created on first need (safe between two processes)."""
    found = Programme.objects.filter(brand_id=brand_id, is_default=True).first()
    if found is not None:
        return found
    try:
        with transaction.atomic():
            return Programme.objects.create(
                brand_id=brand_id,
                name=str(_("Ongoing co-creation")),
                is_default=True,
                starts_on=timezone.localdate(),
            )
    except IntegrityError:
        return Programme.objects.get(brand_id=brand_id, is_default=True)


# --- checks ---------------------------------------------------------------------------------


def _no_nul(value: str, field: str) -> str:
    if "\x00" in value:
        raise DomainError(_("NUL characters are not allowed."), code="nul_byte", field=field)
    return value.strip()


def _check_programme(spec: ProgrammeSpec, brand: Brand) -> None:
    for field in ("name", "positioning", "target_description"):
        _no_nul(getattr(spec, field), field)
    if not spec.name.strip():
        raise DomainError(_("A programme needs a name."), code="required", field="name")
    if spec.ends_on is not None and spec.ends_on <= spec.starts_on:
        raise DomainError(
            _("The programme must end after it starts."), code="bad_dates", field="ends_on"
        )
    if spec.capacity_per_month < 0:
        raise DomainError(
            _("A capacity cannot be negative."), code="negative", field="capacity_per_month"
        )
    if spec.staff_hours_per_month is not None and spec.staff_hours_per_month < 0:
        raise DomainError(
            _("Hours cannot be negative."), code="negative", field="staff_hours_per_month"
        )
    unknown = [f for f in spec.forms if f not in FORMS]
    if unknown:
        raise DomainError(_("Unknown form of empowerment."), code="bad_form", field="forms")
    if any(t.brand_id != brand.pk for t in spec.target_tiers):
        raise DomainError(_("Unknown tier."), code="bad_tier", field="target_tiers")
    if spec.status not in Programme.Status.values:
        raise DomainError(_("Unknown status."), code="bad_status", field="status")


def _within(spec: ProgrammeSpec, day: date) -> bool:
    return day >= spec.starts_on and (spec.ends_on is None or day <= spec.ends_on)


def _check_objective(spec: ProgrammeSpec, row: ObjectiveSpec, i: int) -> None:
    field = f"objectives.{i}"
    _no_nul(row.note, f"{field}.note")
    if row.metric not in Objective.Metric.values:
        raise DomainError(_("Unknown measure."), code="bad_metric", field=f"{field}.metric")
    if row.target < 0:
        raise DomainError(
            _("A target cannot be negative."), code="negative", field=f"{field}.target"
        )
    if row.metric == Objective.Metric.ACTIVE_MEMBERS_PCT and row.target > 100:
        raise DomainError(
            _("A percentage cannot pass 100."), code="too_big", field=f"{field}.target"
        )
    if row.due_on <= row.starts_on:
        raise DomainError(
            _("An objective must be due after it starts."),
            code="bad_dates",
            field=f"{field}.due_on",
        )
    if not (_within(spec, row.starts_on) and _within(spec, row.due_on)):
        raise DomainError(
            _("An objective's dates must fall within the programme's."),
            code="bad_dates",
            field=f"{field}.due_on",
        )


def _check_milestone(spec: ProgrammeSpec, row: MilestoneSpec, i: int) -> None:
    field = f"milestones.{i}"
    if not _no_nul(row.title, f"{field}.title"):
        raise DomainError(_("A milestone needs a title."), code="required", field=f"{field}.title")
    if not _within(spec, row.due_on):
        raise DomainError(
            _("A milestone must fall within the programme's dates."),
            code="bad_dates",
            field=f"{field}.due_on",
        )


def check_programme(*, brand: Brand, spec: ProgrammeSpec) -> None:
    """Every rule on a programme and its rows; raises the first ``DomainError`` found."""
    _check_programme(spec, brand)
    if len(spec.objectives) > MAX_OBJECTIVES or len(spec.milestones) > MAX_MILESTONES:
        raise DomainError(_("Too many rows."), code="too_many")
    for i, objective in enumerate(spec.objectives):
        _check_objective(spec, objective, i)
    for i, milestone in enumerate(spec.milestones):
        _check_milestone(spec, milestone, i)


def _check_campaigns(brand: Brand, campaigns: Iterable[Campaign]) -> list[Campaign]:
    chosen = list(campaigns)
    if any(c.brand_id != brand.pk for c in chosen):
        raise DomainError(
            _("A campaign of another brand cannot join this programme."),
            code="other_brand",
            field="campaigns",
        )
    return chosen


# --- writes ---------------------------------------------------------------------------------


def _write_rows(programme: Programme, spec: ProgrammeSpec) -> None:
    programme.objectives.all().delete()
    Objective.objects.bulk_create(
        Objective(
            programme=programme,
            metric=o.metric,
            target=o.target,
            starts_on=o.starts_on,
            due_on=o.due_on,
            note=o.note.strip(),
        )
        for o in spec.objectives
    )
    programme.milestones.all().delete()
    Milestone.objects.bulk_create(
        Milestone(programme=programme, title=m.title.strip(), due_on=m.due_on, done_on=m.done_on)
        for m in spec.milestones
    )
    programme.target_tiers.set(spec.target_tiers)


def _apply(programme: Programme, spec: ProgrammeSpec) -> None:
    programme.name = spec.name.strip()
    programme.positioning = spec.positioning.strip()
    programme.forms = [f for f in FORMS if f in spec.forms]
    programme.target_languages = list(dict.fromkeys(spec.target_languages))
    programme.target_description = spec.target_description.strip()
    programme.capacity_per_month = spec.capacity_per_month
    programme.staff_hours_per_month = spec.staff_hours_per_month
    programme.starts_on, programme.ends_on = spec.starts_on, spec.ends_on
    programme.status = spec.status


def _attach(programme: Programme, campaigns: list[Campaign] | None) -> None:
    """Move the chosen campaigns here; campaigns no longer chosen return to the default one."""
    if campaigns is None:
        return
    ids = [c.pk for c in campaigns]
    # One save per campaign (not ``update()``): the object cache forgets each moved campaign.
    for campaign in campaigns:
        if campaign.programme_id != programme.pk:
            campaign.programme = programme
            campaign.save(update_fields=["programme"])
    leaving = list(Campaign.objects.filter(programme=programme).exclude(pk__in=ids))
    if leaving:
        if programme.is_default:
            raise DomainError(
                _(
                    "A campaign always belongs to a programme: to take one out of the default "
                    "programme, add it to another programme."
                ),
                code="orphan",
                field="campaigns",
            )
        fallback = default_programme(brand_id=programme.brand_id)
        for campaign in leaving:
            campaign.programme = fallback
            campaign.save(update_fields=["programme"])


@transaction.atomic
def programme_create(
    *,
    actor: Membership,
    brand: Brand,
    spec: ProgrammeSpec,
    campaigns: Iterable[Campaign] | None = None,
) -> Programme:
    _require_admin(actor, brand)
    check_programme(brand=brand, spec=spec)
    chosen = _check_campaigns(brand, campaigns or [])
    programme = Programme(brand=brand, created_by=actor)
    _apply(programme, spec)
    programme.save()
    _write_rows(programme, spec)
    _attach(programme, chosen)
    return programme


@transaction.atomic
def programme_update(
    *,
    actor: Membership,
    programme: Programme,
    spec: ProgrammeSpec,
    campaigns: Iterable[Campaign] | None = None,
) -> Programme:
    _require_admin(actor, programme.brand)
    check_programme(brand=programme.brand, spec=spec)
    chosen = None if campaigns is None else _check_campaigns(programme.brand, campaigns)
    _apply(programme, spec)
    programme.save(
        update_fields=[
            "name",
            "positioning",
            "forms",
            "target_languages",
            "target_description",
            "capacity_per_month",
            "staff_hours_per_month",
            "starts_on",
            "ends_on",
            "status",
        ]
    )
    _write_rows(programme, spec)
    _attach(programme, chosen)
    return programme


@transaction.atomic
def campaign_move(*, actor: Membership, campaign: Campaign, programme: Programme) -> Campaign:
    """Put a campaign into another programme of the same brand."""
    _require_admin(actor, campaign.brand)
    if programme.brand_id != campaign.brand_id:
        raise DomainError(
            _("A campaign of another brand cannot join this programme."),
            code="other_brand",
            field="programme",
        )
    campaign.programme = programme
    campaign.save(update_fields=["programme"])
    return campaign
