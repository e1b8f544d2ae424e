"""Writes on the programme's ledger by hand: staff time that happens off the platform, outcomes
the platform cannot see, and the brand's own estimate of each action's minutes."""

from __future__ import annotations

from datetime import date, datetime, time
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cocrea.brands.models import Membership
from cocrea.brands.permissions import is_admin, is_moderator
from cocrea.campaigns.models import Campaign
from cocrea.core.errors import DomainError, PermissionDenied
from cocrea.programmes.models import Outcome, Programme, StaffAction, StaffTimeEstimate
from cocrea.programmes.staff_time import AUTOMATIC
from cocrea.programmes.tasks import schedule_aggregation

MANUAL_ACTIONS = [
    StaffAction.Action.WORKSHOP,
    StaffAction.Action.DEVELOPMENT,
    StaffAction.Action.OTHER,
]
MAX_HOURS_PER_ENTRY = Decimal(24 * 31)
MAX_MINUTES_ESTIMATE = Decimal(8 * 60)


def _check_scope(actor: Membership, programme: Programme, campaign: Campaign | None) -> None:
    if actor.brand_id != programme.brand_id or not is_moderator(actor):
        raise PermissionDenied(_("Only the brand team may do this."), code="not_team")
    if campaign is not None and campaign.programme_id != programme.pk:
        raise DomainError(
            _("Choose a campaign of this programme."), code="other_campaign", field="campaign"
        )


def _check_note(note: str) -> str:
    if "\x00" in note:
        raise DomainError(_("NUL characters are not allowed."), code="nul_byte", field="note")
    return " ".join(note.split())[:200]


def _check_day(day: date) -> datetime:
    if day > timezone.localdate():
        raise DomainError(_("This date is in the future."), code="future", field="occurred_on")
    return timezone.make_aware(datetime.combine(day, time(12)))


@transaction.atomic
def staff_time_add(
    *,
    actor: Membership,
    programme: Programme,
    action: str,
    hours: Decimal,
    occurred_on: date,
    note: str = "",
    campaign: Campaign | None = None,
) -> StaffAction:
    """Time spent off the platform (a workshop, product development), entered by hand."""
    _check_scope(actor, programme, campaign)
    if action not in MANUAL_ACTIONS:
        raise DomainError(_("Choose the kind of work."), code="bad_action", field="action")
    if hours <= 0 or hours > MAX_HOURS_PER_ENTRY:
        raise DomainError(
            _("Enter hours above 0 and at most a month."), code="bad_hours", field="hours"
        )
    entry = StaffAction.objects.create(
        brand_id=programme.brand_id,
        programme=programme,
        campaign=campaign,
        actor=actor,
        action=action,
        minutes=(hours * 60).quantize(Decimal("0.01")),
        manual=True,
        measured=True,
        note=_check_note(note),
        occurred_at=_check_day(occurred_on),
    )
    schedule_aggregation(programme.brand_id)
    return entry


@transaction.atomic
def outcome_add(
    *,
    actor: Membership,
    programme: Programme,
    kind: str,
    amount: Decimal,
    occurred_on: date,
    note: str = "",
    campaign: Campaign | None = None,
) -> Outcome:
    """Revenue, royalties or a launched product, entered by a brand admin."""
    _check_scope(actor, programme, campaign)
    if not is_admin(actor):
        raise PermissionDenied(_("Only the brand's admins may do this."), code="not_admin")
    if kind not in Outcome.Kind.values:
        raise DomainError(_("Choose the kind of gain."), code="bad_kind", field="kind")
    if amount < 0:
        raise DomainError(_("An amount cannot be negative."), code="negative", field="amount")
    _check_day(occurred_on)
    outcome = Outcome.objects.create(
        programme=programme,
        campaign=campaign,
        kind=kind,
        amount=amount,
        occurred_on=occurred_on,
        note=_check_note(note),
        created_by=actor,
    )
    schedule_aggregation(programme.brand_id)
    return outcome


@transaction.atomic
def estimates_set(*, actor: Membership, minutes: dict[str, Decimal]) -> None:
    """The brand's estimate of the minutes each automatic action takes (applies from now on:
    time already recorded keeps the estimate it was recorded with)."""
    if not is_admin(actor):
        raise PermissionDenied(_("Only the brand's admins may do this."), code="not_admin")
    for action, value in minutes.items():
        if action not in AUTOMATIC:
            raise DomainError(_("Unknown action."), code="bad_action", field=action)
        if value < 0 or value > MAX_MINUTES_ESTIMATE:
            raise DomainError(_("Enter minutes from 0 to 480."), code="bad_minutes", field=action)
        StaffTimeEstimate.objects.update_or_create(
            brand_id=actor.brand_id, action=action, defaults={"minutes": value}
        )
