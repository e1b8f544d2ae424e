"""The set-up assistant through its page: recommendation with reasons, then creation with drafts."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from cocrea.brands.models import Brand, Membership
from cocrea.campaigns.models import Campaign
from cocrea.contests.models import Contest
from cocrea.customizer.tests.factories import make_product
from cocrea.programmes.models import Activity, Objective, Programme

pytestmark = pytest.mark.django_db


def _answers(**over: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "goals": ["ideas", "loyalty"],
        "ideas_target": "300",
        "launched_target": "3",
        "active_pct_target": "25",
        "starts_on": "2026-01-05",
        "due_on": "2026-06-30",
        "members": "2000",
        "capacity_per_month": "20",
        "staff_hours_per_month": "40",
        "target_languages": ["fr", "en"],
    }
    data.update(over)
    return data


def _url(brand: Brand) -> str:
    return reverse("programmes:assistant", args=[brand.slug])


def test_the_recommendation_shows_forms_kinds_and_reasons(as_alice: Client, brand: Brand) -> None:
    page = as_alice.post(_url(brand), _answers(step="recommend")).content.decode()
    assert 'data-testid="recommendation"' in page
    assert "Participatory marketing" in page and "Brand community" in page
    assert "The customer is a partial employee." in page
    assert "An idea challenge asks one question" in page
    assert "about 100 ideas a month" in page  # 2,000 members, capacity 20
    assert 'value="lead_user_panel" id="kind-lead_user_panel" checked' in page
    assert not Programme.objects.filter(brand=brand, is_default=False).exists()


def test_creating_makes_the_programme_objectives_and_drafts(
    as_alice: Client, brand: Brand, alice: Membership
) -> None:
    data = _answers(
        step="create",
        name="Coffee at home",
        positioning="Our taste, at home",
        kinds=["idea_challenge", "lead_user_panel", "community"],
    )
    response = as_alice.post(_url(brand), data)
    programme = Programme.objects.get(brand=brand, name="Coffee at home")
    assert response.status_code == 302
    assert programme.forms == ["participatory", "lead_users", "community"]
    assert programme.capacity_per_month == 20
    metrics = dict(programme.objectives.values_list("metric", "target"))
    assert set(metrics) == {"ideas_submitted", "ideas_launched", "active_members_pct"}
    drafts = list(programme.campaigns.all())
    assert len(drafts) == 2
    assert all(c.visibility == Campaign.Visibility.INVITED for c in drafts)
    assert all(not c.phases.exists() for c in drafts)
    kinds = list(programme.activities.values_list("kind", flat=True))
    assert kinds == ["idea_challenge", "lead_user_panel", "community"]
    community = programme.activities.get(kind="community")
    assert community.campaign is None
    assert "help one another" in community.reason
    page = as_alice.get(response["Location"]).content.decode()
    assert "Planned activities" in page and "help one another" in page


def test_a_design_contest_draft_uses_the_brands_product(
    as_alice: Client, brand: Brand, alice: Membership
) -> None:
    make_product(brand, alice)
    data = _answers(
        goals=["products"],
        has_products="on",
        step="create",
        name="Cups",
        kinds=["design_contest"],
    )
    assert as_alice.post(_url(brand), data).status_code == 302
    programme = Programme.objects.get(name="Cups")
    contest = Contest.objects.get(campaign__programme=programme)
    assert contest.campaign.kind == Campaign.Kind.CONTEST
    assert programme.activities.get().campaign == contest.campaign


def test_a_design_contest_without_a_product_stays_in_the_plan(
    as_alice: Client, brand: Brand
) -> None:
    data = _answers(goals=["products"], step="create", name="Cups", kinds=["design_contest"])
    assert as_alice.post(_url(brand), data).status_code == 302
    activity = Activity.objects.get(programme__name="Cups")
    assert activity.campaign is None
    assert not Contest.objects.exists()


@pytest.mark.parametrize(
    ("over", "message"),
    [
        ({"due_on": "2025-12-01"}, "An objective must be due after it starts."),
        ({"capacity_per_month": "-1"}, "greater than or equal to 0"),
        ({"staff_hours_per_month": "-2"}, "greater than or equal to 0"),
        ({"active_pct_target": "140"}, "less than or equal to 100"),
        ({"name": ""}, "A programme needs a name."),
        ({"kinds": []}, "Choose at least one kind of campaign."),
        ({"kinds": ["teleportation"]}, "Select a valid choice"),
        ({"goals": []}, "This field is required."),
    ],
)
def test_bad_answers_are_form_errors_and_nothing_is_created(
    as_alice: Client, brand: Brand, over: dict[str, Any], message: str
) -> None:
    data = _answers(step="create", name="Coffee at home", kinds=["idea_challenge"])
    data.update(over)
    response = as_alice.post(_url(brand), data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Programme.objects.filter(brand=brand, is_default=False).exists()
    assert not Campaign.objects.exists()
    assert not Objective.objects.exists()


def test_only_admins_use_the_assistant(
    client: Client, as_mona: Client, brand: Brand, charlie: Membership
) -> None:
    assert as_mona.get(_url(brand)).status_code == 403
    assert as_mona.post(_url(brand), _answers(step="recommend")).status_code == 403
    client.force_login(charlie.user)
    assert client.get(_url(brand)).status_code == 403
    client.logout()
    assert client.get(_url(brand)).status_code == 302


def test_the_assistant_opens_with_the_brands_figures(
    as_alice: Client, brand: Brand, bob: Membership
) -> None:
    page = as_alice.get(_url(brand)).content.decode()
    assert 'name="members" value="2"' in page  # alice and bob
