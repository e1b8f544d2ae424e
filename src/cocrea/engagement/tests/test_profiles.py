from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from cocrea.campaigns.models import Invitation
from cocrea.campaigns.tests.factories import CampaignFactory
from cocrea.engagement.badges import badge_award, badge_create
from cocrea.engagement.models import Kind, MemberScore
from cocrea.engagement.rewards import privacy_set, reward_grant
from cocrea.engagement.selectors import campaign_leaderboard
from cocrea.engagement.services import record
from cocrea.engagement.tests.helpers import configure
from cocrea.ideas.services import vote_cast
from cocrea.ideas.tests.factories import IdeaFactory
from cocrea.ideas.tests.helpers import submit

pytestmark = pytest.mark.django_db


@pytest.fixture
def famous_bob(alice, bob, campaign):
    configure(alice, tiers=[("Member", 0, False), ("Insider", 5, False)])
    submit(bob, campaign, title="Refill station")
    badge_award(badge=badge_create(actor=alice, brand=alice.brand, name="Pioneer"), member=bob)
    reward_grant(member=bob, kind="prize", label="Golden cup", amount=50, currency="EUR")
    return bob


def profile_html(client, member, viewer=None) -> str:
    if viewer is not None:
        client.force_login(viewer.user)
    response = client.get(reverse("engagement:profile", args=[member.brand.slug, member.pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_others_see_the_public_items_and_not_the_rewards(client, famous_bob, dan):
    html = profile_html(client, famous_bob, dan)
    assert "Insider" in html and "Pioneer" in html and "Refill station" in html
    assert "Golden cup" not in html and 'data-testid="profile-rewards"' not in html


def test_private_items_are_hidden_from_others_but_not_from_the_member(client, famous_bob, dan):
    privacy_set(
        member=famous_bob,
        show_tier=False,
        show_badges=False,
        show_contributions=False,
        show_rewards=False,
        show_on_leaderboard=False,
    )
    for viewer in (dan, None):
        client.logout()
        html = profile_html(client, famous_bob, viewer)
        for secret in ("Insider", "Pioneer", "Refill station", "Golden cup", "profile-tier"):
            assert secret not in html, (viewer, secret)
    mine = profile_html(client, famous_bob, famous_bob)
    for item in ("Insider", "Pioneer", "Refill station", "Golden cup", "only you"):
        assert item in mine
    assert MemberScore.objects.get(member=famous_bob).leaderboard_opt_out


def test_rewards_made_public_show_to_others(client, famous_bob, dan):
    client.force_login(famous_bob.user)
    url = reverse("engagement:privacy", args=[famous_bob.brand.slug])
    data = {"show_tier": "on", "show_rewards": "on", "show_on_leaderboard": "on"}
    assert client.post(url, data).status_code == 302
    html = profile_html(client, famous_bob, dan)
    assert "Golden cup" in html and "50&nbsp;EUR" in html and "Pioneer" not in html


def test_ideas_of_an_invitation_only_campaign_are_not_listed_to_others(
    client, famous_bob, dan, alice, brand
):
    secret = CampaignFactory(brand=brand, slug="panel", visibility="invited")
    Invitation.objects.create(campaign=secret, member=famous_bob)
    submit(famous_bob, secret, title="Secret recipe")
    assert "Secret recipe" not in profile_html(client, famous_bob, dan)
    assert "Secret recipe" in profile_html(client, famous_bob, famous_bob)


def test_another_brands_member_is_not_found(client, brand, charlie, bob):
    client.force_login(bob.user)
    url = reverse("engagement:profile", args=[brand.slug, charlie.pk])
    assert client.get(url).status_code == 404


def test_the_account_page_links_to_brand_profiles_and_shows_rewards(client, famous_bob):
    client.force_login(famous_bob.user)
    html = client.get(reverse("accounts:profile")).content.decode()
    assert reverse("engagement:profile", args=[famous_bob.brand.slug, famous_bob.pk]) in html
    assert "Golden cup" in html


# --- per-campaign leaderboard ------------------------------------------------------------------


def test_campaign_leaderboard_counts_only_that_campaigns_events(alice, bob, dan, mona, brand):
    configure(alice, half_life_days=10, idea_submitted=10, vote_given=1, vote_received=2)
    cups, other = (
        CampaignFactory(brand=brand, slug="cups"),
        CampaignFactory(brand=brand, slug="beans"),
    )
    cup_idea = IdeaFactory(campaign=cups, author=bob)
    bean_idea = IdeaFactory(campaign=other, author=dan)
    ten_days_ago = timezone.now() - timedelta(days=10)
    record(kind=Kind.IDEA_SUBMITTED, member=bob, idea=cup_idea, at=ten_days_ago)
    record(kind=Kind.IDEA_SUBMITTED, member=dan, idea=bean_idea)
    vote_cast(member=dan, idea=cup_idea)
    vote_cast(member=mona, idea=bean_idea)
    rows = campaign_leaderboard(cups, now=timezone.now())
    scores = {row.member.user.display_name: row.score for row in rows}
    # Bob: 10 points one half-life ago + 2 for the vote received now; Dan: 1 for his vote.
    assert scores == pytest.approx({"Bob": 7.0, "Dan": 1.0}, rel=1e-6)
    MemberScore.objects.filter(member=bob).update(leaderboard_opt_out=True)
    assert [row.member for row in campaign_leaderboard(cups, now=timezone.now())] == [dan]


def test_campaign_leaderboard_page_queries_do_not_grow(client, alice, bob, brand, campaign):
    from cocrea.brands.tests.factories import MembershipFactory

    idea = IdeaFactory(campaign=campaign, author=bob)
    client.force_login(bob.user)
    url = reverse("engagement:campaign_leaderboard", args=[brand.slug, campaign.slug])

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    vote_cast(member=MembershipFactory(brand=brand), idea=idea)
    few = count()
    for _ in range(5):
        vote_cast(member=MembershipFactory(brand=brand), idea=idea)
    assert count() == few


def test_campaign_leaderboard_of_an_invitation_only_campaign_is_not_found(client, bob, brand):
    secret = CampaignFactory(brand=brand, slug="panel", visibility="invited")
    client.force_login(bob.user)
    url = reverse("engagement:campaign_leaderboard", args=[brand.slug, secret.slug])
    assert client.get(url).status_code == 404


def test_profile_queries_do_not_grow_with_badges_and_rewards(client, famous_bob, alice, dan):
    client.force_login(dan.user)
    url = reverse("engagement:profile", args=[famous_bob.brand.slug, famous_bob.pk])
    privacy_set(
        member=famous_bob,
        show_tier=True,
        show_badges=True,
        show_contributions=True,
        show_rewards=True,
        show_on_leaderboard=True,
    )

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    few = count()
    for n in range(5):
        badge_award(
            badge=badge_create(actor=alice, brand=alice.brand, name=f"B{n}"), member=famous_bob
        )
        reward_grant(member=famous_bob, kind="other", label=f"R{n}")
    assert count() == few
