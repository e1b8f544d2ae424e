from __future__ import annotations

import pytest
from django.urls import reverse

from cocrea.brands.tests.factories import MembershipFactory
from cocrea.campaigns.tests.factories import CampaignFactory
from cocrea.engagement.models import EngagementWeights, Kind, MemberScore, Tier
from cocrea.engagement.services import engagement_setup, record
from cocrea.engagement.tests.helpers import configure
from cocrea.ideas.comment_services import comment_post
from cocrea.ideas.tests.factories import IdeaFactory

pytestmark = pytest.mark.django_db


def board(brand) -> str:
    return reverse("engagement:leaderboard", args=[brand.slug])


def console(brand) -> str:
    return reverse("engagement:settings", args=[brand.slug])


def visibility(brand) -> str:
    return reverse("engagement:visibility", args=[brand.slug])


@pytest.mark.parametrize("url", [board, console, visibility])
def test_anonymous_visitors_are_sent_to_login(client, brand, url):
    response = client.get(url(brand)) if url is not visibility else client.post(url(brand))
    assert response.status_code == 302 and "/login/" in response["Location"]


@pytest.mark.parametrize("url", [board, console, visibility])
def test_the_outsider_is_refused(as_charlie, brand, url):
    response = as_charlie.get(url(brand)) if url is not visibility else as_charlie.post(url(brand))
    assert response.status_code in (403, 404)


def test_a_member_is_refused_the_console(as_bob, brand):
    assert as_bob.get(console(brand)).status_code == 403
    assert as_bob.post(console(brand), {"half_life_days": "7"}).status_code == 403


def test_leaderboard_shows_only_the_brands_members_with_my_position(
    as_bob, bob, dan, charlie, brand, other_brand
):
    record(kind=Kind.IDEA_SUBMITTED, member=dan)
    record(kind=Kind.COMMENT_POSTED, member=bob)
    record(kind=Kind.IDEA_LAUNCHED, member=charlie)
    response = as_bob.get(board(brand))
    assert response.status_code == 200
    names = [row.member.user.display_name for row in response.context["rows"]]
    assert names == ["Dan", "Bob"]
    assert "Charlie" not in response.content.decode()
    assert response.context["mine"].position == 2
    assert round(response.context["mine"].score) == 3


def test_a_member_can_leave_and_rejoin_the_leaderboard(as_bob, bob, dan, brand):
    record(kind=Kind.IDEA_SUBMITTED, member=bob)
    record(kind=Kind.COMMENT_POSTED, member=dan)
    as_bob.post(visibility(brand), {})  # the box unticked
    response = as_bob.get(board(brand))
    assert [r.member_id for r in response.context["rows"]] == [dan.pk]
    assert response.context["mine"].hidden and response.context["mine"].position is None
    assert response.context["mine"].score > 9  # still counted, only hidden
    as_bob.post(visibility(brand), {"visible": "on"})
    assert as_bob.get(board(brand)).context["mine"].position == 1


def test_leaderboard_queries_do_not_grow_with_members(
    as_bob, bob, brand, django_assert_max_num_queries
):
    engagement_setup(brand=brand)
    for _ in range(30):
        record(kind=Kind.COMMENT_POSTED, member=MembershipFactory(brand=brand))
    record(kind=Kind.COMMENT_POSTED, member=bob)
    with django_assert_max_num_queries(9):
        response = as_bob.get(board(brand))
    assert len(response.context["rows"]) == 31
    assert all(row.tier is not None for row in response.context["rows"])


def _post_data(brand, **overrides):
    tiers = list(Tier.objects.filter(brand=brand))
    data = {
        "half_life_days": "30",
        **{f"w_{kind}": "2" for kind in Kind.values},
        "tiers-TOTAL_FORMS": str(len(tiers) + 1),
        "tiers-INITIAL_FORMS": str(len(tiers)),
        "tiers-MIN_NUM_FORMS": "0",
        "tiers-MAX_NUM_FORMS": "10",
    }
    for i, tier in enumerate(tiers):
        data |= {
            f"tiers-{i}-tier_id": str(tier.pk),
            f"tiers-{i}-name": tier.name,
            f"tiers-{i}-threshold": str(tier.threshold),
        }
    data.update(overrides)
    return data


def test_an_admin_sets_weights_and_tiers(as_alice, alice, bob, brand):
    page = as_alice.get(console(brand))
    assert page.status_code == 200 and len(page.context["formset"].forms) == 4
    record(kind=Kind.IDEA_SUBMITTED, member=bob)
    data = _post_data(
        brand, **{"w_idea_submitted": "12.5", "tiers-3-name": "Legend", "tiers-3-threshold": "900"}
    )
    data["tiers-0-DELETE"] = "on"
    response = as_alice.post(console(brand), data)
    assert response.status_code == 302
    weights = EngagementWeights.objects.get(brand=brand)
    assert weights.w_idea_submitted == 12.5 and weights.half_life_days == 30
    names = Tier.objects.filter(brand=brand).values_list("name_fr", "name_en")
    assert list(names) == [
        ("Initié", "Insider"),  # the default ladder is named in both languages
        ("Ambassadeur", "Ambassador"),
        (None, "Legend"),  # typed in the admin's language (English here)
    ]
    # the half-life changed: scores were rebuilt in the new frame
    assert MemberScore.objects.get(member=bob).half_life_days == 30


@pytest.mark.parametrize(
    "field, value",
    [
        ("half_life_days", "abc"),
        ("half_life_days", "1"),
        ("half_life_days", "nan"),
        ("w_vote_given", "1e12"),
        ("w_vote_given", "-3"),
        ("tiers-3-name", "x" * 41),
    ],
)
def test_bad_rules_are_form_errors(as_alice, brand, field, value):
    engagement_setup(brand=brand)
    data = _post_data(brand, **{field: value, "tiers-3-threshold": "5"})
    if field != "tiers-3-name":
        data.pop("tiers-3-threshold")
    response = as_alice.post(console(brand), data)
    assert response.status_code == 200
    assert EngagementWeights.objects.get(brand=brand).half_life_days == 90


def test_duplicate_tier_names_are_refused(as_alice, brand):
    engagement_setup(brand=brand)
    data = _post_data(brand, **{"tiers-3-name": "INSIDER", "tiers-3-threshold": "5"})
    response = as_alice.post(console(brand), data)
    assert response.status_code == 200 and "same name" in response.content.decode()
    assert Tier.objects.filter(brand=brand).count() == 3


def test_another_brands_tier_id_is_refused(as_alice, brand, other_brand, charlie):
    engagement_setup(brand=brand)
    foreign = Tier.objects.create(brand=other_brand, name="Gold", threshold=10)
    data = _post_data(brand, **{"tiers-0-tier_id": str(foreign.pk)})
    response = as_alice.post(console(brand), data)
    assert response.status_code == 200
    foreign.refresh_from_db()
    assert foreign.name == "Gold" and foreign.brand == other_brand


def test_promotion_notification_leads_to_the_leaderboard(as_bob, alice, bob, brand):
    configure(alice, tiers=[("Member", 0, False), ("Insider", 2, False)])
    comment_post(member=bob, idea=IdeaFactory(campaign=CampaignFactory(brand=brand)), body="Hi")
    page = as_bob.get(board(brand))
    assert page.context["mine"].tier.name == "Insider"
