"""The brand's events: attending one is credited once, only to the brand's own members."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from cocrea.core.errors import DomainError, PermissionDenied
from cocrea.engagement.events import ATTENDEES_MAX, attendance_record, event_create
from cocrea.engagement.models import Attendance, BrandEvent, EngagementEvent, Kind, MemberScore
from cocrea.engagement.services import current_score
from cocrea.engagement.tests.helpers import configure

pytestmark = pytest.mark.django_db


@pytest.fixture
def tasting(brand, mona) -> BrandEvent:
    when = timezone.now() - timedelta(days=1)
    return event_create(actor=mona, brand=brand, title="Dégustation d'automne", starts_at=when)


def attended(member) -> int:
    return EngagementEvent.objects.filter(member=member, kind=Kind.EVENT_ATTENDED).count()


def test_attending_is_credited_once_with_the_brands_weight(alice, mona, bob, tasting):
    configure(alice, tiers=[], event_attended=12.0)
    first = attendance_record(actor=mona, event=tasting, emails=["BOB@example.org "])
    again = attendance_record(actor=mona, event=tasting, emails=["bob@example.org"])
    assert first.recorded == [bob] and again.already == [bob] and not again.recorded
    assert attended(bob) == 1 and Attendance.objects.filter(event=tasting).count() == 1
    event = EngagementEvent.objects.get(member=bob, kind=Kind.EVENT_ATTENDED)
    assert event.weight == 12.0 and event.occurred_at == tasting.starts_at
    assert current_score(MemberScore.objects.get(member=bob)) > 0


def test_other_brands_members_and_strangers_are_reported_not_credited(mona, charlie, tasting):
    result = attendance_record(
        actor=mona, event=tasting, emails=[charlie.user.email, "nobody@example.org"]
    )
    assert result.recorded == [] and sorted(result.unknown) == [
        "charlie@example.org",
        "nobody@example.org",
    ]
    assert not Attendance.objects.exists() and attended(charlie) == 0


def test_only_the_brand_team_records_attendance(bob, charlie, tasting):
    for actor in (bob, charlie):
        with pytest.raises(PermissionDenied):
            attendance_record(actor=actor, event=tasting, emails=[bob.user.email])
    assert not Attendance.objects.exists()


def test_an_event_needs_a_title_and_a_bounded_list(mona, brand, tasting):
    with pytest.raises(DomainError):
        event_create(actor=mona, brand=brand, title="  ", starts_at=timezone.now())
    with pytest.raises(DomainError):
        event_create(actor=mona, brand=brand, title="x" * 121, starts_at=timezone.now())
    too_many = [f"m{i}@example.org" for i in range(ATTENDEES_MAX + 1)]
    with pytest.raises(DomainError):
        attendance_record(actor=mona, event=tasting, emails=too_many)


def test_the_console_creates_an_event_and_records_attendees(client, brand, mona, dan):
    client.force_login(mona.user)
    response = client.post(
        reverse("engagement:events", args=[brand.slug]),
        {"title": "Atelier latte art", "starts_at": "2026-11-20T18:00", "place": "Lyon"},
    )
    event = BrandEvent.objects.get(title="Atelier latte art")
    assert response.status_code == 302
    page = reverse("engagement:event", args=[brand.slug, event.pk])
    response = client.post(page, {"emails": f"{dan.user.email}\nghost@example.org"})
    html = response.content.decode()
    assert response.status_code == 200 and "ghost@example.org" in html
    assert attended(dan) == 1


@pytest.mark.parametrize(
    "data",
    [
        {"title": "", "starts_at": "2026-11-20T18:00"},
        {"title": "Party", "starts_at": "not a date"},
        {"title": "x" * 500, "starts_at": "2026-11-20T18:00"},
    ],
)
def test_bad_event_input_is_a_form_error(client, brand, mona, data):
    client.force_login(mona.user)
    response = client.post(reverse("engagement:events", args=[brand.slug]), data)
    assert response.status_code == 200 and "errorlist" in response.content.decode()
    assert not BrandEvent.objects.exists()


def test_a_member_cannot_open_the_events_console(client, brand, bob, tasting):
    client.force_login(bob.user)
    assert client.get(reverse("engagement:events", args=[brand.slug])).status_code == 403
    page = reverse("engagement:event", args=[brand.slug, tasting.pk])
    assert client.post(page, {"emails": bob.user.email}).status_code == 403
    assert attended(bob) == 0
