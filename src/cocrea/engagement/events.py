"""Writes for the brand's events: create one, record who attended (``event_attended``)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cocrea.brands.models import Brand, Membership
from cocrea.brands.permissions import is_moderator
from cocrea.core.errors import DomainError, PermissionDenied
from cocrea.core.texts import Texts, assign, clean_texts
from cocrea.engagement.models import Attendance, BrandEvent, Kind
from cocrea.engagement.services import record

ATTENDEES_MAX = 500


def _require_staff(actor: Membership | None, brand: Brand) -> None:
    if actor is None or actor.brand_id != brand.pk or not is_moderator(actor):
        raise PermissionDenied(_("Only the brand team can do this."))


def event_create(
    *, actor: Membership, brand: Brand, title: str | Texts, starts_at: datetime, place: str = ""
) -> BrandEvent:
    _require_staff(actor, brand)
    message = _("Give the event a title of at most 120 characters.")
    title = clean_texts(title, field="title", max_length=120, required=message, too_long=message)
    place = " ".join(place.split())
    if len(place) > 120:
        raise DomainError(_("Keep the place under 120 characters."), field="place")
    if timezone.is_naive(starts_at):
        raise DomainError(_("Give the date with its time zone."), field="starts_at")
    event = BrandEvent(brand=brand, starts_at=starts_at, place=place, created_by=actor)
    assign(event, "title", title)
    event.save(force_insert=True)
    return event


@dataclass
class AttendanceResult:
    recorded: list[Membership] = field(default_factory=list)
    already: list[Membership] = field(default_factory=list)
    unknown: list[str] = field(default_factory=list)


@transaction.atomic
def attendance_record(
    *, actor: Membership, event: BrandEvent, emails: Iterable[str]
) -> AttendanceResult:
    """Record the members (by e-mail) who attended ``event``; each is credited once.

    E-mails that are not members of the event's brand are reported, never created or looked up
    in another brand. The credit dates from the event (or now, for an event still to come).
    """
    _require_staff(actor, event.brand)
    wanted = sorted({e.strip().lower() for e in emails if e.strip()})
    if len(wanted) > ATTENDEES_MAX:
        raise DomainError(
            _("Record at most %(max)d attendees at a time.") % {"max": ATTENDEES_MAX},
            field="emails",
        )
    members = {
        m.user.email.lower(): m
        for m in Membership.objects.select_related("user").filter(
            brand=event.brand, user__email__in=wanted
        )
    }
    result = AttendanceResult(unknown=[e for e in wanted if e not in members])
    at = min(event.starts_at, timezone.now())
    for email in wanted:
        member = members.get(email)
        if member is None:
            continue
        _row, created = Attendance.objects.get_or_create(
            event=event, member=member, defaults={"recorded_by": actor}
        )
        if not created:
            result.already.append(member)
            continue
        record(kind=Kind.EVENT_ATTENDED, member=member, at=at, actor=actor)
        result.recorded.append(member)
    return result


# What the brand may credit a member for from outside the platform (its CRM, its shops, its
# events); everything else is recorded by the services of the behaviour itself.
BRAND_SIDE_KINDS = frozenset({Kind.EVENT_ATTENDED, Kind.INSTORE_SIGNAL, Kind.RECOMMENDATION})


@transaction.atomic
def brand_event_record(
    *, actor: Membership, member: Membership, kind: str, occurred_at: datetime | None = None
) -> list[int]:
    """The brand team credits ``member`` with a brand-side behaviour (``BRAND_SIDE_KINDS``),
    dated ``occurred_at`` (not in the future); the score moves as for any other event."""
    _require_staff(actor, member.brand)
    if kind not in BRAND_SIDE_KINDS:
        raise DomainError(_("The brand cannot record this kind of event."), field="kind")
    now = timezone.now()
    if occurred_at is not None and timezone.is_naive(occurred_at):
        raise DomainError(_("Give the date with its time zone."), field="occurred_at")
    if occurred_at is not None and occurred_at > now:
        raise DomainError(_("The event cannot be in the future."), field="occurred_at")
    return record(kind=kind, member=member, at=occurred_at or now)
