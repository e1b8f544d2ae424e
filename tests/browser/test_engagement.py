"""Status and exclusivity in real Chromium: a members-only drop, a locked area, a referral."""

from __future__ import annotations

import pytest
from allauth.account.models import EmailAddress
from django.utils import timezone
from playwright.sync_api import expect

from cocrea.accounts.tests.factories import UserFactory
from cocrea.brands.models import Membership
from cocrea.engagement.areas import area_create
from cocrea.engagement.models import DropClaim, EngagementEvent, MemberScore, Referral
from cocrea.engagement.referrals import referral_link_for
from cocrea.engagement.tests.helpers import configure
from tests.browser.test_journeys import _verified, log_in

pytestmark = pytest.mark.django_db(transaction=True)


def _tier(member: Membership, name: str) -> None:
    tier = member.brand.tiers.get(name=name)
    MemberScore.objects.update_or_create(
        member=member, defaults={"brand_id": member.brand_id, "as_of": timezone.now(), "tier": tier}
    )


def test_an_ambassador_claims_the_drop_that_stays_locked_below_the_tier(
    new_page, brand, alice, bob, dan
):  # type: ignore[no-untyped-def]
    _verified(bob, dan)
    configure(
        alice, tiers=[("Membre", 0, False), ("Initié", 100, False), ("Ambassadeur", 400, True)]
    )
    _tier(bob, "Ambassadeur")
    _tier(dan, "Initié")
    shop = area_create(
        actor=alice,
        brand=brand,
        title="Boutique réservée aux membres",
        body="<p>Pour nos Ambassadeurs.</p>",
        min_tier=brand.tiers.get(name="Ambassadeur"),
        drop_label="Tasse édition limitée",
        stock=1,
    )
    areas = f"/b/{brand.slug}/members-only/"

    ambassador = new_page()
    log_in(ambassador, bob.user.email, next_url=areas)
    ambassador.goto(areas)
    ambassador.get_by_test_id(f"area-{shop.pk}").get_by_role("link").click()
    expect(ambassador.get_by_test_id("member-area")).to_be_visible()
    expect(ambassador.get_by_test_id("drop-stock")).to_have_text("1")
    ambassador.get_by_test_id("claim-drop").click()
    expect(ambassador.get_by_test_id("drop-claimed")).to_be_visible()
    expect(ambassador.get_by_test_id("drop-stock")).to_have_text("0")
    assert DropClaim.objects.get().member == bob

    lower = new_page()
    log_in(lower, dan.user.email, next_url=areas)
    lower.goto(areas)
    card = lower.get_by_test_id(f"area-{shop.pk}")
    expect(card).to_have_class("area-card area--locked")
    expect(card.get_by_role("link")).to_have_count(0)
    response = lower.goto(f"{areas}{shop.pk}/")
    assert response is not None and response.status == 403
    expect(lower.get_by_test_id("area-locked")).to_contain_text("Ambassadeur")


def test_a_friend_joins_through_an_invitation_link_and_the_referrer_is_credited_once(
    new_page, brand, bob
):  # type: ignore[no-untyped-def]
    friend = UserFactory(email="zoe@example.org", display_name="Zoé")
    _verified(bob)
    EmailAddress.objects.create(user=friend, email=friend.email, verified=True, primary=True)
    link = referral_link_for(member=bob)
    invitation = f"/b/{brand.slug}/r/{link.code}/"

    page = new_page()
    page.goto(invitation)
    expect(page.get_by_test_id("referral")).to_contain_text("Bob")
    expect(page.get_by_test_id("referral-signup")).to_be_visible()
    log_in(page, friend.email, next_url=invitation)
    page.goto(invitation)
    page.get_by_test_id("referral-join").click()
    page.wait_for_url(f"**/b/{brand.slug}/")
    page.goto(invitation)  # opened again: nothing more to credit
    expect(page.get_by_test_id("referral-join")).to_have_count(0)
    assert Membership.objects.filter(brand=brand, user=friend).exists()
    assert Referral.objects.get().referrer == bob
    assert EngagementEvent.objects.filter(member=bob, kind="recommendation").count() == 1
