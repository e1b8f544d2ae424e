from __future__ import annotations

from datetime import timedelta

from django.test import Client
from django.urls import reverse
from django.utils import timezone

from cocrea.brands.models import Membership
from cocrea.campaigns.models import Phase
from cocrea.campaigns.tests.factories import CampaignFactory


def _home(brand) -> str:  # type: ignore[no-untyped-def]
    return reverse("brands:brand_home", kwargs={"brand_slug": brand.slug})


def test_campaigns_are_grouped_open_upcoming_closed(client: Client, brand, campaign):
    upcoming = CampaignFactory(brand=brand, title="Next spring")
    upcoming.phases.all().delete()
    CampaignFactory(brand=brand, title="Old summer", phases="results")
    html = client.get(_home(brand)).content.decode()
    open_at = html.index('data-testid="open-campaigns"')
    upcoming_at = html.index('data-testid="upcoming-campaigns"')
    closed_at = html.index('data-testid="closed-campaigns"')
    assert open_at < html.index("The cup of tomorrow") < upcoming_at
    assert upcoming_at < html.index("Next spring") < closed_at < html.index("Old summer")


def test_a_campaign_that_has_not_started_is_upcoming(client: Client, brand, alice):
    later = CampaignFactory(brand=brand, title="Next spring")
    later.phases.all().delete()
    Phase.objects.create(
        campaign=later,
        kind="submission",
        starts_at=timezone.now() + timedelta(days=5),
        ends_at=timezone.now() + timedelta(days=9),
    )
    html = client.get(_home(brand)).content.decode()
    assert html.index('data-testid="upcoming-campaigns"') < html.index("Next spring")
    assert 'data-testid="open-campaigns"' not in html


def test_anonymous_visitors_are_invited_to_sign_up(client: Client, brand, campaign):
    html = client.get(_home(brand)).content.decode()
    assert 'data-testid="signup-cta"' in html
    assert reverse("account_signup") in html


def test_signed_in_non_members_get_a_join_button_that_works(as_charlie: Client, brand, charlie):
    html = as_charlie.get(_home(brand)).content.decode()
    assert 'data-testid="join"' in html
    assert reverse("brands:join", kwargs={"brand_slug": brand.slug}) in html
    as_charlie.post(reverse("brands:join", kwargs={"brand_slug": brand.slug}))
    assert Membership.objects.filter(brand=brand, user=charlie.user).exists()
    assert 'data-testid="join-box"' not in as_charlie.get(_home(brand)).content.decode()


def test_members_see_no_join_box(as_bob: Client, brand):
    assert 'data-testid="join-box"' not in as_bob.get(_home(brand)).content.decode()


def test_brand_home_shows_tagline_and_description(client: Client, brand):
    brand.tagline = "Coffee made with you"
    brand.description = "We roast in Lyon."
    brand.save(update_fields=["tagline", "description"])
    html = client.get(_home(brand)).content.decode()
    assert "Coffee made with you" in html and "We roast in Lyon." in html


def test_brand_home_query_count(client: Client, brand, alice, django_assert_max_num_queries):
    for _ in range(6):
        CampaignFactory(brand=brand)
    with django_assert_max_num_queries(8):
        assert client.get(_home(brand)).status_code == 200


def test_members_only_brand_home_is_hidden_from_outsiders(client: Client, as_charlie, brand):
    brand.visibility = "members"
    brand.save(update_fields=["visibility"])
    assert as_charlie.get(_home(brand)).status_code == 404
