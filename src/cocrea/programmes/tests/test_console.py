"""The programmes console: who may see it, creating and editing with every refusal as a form
error and nothing saved half-way."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from cocrea.brands.models import Brand, Membership
from cocrea.campaigns.models import Campaign
from cocrea.campaigns.tests.factories import CampaignFactory
from cocrea.programmes.models import Objective, Programme
from cocrea.programmes.services import default_programme

pytestmark = pytest.mark.django_db


def _post(**over: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "name": "Coffee at home",
        "positioning": "The café's taste, in the kitchen",
        "forms": ["participatory", "cocreation"],
        "target_languages": ["fr"],
        "target_description": "Regulars of the Lyon stores",
        "capacity_per_month": "40",
        "staff_hours_per_month": "40",
        "starts_on": "2026-01-01",
        "ends_on": "2026-12-31",
        "status": "active",
        "objectives-TOTAL_FORMS": "2",
        "objectives-INITIAL_FORMS": "0",
        "objectives-0-metric": "ideas_submitted",
        "objectives-0-target": "300",
        "objectives-0-starts_on": "2026-01-01",
        "objectives-0-due_on": "2026-06-30",
        "objectives-0-note": "",
        "objectives-1-metric": "",
        "milestones-TOTAL_FORMS": "1",
        "milestones-INITIAL_FORMS": "0",
        "milestones-0-title": "Jury of the first contest",
        "milestones-0-due_on": "2026-04-15",
    }
    data.update(over)
    return data


def _create_url(brand: Brand) -> str:
    return reverse("programmes:create", args=[brand.slug])


def test_admin_creates_a_programme_with_objectives_milestones_and_a_campaign(
    as_alice: Client, brand: Brand, campaign: Campaign
) -> None:
    response = as_alice.post(_create_url(brand), _post(campaigns=[campaign.pk]))
    programme = Programme.objects.get(brand=brand, name="Coffee at home")
    assert response.status_code == 302
    assert response["Location"] == reverse("programmes:detail", args=[brand.slug, programme.pk])
    assert programme.forms == ["participatory", "cocreation"]
    assert programme.capacity_per_month == 40
    objective = programme.objectives.get()
    assert (objective.metric, objective.target) == ("ideas_submitted", Decimal("300"))
    assert programme.milestones.get().due_on == date(2026, 4, 15)
    campaign.refresh_from_db()
    assert campaign.programme_id == programme.pk


def test_the_detail_page_explains_the_forms_chosen(
    as_alice: Client, brand: Brand, alice: Membership
) -> None:
    as_alice.post(_create_url(brand), _post())
    programme = Programme.objects.get(brand=brand, name="Coffee at home")
    page = as_alice.get(reverse("programmes:detail", args=[brand.slug, programme.pk]))
    text = page.content.decode()
    assert "The customer is a partial employee." in text
    assert "The customer is a co-creator." in text
    assert "300" in text


@pytest.mark.parametrize(
    ("over", "message"),
    [
        ({"ends_on": "2025-12-01"}, "The programme must end after it starts."),
        ({"capacity_per_month": "-5"}, "A capacity cannot be negative."),
        ({"staff_hours_per_month": "-1"}, "Hours cannot be negative."),
        ({"objectives-0-due_on": "2025-12-01"}, "An objective must be due after it starts."),
        ({"objectives-0-due_on": "2027-03-01"}, "dates must fall within the programme"),
        ({"objectives-0-target": "-3"}, "A target cannot be negative."),
        ({"milestones-0-due_on": "2030-01-01"}, "A milestone must fall within"),
        ({"starts_on": "0001-01-01"}, "between the years 2000 and 2999"),
        ({"capacity_per_month": "lots"}, "Enter a whole number."),
    ],
)
def test_impossible_values_are_form_errors_and_nothing_is_saved(
    as_alice: Client, brand: Brand, campaign: Campaign, over: dict[str, str], message: str
) -> None:
    before = campaign.programme_id
    response = as_alice.post(_create_url(brand), _post(campaigns=[campaign.pk], **over))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Programme.objects.filter(name="Coffee at home").exists()
    assert not Objective.objects.exists()
    campaign.refresh_from_db()
    assert campaign.programme_id == before


def test_another_brands_campaign_is_refused(
    as_alice: Client, brand: Brand, other_brand: Brand
) -> None:
    foreign = CampaignFactory(brand=other_brand)
    response = as_alice.post(_create_url(brand), _post(campaigns=[foreign.pk]))
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not Programme.objects.filter(name="Coffee at home").exists()
    foreign.refresh_from_db()
    assert foreign.programme.brand_id == other_brand.pk


def test_nul_bytes_are_refused_and_nothing_is_saved(as_alice: Client, brand: Brand) -> None:
    response = as_alice.post(_create_url(brand), _post(name="Coffee\x00 at home"))
    assert response.status_code == 400
    assert not Programme.objects.filter(brand=brand).exclude(is_default=True).exists()


def test_editing_unticks_a_campaign_back_to_the_default_programme(
    as_alice: Client, brand: Brand, campaign: Campaign
) -> None:
    as_alice.post(_create_url(brand), _post(campaigns=[campaign.pk]))
    programme = Programme.objects.get(name="Coffee at home")
    url = reverse("programmes:edit", args=[brand.slug, programme.pk])
    assert 'value="Coffee at home"' in as_alice.get(url).content.decode()
    response = as_alice.post(url, _post(name="Coffee at home, v2"))
    assert response.status_code == 302
    campaign.refresh_from_db()
    assert campaign.programme == default_programme(brand_id=brand.pk)
    programme.refresh_from_db()
    assert programme.name == "Coffee at home, v2"


def test_a_failed_edit_keeps_the_objectives_as_they_were(as_alice: Client, brand: Brand) -> None:
    as_alice.post(_create_url(brand), _post())
    programme = Programme.objects.get(name="Coffee at home")
    url = reverse("programmes:edit", args=[brand.slug, programme.pk])
    response = as_alice.post(
        url,
        _post(**{"objectives-0-target": "500", "milestones-0-due_on": "2031-01-01"}),
    )
    assert response.status_code == 200
    assert programme.objectives.get().target == Decimal("300")


def test_the_default_programme_keeps_its_campaigns(
    as_alice: Client, brand: Brand, campaign: Campaign
) -> None:
    default = default_programme(brand_id=brand.pk)
    url = reverse("programmes:edit", args=[brand.slug, default.pk])
    response = as_alice.post(url, _post(name=default.name, starts_on="2020-01-01"))
    assert response.status_code == 200
    assert "A campaign always belongs to a programme" in response.content.decode()
    campaign.refresh_from_db()
    assert campaign.programme_id == default.pk


def test_moderators_read_but_do_not_edit(as_mona: Client, brand: Brand) -> None:
    default = default_programme(brand_id=brand.pk)
    assert as_mona.get(reverse("programmes:list", args=[brand.slug])).status_code == 200
    assert (
        as_mona.get(reverse("programmes:detail", args=[brand.slug, default.pk])).status_code == 200
    )
    assert as_mona.get(_create_url(brand)).status_code == 403
    assert as_mona.post(_create_url(brand), _post()).status_code == 403


def _urls(brand: Brand, programme: Programme) -> list[str]:
    return [
        reverse("programmes:list", args=[brand.slug]),
        reverse("programmes:create", args=[brand.slug]),
        reverse("programmes:detail", args=[brand.slug, programme.pk]),
        reverse("programmes:edit", args=[brand.slug, programme.pk]),
    ]


def test_anonymous_visitors_and_members_are_refused(
    client: Client, as_bob: Client, brand: Brand
) -> None:
    programme = default_programme(brand_id=brand.pk)
    for url in _urls(brand, programme):
        assert as_bob.get(url).status_code == 403
    client.logout()
    for url in _urls(brand, programme):
        assert client.get(url).status_code == 302


def test_an_outsider_cannot_reach_another_brands_programme(
    as_charlie: Client, brand: Brand, other_brand: Brand
) -> None:
    programme = default_programme(brand_id=brand.pk)
    for url in _urls(brand, programme):
        assert as_charlie.get(url).status_code == 403
    # Charlie's own console answers 404 for Café Lumière's programme id.
    url = reverse("programmes:detail", args=[other_brand.slug, programme.pk])
    assert as_charlie.get(url).status_code == 404
    url = reverse("programmes:edit", args=[other_brand.slug, programme.pk])
    assert as_charlie.post(url, _post()).status_code == 404
