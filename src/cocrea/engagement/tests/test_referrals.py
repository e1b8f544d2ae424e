from __future__ import annotations

import pytest
from django.db import IntegrityError, transaction
from django.test import Client
from django.urls import reverse

from cocrea.accounts.tests.factories import UserFactory
from cocrea.brands.models import Brand, Membership
from cocrea.campaigns.tests.factories import CampaignFactory
from cocrea.engagement.models import EngagementEvent, Kind, Referral, ShareOpen
from cocrea.engagement.referrals import (
    SHARE_DAILY_CAP,
    referral_join,
    referral_link_for,
    share_link_for,
    share_opened,
)
from cocrea.ideas.tests.factories import IdeaFactory

pytestmark = pytest.mark.django_db


def recommendations(member) -> int:
    return EngagementEvent.objects.filter(member=member, kind=Kind.RECOMMENDATION).count()


def test_a_referral_is_credited_once_even_if_the_link_is_opened_many_times(client, bob, brand):
    link = referral_link_for(member=bob)
    page = reverse("engagement:referral", args=[brand.slug, link.code])
    join = reverse("engagement:referral_join", args=[brand.slug, link.code])
    newcomer = UserFactory(email="nora@example.org", display_name="Nora")
    for _ in range(5):
        assert client.get(page).status_code == 200  # anonymous, before signing up
    client.force_login(newcomer)
    for _ in range(3):
        assert client.get(page).status_code == 200
        assert client.post(join).status_code == 302
    assert Membership.objects.filter(brand=brand, user=newcomer).count() == 1
    assert recommendations(bob) == 1 and Referral.objects.count() == 1
    event = EngagementEvent.objects.get(kind=Kind.RECOMMENDATION)
    assert event.actor.user == newcomer
    link.refresh_from_db()
    assert link.opened == 2  # once as an anonymous visitor, once signed in


def test_joining_twice_credits_once_even_through_two_links(bob, dan, brand):
    newcomer = UserFactory()
    member, credited = referral_join(link=referral_link_for(member=bob), user=newcomer)
    assert credited
    member.delete()  # left the community …
    _again, credited = referral_join(link=referral_link_for(member=dan), user=newcomer)
    assert not credited  # … and came back through Dan's link: still one referral
    assert recommendations(bob) == 1 and recommendations(dan) == 0


def test_the_database_refuses_a_second_referral_of_a_person(bob, dan, brand):
    newcomer = UserFactory()
    referral_join(link=referral_link_for(member=bob), user=newcomer)
    with pytest.raises(IntegrityError), transaction.atomic():
        Referral.objects.create(
            brand=brand, link=referral_link_for(member=dan), referrer=dan, user=newcomer
        )


def test_no_credit_for_self_referral_or_an_existing_member(bob, dan):
    link = referral_link_for(member=bob)
    assert referral_join(link=link, user=bob.user) == (bob, False)
    assert referral_join(link=link, user=dan.user) == (dan, False)
    assert recommendations(bob) == 0


def test_a_referral_link_of_another_brand_is_not_found(client, brand, charlie):
    link = referral_link_for(member=charlie)
    assert (
        client.get(reverse("engagement:referral", args=[brand.slug, link.code])).status_code == 404
    )
    assert client.get(reverse("engagement:referral", args=[brand.slug, "nope"])).status_code == 404


def test_referral_join_needs_a_login_and_a_public_brand(client, bob, brand, charlie):
    link = referral_link_for(member=bob)
    join = reverse("engagement:referral_join", args=[brand.slug, link.code])
    assert "/login/" in client.post(join)["Location"]
    Brand.objects.filter(pk=brand.pk).update(visibility=Brand.Visibility.MEMBERS)
    client.force_login(charlie.user)
    assert client.post(join).status_code == 404
    assert (
        client.get(reverse("engagement:referral", args=[brand.slug, link.code])).status_code == 404
    )
    assert not Membership.objects.filter(brand=brand, user=charlie.user).exists()


# --- share links --------------------------------------------------------------------------------


@pytest.fixture
def shared(bob, campaign):
    idea = IdeaFactory(campaign=campaign, author=bob, title="Refill station")
    return share_link_for(member=bob, idea=idea)


def share_url(link) -> str:
    return reverse("engagement:share", args=[link.brand.slug, link.code])


def test_a_share_link_credits_each_distinct_visitor_once(client, shared, bob, dan, mona):
    target = reverse("ideas:detail", args=[shared.brand.slug, shared.idea_id])
    for _ in range(3):
        response = client.get(share_url(shared))  # one anonymous visitor (one session)
        assert response.status_code == 302 and response["Location"] == target
    client.force_login(dan.user)
    client.get(share_url(shared))
    client.get(share_url(shared))
    client.force_login(bob.user)  # the sharer himself
    client.get(share_url(shared))
    assert EngagementEvent.objects.filter(member=bob, kind=Kind.SHARE_OPENED).count() == 2
    assert EngagementEvent.objects.filter(kind=Kind.SHARE_OPENED, actor=dan).count() == 1


def test_share_credits_stop_at_the_daily_cap(shared, bob):
    credited = [share_opened(link=shared, visitor=f"s:{n}") for n in range(SHARE_DAILY_CAP + 5)]
    assert credited.count(True) == SHARE_DAILY_CAP
    assert ShareOpen.objects.filter(link=shared).count() == SHARE_DAILY_CAP + 5
    assert EngagementEvent.objects.filter(member=bob, kind=Kind.SHARE_OPENED).count() == 20


def test_a_share_link_of_an_invisible_idea_earns_nothing(client, bob, brand, dan):
    secret = CampaignFactory(brand=brand, slug="panel", visibility="invited")
    link = share_link_for(member=bob, idea=IdeaFactory(campaign=secret, author=bob))
    client.force_login(dan.user)
    client.get(share_url(link))
    assert not ShareOpen.objects.exists()


def test_share_links_stay_in_their_brand(client, brand, other_brand, charlie, bob, campaign):
    g_idea = IdeaFactory(campaign=CampaignFactory(brand=other_brand), author=charlie)
    g_link = share_link_for(member=charlie, idea=g_idea)
    assert (
        client.get(reverse("engagement:share", args=[brand.slug, g_link.code])).status_code == 404
    )
    client.force_login(bob.user)
    create = reverse("engagement:share_create", args=[brand.slug])
    assert client.post(create, {"idea": g_idea.pk}).status_code == 404
    for bad in ({}, {"idea": "abc"}, {"idea": "9" * 30}, {"campaign": "-1"}):
        assert client.post(create, bad).status_code in (400, 404)
    Brand.objects.filter(pk=brand.pk).update(visibility=Brand.Visibility.MEMBERS)
    own = share_link_for(member=bob, idea=IdeaFactory(campaign=campaign, author=bob))
    client.logout()
    assert "/login/" in client.get(share_url(own))["Location"]
    client.force_login(charlie.user)
    assert client.get(share_url(own)).status_code == 404
    assert not ShareOpen.objects.exists()


def test_a_member_makes_a_share_link_and_sees_it_on_the_invite_page(client, bob, brand, campaign):
    idea = IdeaFactory(campaign=campaign, author=bob, title="Oat milk")
    client.force_login(bob.user)
    create = reverse("engagement:share_create", args=[brand.slug])
    response = client.post(create, {"idea": idea.pk}, HTTP_ACCEPT="application/json")
    url = response.json()["url"]
    assert "/s/" in url
    again = client.post(create, {"idea": idea.pk}, HTTP_ACCEPT="application/json").json()["url"]
    assert again == url
    html = client.get(reverse("engagement:invite", args=[brand.slug])).content.decode()
    assert url in html and "Oat milk" in html and "/r/" in html


def test_scores_with_referrals_shares_and_badges_rebuild_to_the_same_value(
    alice, bob, dan, brand, campaign
):
    import math
    from datetime import timedelta

    from django.core.management import call_command
    from django.utils import timezone

    from cocrea.engagement.badges import badge_create
    from cocrea.engagement.models import MemberScore
    from cocrea.engagement.services import current_score, record
    from cocrea.engagement.tests.helpers import configure

    configure(alice, half_life_days=20, recommendation=20, share_opened=2, helpful_answer=15)
    badge_create(actor=alice, brand=brand, name="Connector", kind="recommendation", threshold=2)
    for _ in range(3):
        referral_join(link=referral_link_for(member=bob), user=UserFactory())
    link = share_link_for(member=dan, idea=IdeaFactory(campaign=campaign, author=bob))
    for n in range(4):
        share_opened(link=link, visitor=f"s:{n}")
    for days in (40, 20, 0):
        record(kind=Kind.HELPFUL_ANSWER, member=dan, at=timezone.now() - timedelta(days=days))
    now = timezone.now()
    # Hand-computed: Bob 3 x 20 now; Dan 4 x 2 now + 15 (1/4 + 1/2 + 1).
    assert current_score(MemberScore.objects.get(member=bob), now=now) == pytest.approx(
        60, rel=1e-6
    )
    assert current_score(MemberScore.objects.get(member=dan), now=now) == pytest.approx(
        8 + 15 * 1.75, rel=1e-6
    )
    incremental = {s.member_id: current_score(s, now=now) for s in MemberScore.objects.all()}
    call_command("rebuild_engagement_scores", "--brand", brand.slug, stdout=None)
    rebuilt = {s.member_id: current_score(s, now=now) for s in MemberScore.objects.all()}
    assert set(rebuilt) == set(incremental)
    for member_id, value in incremental.items():
        assert math.isclose(rebuilt[member_id], value, rel_tol=1e-9, abs_tol=1e-12), member_id
    assert bob.badge_awards.get().badge.name == "Connector"


def test_a_campaign_is_shared_from_the_invite_page(client, bob, dan, brand, campaign):
    client.force_login(bob.user)
    page = client.get(reverse("engagement:invite", args=[brand.slug])).content.decode()
    assert campaign.title in page
    create = reverse("engagement:share_create", args=[brand.slug])
    assert client.post(create, {"campaign": campaign.pk}).status_code == 302
    link = bob.share_links.get()
    client.force_login(dan.user)
    response = client.get(share_url(link))
    assert response["Location"] == reverse("ideas:list", args=[brand.slug, campaign.slug])
    assert EngagementEvent.objects.filter(member=bob, kind=Kind.SHARE_OPENED, actor=dan).exists()


def test_reloading_an_invitation_link_counts_one_open_per_visitor(client, bob, dan, brand):
    link = referral_link_for(member=bob)
    page = reverse("engagement:referral", args=[brand.slug, link.code])
    for _ in range(20):
        assert client.get(page).status_code == 200  # one anonymous visitor reloading
    other = Client()
    other.force_login(dan.user)
    for _ in range(5):
        assert other.get(page).status_code == 200  # one member reloading
    owner = Client()
    owner.force_login(bob.user)
    owner.get(page)  # the referrer's own visits are not opens
    link.refresh_from_db()
    assert link.opened == 2
