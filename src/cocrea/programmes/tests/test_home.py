"""The console's home: what needs attention, each item with its link to act."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from cocrea.brands.models import Brand, Membership
from cocrea.campaigns.tests.factories import CampaignFactory
from cocrea.ideas.models import Idea
from cocrea.ideas.tests.factories import IdeaFactory
from cocrea.moderation.services import report_submit
from cocrea.programmes.aggregate import aggregate_brand
from cocrea.programmes.models import Objective
from cocrea.programmes.services import ProgrammeSpec, programme_create

pytestmark = pytest.mark.django_db


def _home(client: Client, brand: Brand) -> str:
    response = client.get(reverse("programmes:home", args=[brand.slug]))
    assert response.status_code == 200
    return response.content.decode()


def test_a_quiet_brand_has_nothing_to_do(as_alice: Client, brand: Brand) -> None:
    assert 'data-testid="all-clear"' in _home(as_alice, brand)


def test_every_item_links_to_where_to_act(
    as_mona: Client, brand: Brand, alice: Membership, bob: Membership, dan: Membership
) -> None:
    today = timezone.localdate()
    programme = programme_create(
        actor=alice,
        brand=brand,
        spec=ProgrammeSpec(
            name="Coffee at home",
            starts_on=today - timedelta(days=60),
            capacity_per_month=1,
        ),
    )
    Objective.objects.create(
        programme=programme,
        metric="ideas_submitted",
        target=500,
        starts_on=today - timedelta(days=60),
        due_on=today + timedelta(days=10),
    )
    campaign = CampaignFactory(brand=brand, programme=programme)
    old = IdeaFactory(campaign=campaign, author=bob)
    Idea.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=20))
    IdeaFactory(campaign=campaign, author=bob)
    report_submit(reporter=dan, item=old, reason="spam")
    aggregate_brand(brand)

    page = _home(as_mona, brand)
    assert "1 idea has waited more than 14 days for an answer" in page
    assert reverse("answers:triage", args=[brand.slug]) in page
    assert "1 open report" in page and reverse("moderation:queue", args=[brand.slug]) in page
    assert "You invite more than you can answer: 2 waiting" in page
    assert "Objectives off track: Ideas submitted." in page
    assert reverse("programmes:detail", args=[brand.slug, programme.pk]) in page
    items = page[page.index('data-testid="needs-attention"') :]
    assert items.index("Overdue answers") < items.index("Moderation queue")


def test_the_header_console_link_opens_the_home(as_alice: Client, brand: Brand) -> None:
    page = as_alice.get(reverse("brands:brand_home", args=[brand.slug])).content.decode()
    assert f'href="{reverse("programmes:home", args=[brand.slug])}"' in page


def test_the_home_is_for_the_team(as_bob: Client, brand: Brand) -> None:
    url = reverse("programmes:home", args=[brand.slug])
    assert as_bob.get(url).status_code == 403
