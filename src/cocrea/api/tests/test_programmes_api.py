"""Programmes through the API: the brand team reads programmes, objectives with their progress
and the ratio figures (the dashboard's own); admins create and edit them through the same
service, so the same rules refuse the same input and nothing is saved half-way."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal as D
from typing import Any

import pytest
from django.utils import timezone

from cocrea.api.models import ApiKey
from cocrea.api.tests.conftest import make_client
from cocrea.campaigns.models import Campaign
from cocrea.campaigns.tests.factories import CampaignFactory
from cocrea.ideas.tests.factories import IdeaFactory
from cocrea.ideas.workflow import idea_set_status
from cocrea.programmes import dashboard, ledger_services
from cocrea.programmes.aggregate import aggregate_brand
from cocrea.programmes.models import Objective, Programme
from cocrea.programmes.services import ObjectiveSpec, ProgrammeSpec, programme_create

pytestmark = pytest.mark.django_db
V1 = "/api/v1/brands/cafe-lumiere"


@pytest.fixture
def programme(brand: Any, alice: Any) -> Programme:
    today = timezone.localdate()
    spec = ProgrammeSpec(
        name="Coffee at home",
        starts_on=today - timedelta(days=30),
        ends_on=today + timedelta(days=180),
        forms=["participatory"],
        capacity_per_month=5,
        objectives=[
            ObjectiveSpec(
                metric="ideas_accepted",
                target=D(4),
                starts_on=today - timedelta(days=30),
                due_on=today + timedelta(days=30),
            )
        ],
    )
    return programme_create(actor=alice, brand=brand, spec=spec)


def _body(**changes: Any) -> dict[str, Any]:
    today = timezone.localdate()
    body = {
        "name": "Lead users of the grinder",
        "starts_on": str(today),
        "ends_on": str(today + timedelta(days=90)),
        "forms": ["lead_users", "cocreation"],
        "target_languages": ["fr"],
        "capacity_per_month": 12,
        "staff_hours_per_month": "20.5",
        "objectives": [
            {
                "metric": "ideas_submitted",
                "target": "40",
                "starts_on": str(today),
                "due_on": str(today + timedelta(days=60)),
            }
        ],
        "milestones": [{"title": "Panel chosen", "due_on": str(today + timedelta(days=10))}],
    }
    return body | changes


def test_the_team_reads_programmes_objectives_and_figures(
    alice_api: Any, alice: Any, bob: Any, brand: Any, programme: Programme
) -> None:
    campaign = CampaignFactory(brand=brand, programme=programme)
    idea = IdeaFactory(campaign=campaign, author=bob)
    idea_set_status(actor_membership=alice, idea=idea, to_status="accepted", answer="Yes")  # 10'
    ledger_services.staff_time_add(
        actor=alice,
        programme=programme,
        action="workshop",
        hours=D("1"),
        occurred_on=timezone.localdate(),
    )  # 60 minutes: 70 in all
    aggregate_brand(brand)

    listed = alice_api.get(f"{V1}/programmes").json()["items"]
    mine = next(p for p in listed if p["id"] == programme.pk)
    assert mine["campaign_ids"] == [campaign.pk] and mine["forms"] == ["participatory"]
    assert any(p["is_default"] for p in listed)

    got = alice_api.get(f"{V1}/programmes/{programme.pk}").json()
    assert [o["metric"] for o in got["objectives"]] == ["ideas_accepted"]

    objectives = alice_api.get(f"{V1}/programmes/{programme.pk}/objectives").json()["items"]
    progress = objectives[0]["progress"]
    assert (D(progress["current"]), progress["percent"]) == (D(1), 25)  # 1 of 4

    fig = alice_api.get(f"{V1}/programmes/{programme.pk}/figures").json()
    assert D(fig["staff_hours"]) == D("1.2")  # 70 / 60 = 1.166…
    gain = {line["key"]: line for line in fig["gain"]}
    assert D(gain["ideas_accepted"]["value"]) == 1
    assert D(gain["ideas_accepted"]["per_staff_hour"]) == D("0.86")  # 1 x 60 / 70
    assert D(gain["referrals"]["per_staff_hour"]) == 0
    assert fig["capacity"]["capacity_per_month"] == 5 and not fig["capacity"]["warning"]
    row = fig["campaigns"][0]
    assert (row["campaign_id"], D(row["staff_hours"])) == (campaign.pk, D("0.2"))  # 10 min
    # The figures are the console's own.
    console = dashboard.build(programme)
    assert D(fig["staff_hours"]) == console["staff_hours"]
    assert [D(line["value"]) for line in fig["gain"]] == [line.value for line in console["gain"]]


def test_only_the_brand_team_reads_programmes(
    bob_api: Any, bob: Any, mona: Any, programme: Programme
) -> None:
    moderator_token = make_client(mona, ApiKey.Kind.PERSONAL, "read")
    for caller in (bob_api, moderator_token):  # a member's token; even a moderator's token
        for path in ("programmes", f"programmes/{programme.pk}/figures"):
            response = caller.get(f"{V1}/{path}")
            assert response.status_code == 403, path
            assert "Coffee at home" not in response.content.decode()


def test_an_admin_creates_and_edits_a_programme(
    alice_api: Any, alice: Any, brand: Any, programme: Programme
) -> None:
    campaign = CampaignFactory(brand=brand, programme=programme)
    created = alice_api.post(f"{V1}/programmes", _body(campaign_ids=[campaign.pk]))
    assert created.status_code == 201, created.content
    new = created.json()
    assert new["forms"] == ["lead_users", "cocreation"] and new["campaign_ids"] == [campaign.pk]
    assert D(new["staff_hours_per_month"]) == D("20.5")
    assert [m["title"] for m in new["milestones"]] == ["Panel chosen"]
    assert Campaign.objects.get(pk=campaign.pk).programme_id == new["id"]

    url = f"{V1}/programmes/{new['id']}"
    changed = alice_api.patch(url, {"capacity_per_month": 3, "ends_on": None})
    assert changed.status_code == 200, changed.content
    assert changed.json()["capacity_per_month"] == 3 and changed.json()["ends_on"] is None
    assert [o["metric"] for o in changed.json()["objectives"]] == ["ideas_submitted"]  # kept
    # Taking the campaign out returns it to the default programme, as in the console.
    assert alice_api.patch(url, {"campaign_ids": []}).status_code == 200
    assert Campaign.objects.get(pk=campaign.pk).programme.is_default


def test_writes_need_an_admin_scope_key(alice: Any, brand: Any) -> None:
    for scope in ("read", "write"):
        response = make_client(alice, scope=scope).post(f"{V1}/programmes", _body())
        assert response.status_code == 403
        assert response.json()["code"] == "insufficient_scope"
    assert not Programme.objects.filter(name="Lead users of the grinder").exists()


@pytest.mark.parametrize(
    ("changes", "status", "code"),
    [
        ({"name": "Nul\x00byte"}, 400, "nul_byte"),
        ({"name": ""}, 422, "invalid"),
        ({"name": "x" * 121}, 422, "invalid"),
        ({"capacity_per_month": -1}, 422, "invalid"),
        ({"capacity_per_month": "many"}, 422, "invalid"),
        ({"staff_hours_per_month": "-3"}, 422, "invalid"),
        ({"forms": ["influence"]}, 422, "invalid"),
        ({"starts_on": "0001-01-01"}, 422, "invalid"),
        ({"ends_on": "2000-01-01"}, 422, "bad_dates"),  # before it starts
        ({"objectives": [{"metric": "likes", "target": "3"}]}, 422, "invalid"),
        ({"campaign_ids": [2**63]}, 422, "invalid"),
        ({"campaign_ids": [987654]}, 404, "not_found"),
        ({"target_tier_ids": [987654]}, 404, "not_found"),
    ],
)
def test_bad_input_is_a_4xx_and_saves_nothing(
    alice_api: Any, programme: Programme, changes: dict[str, Any], status: int, code: str
) -> None:
    before = (Programme.objects.count(), Objective.objects.count())
    created = alice_api.post(f"{V1}/programmes", _body(**changes))
    assert (created.status_code, created.json()["code"]) == (status, code), created.content
    edited = alice_api.patch(f"{V1}/programmes/{programme.pk}", changes)
    assert edited.status_code == status, edited.content
    assert (Programme.objects.count(), Objective.objects.count()) == before
    programme.refresh_from_db()
    assert programme.name == "Coffee at home" and programme.capacity_per_month == 5


def test_an_objective_outside_the_programme_is_refused_with_its_field(
    alice_api: Any, programme: Programme
) -> None:
    late = str(programme.ends_on + timedelta(days=1))  # type: ignore[operator]
    objective = {
        "metric": "revenue",
        "target": "100",
        "starts_on": str(programme.starts_on),
        "due_on": late,
    }
    response = alice_api.patch(f"{V1}/programmes/{programme.pk}", {"objectives": [objective]})
    assert response.status_code == 422
    assert response.json()["errors"][0]["loc"] == ["body", "objectives.0.due_on"]
    assert programme.objectives.get().metric == "ideas_accepted"  # nothing changed


def test_another_brands_campaign_is_not_moved(
    alice_api: Any, charlie: Any, other_brand: Any, programme: Programme
) -> None:
    theirs = CampaignFactory(brand=other_brand)
    before = theirs.programme_id
    response = alice_api.patch(f"{V1}/programmes/{programme.pk}", {"campaign_ids": [theirs.pk]})
    assert response.status_code == 404
    assert Campaign.objects.get(pk=theirs.pk).programme_id == before
