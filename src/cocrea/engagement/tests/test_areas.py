from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from cocrea.brands.models import Brand
from cocrea.brands.tests.factories import MembershipFactory
from cocrea.campaigns.models import Campaign, Phase
from cocrea.core.errors import Conflict, DomainError, PermissionDenied
from cocrea.engagement.areas import area_create, drop_claim, early_access_set
from cocrea.engagement.models import DropClaim, MemberArea, MemberScore, Tier
from cocrea.engagement.permissions import area_may_open, early_access_allows
from cocrea.engagement.services import TierSpec, engagement_configure, engagement_setup
from cocrea.engagement.tests.helpers import configure
from cocrea.ideas.permissions import can_submit
from cocrea.ideas.tests.helpers import submit

pytestmark = pytest.mark.django_db


def give_tier(member, name: str) -> Tier:
    tier = Tier.objects.get(brand_id=member.brand_id, name=name)
    MemberScore.objects.update_or_create(
        member=member, defaults={"brand_id": member.brand_id, "as_of": timezone.now(), "tier": tier}
    )
    return tier


@pytest.fixture
def ladder(brand, alice):
    configure(
        alice, tiers=[("Member", 0, False), ("Insider", 100, False), ("Ambassador", 400, True)]
    )
    return {tier.name: tier for tier in Tier.objects.filter(brand=brand)}


@pytest.fixture
def shop(alice, ladder) -> MemberArea:
    return area_create(
        actor=alice,
        brand=alice.brand,
        title="Members' boutique",
        body="<p>Hello</p><script>alert(1)</script>",
        min_tier=ladder["Ambassador"],
        drop_label="Limited mug",
        stock=2,
    )


def area_url(area) -> str:
    return reverse("engagement:area", args=[area.brand.slug, area.pk])


def test_the_area_opens_from_its_tier_up(client, shop, bob, dan, mona, ladder):
    give_tier(bob, "Ambassador")
    give_tier(dan, "Insider")
    assert area_may_open(bob, shop) and not area_may_open(dan, shop)
    assert area_may_open(mona, shop)  # the staff prepare it
    client.force_login(bob.user)
    page = client.get(area_url(shop))
    assert page.status_code == 200 and "Members&#x27; boutique" in page.content.decode()
    assert "<script>" not in page.content.decode()
    client.force_login(dan.user)
    locked = client.get(area_url(shop))
    assert locked.status_code == 403
    assert "reserved for members of the tier Ambassador" in locked.content.decode()


def test_a_member_without_any_tier_is_refused(client, shop, dan):
    client.force_login(dan.user)
    assert client.get(area_url(shop)).status_code == 403
    assert (
        client.post(reverse("engagement:area_claim", args=[shop.brand.slug, shop.pk])).status_code
        == 403
    )
    assert not DropClaim.objects.exists()


def test_outsiders_and_anonymous_visitors_are_kept_out(client, shop, charlie):
    assert "/login/" in client.get(area_url(shop))["Location"]
    client.force_login(charlie.user)
    assert client.get(area_url(shop)).status_code == 403  # a public brand: not a member
    Brand.objects.filter(pk=shop.brand_id).update(visibility=Brand.Visibility.MEMBERS)
    assert client.get(area_url(shop)).status_code == 404
    client.logout()
    assert "/login/" in client.get(area_url(shop))["Location"]


def test_the_list_shows_locked_areas_with_the_tier_needed(client, shop, dan, alice, ladder):
    area_create(actor=alice, brand=alice.brand, title="Open to all", body="Hi")
    area_create(actor=alice, brand=alice.brand, title="Draft", body="", is_published=False)
    give_tier(dan, "Insider")
    client.force_login(dan.user)
    html = client.get(reverse("engagement:areas", args=[shop.brand.slug])).content.decode()
    assert "Reserved for Ambassador" in html and "area--locked" in html
    assert area_url(shop) not in html
    assert "Open to all" in html and "Draft" not in html


def test_a_drop_is_claimed_once_per_member_and_never_below_zero(shop, bob, dan, brand, ladder):
    give_tier(bob, "Ambassador")
    give_tier(dan, "Ambassador")
    third = MembershipFactory(brand=brand)
    give_tier(third, "Ambassador")
    drop_claim(member=bob, area=shop)
    with pytest.raises(Conflict):
        drop_claim(member=bob, area=shop)
    drop_claim(member=dan, area=shop)
    with pytest.raises(Conflict):
        drop_claim(member=third, area=shop)
    shop.refresh_from_db()
    assert shop.stock == 0 and DropClaim.objects.count() == 2


def test_the_staff_preview_but_do_not_claim(shop, mona):
    with pytest.raises(PermissionDenied):
        drop_claim(member=mona, area=shop)


@pytest.mark.django_db(transaction=True)
def test_concurrent_claims_never_oversell(alice, brand):
    engagement_setup(brand=brand)
    area = area_create(actor=alice, brand=brand, title="Drop", drop_label="Bag", stock=3)
    members = [MembershipFactory(brand=brand) for _ in range(8)]
    won, lost = [], []

    def claim(member) -> None:
        try:
            drop_claim(member=member, area=area)
            won.append(member)
        except Conflict:
            lost.append(member)
        except Exception:
            lost.append(member)
        finally:
            connection.close()  # this thread's own connection

    if connection.vendor == "sqlite" and connection.settings_dict["NAME"].startswith(":memory:"):
        pytest.skip("threads need a shared database file")
    threads = [threading.Thread(target=claim, args=[member]) for member in members]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    area.refresh_from_db()
    assert area.stock == 0 and len(won) == 3 and len(lost) == 5
    assert DropClaim.objects.filter(area=area).count() == 3


def test_bad_areas_are_refused(alice, charlie, ladder, other_brand):
    with pytest.raises(DomainError):
        area_create(actor=alice, brand=alice.brand, title="")
    with pytest.raises(DomainError):
        area_create(actor=alice, brand=alice.brand, title="A", stock=-1, drop_label="x")
    with pytest.raises(DomainError):
        area_create(actor=alice, brand=alice.brand, title="A", stock=3)  # a drop needs a name
    engagement_setup(brand=other_brand)
    foreign = Tier.objects.filter(brand=other_brand).first()
    with pytest.raises(DomainError):
        area_create(actor=alice, brand=alice.brand, title="A", min_tier=foreign)
    with pytest.raises(PermissionDenied):
        area_create(actor=charlie, brand=alice.brand, title="A")


def test_a_tier_that_guards_an_area_cannot_be_deleted(alice, shop, ladder):
    specs = [
        TierSpec(t.pk, t.name, t.threshold, t.requires_accepted_idea, delete=t.name == "Ambassador")
        for t in ladder.values()
    ]
    with pytest.raises(DomainError):
        engagement_configure(
            actor=alice, brand=alice.brand, half_life_days=90, weights={}, tiers=specs
        )
    assert MemberArea.objects.get(pk=shop.pk).min_tier_id == ladder["Ambassador"].pk


def test_console_creates_an_area_with_sanitised_text(client, alice, ladder, brand):
    client.force_login(alice.user)
    url = reverse("engagement:console_areas", args=[brand.slug])
    data = {
        "title": "Shop",
        "body": '<p onclick="x()">Hi</p>',
        "min_tier": ladder["Insider"].pk,
        "drop_label": "Cup",
        "stock": "5",
        "is_published": "on",
    }
    assert client.post(url, data).status_code == 302
    area = MemberArea.objects.get()
    assert area.body == "<p>Hi</p>" and area.min_tier == ladder["Insider"] and area.stock == 5
    for bad in (
        {"title": "x" * 500},
        {"title": "A", "stock": "-2"},
        {"title": "A", "min_tier": "999999"},
        {"title": "A", "stock": "1e99"},
    ):
        assert client.post(url, bad).status_code == 200
    assert MemberArea.objects.count() == 1


# --- early access -----------------------------------------------------------------------------


@pytest.fixture
def upcoming(brand, alice) -> Campaign:
    campaign = Campaign.objects.create(
        brand=brand, slug="next", title="Next", objective="x", created_by=alice
    )
    Phase.objects.create(
        campaign=campaign, kind="submission", starts_at=timezone.now() + timedelta(days=3)
    )
    return campaign


def test_early_access_opens_the_first_phase_to_the_tier_before_everyone(
    upcoming, alice, bob, dan, ladder
):
    early_access_set(actor=alice, campaign=upcoming, tier=ladder["Insider"], days=5)
    give_tier(bob, "Ambassador")  # above the tier
    give_tier(dan, "Member")
    assert can_submit(upcoming, bob) and not can_submit(upcoming, dan)
    idea = submit(bob, upcoming, title="Early bird")
    assert idea.campaign == upcoming
    with pytest.raises(PermissionDenied):
        submit(dan, upcoming, title="Too soon")


def test_early_access_waits_for_its_window(upcoming, alice, bob, ladder):
    give_tier(bob, "Ambassador")
    early_access_set(actor=alice, campaign=upcoming, tier=ladder["Insider"], days=2)
    assert not early_access_allows(upcoming, bob, "submit")  # opens in 3 days, early from 2
    later = timezone.now() + timedelta(days=1, hours=1)
    assert early_access_allows(upcoming, bob, "submit", now=later)
    assert not early_access_allows(upcoming, bob, "submit", now=later + timedelta(days=3))
    early_access_set(actor=alice, campaign=upcoming, tier=None)
    assert not early_access_allows(upcoming, bob, "submit", now=later)


def test_early_access_is_set_by_admins_with_their_own_tiers(
    upcoming, mona, alice, other_brand, ladder
):
    engagement_setup(brand=other_brand)
    with pytest.raises(PermissionDenied):
        early_access_set(actor=mona, campaign=upcoming, tier=None)
    with pytest.raises(DomainError):
        early_access_set(
            actor=alice, campaign=upcoming, tier=Tier.objects.filter(brand=other_brand).first()
        )
    with pytest.raises(DomainError):
        early_access_set(
            actor=alice,
            campaign=upcoming,
            tier=Tier.objects.filter(brand=alice.brand).first(),
            days=0,
        )


def test_the_areas_list_queries_do_not_grow_with_areas(client, alice, dan, ladder):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    give_tier(dan, "Insider")
    client.force_login(dan.user)
    url = reverse("engagement:areas", args=[alice.brand.slug])

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    area_create(actor=alice, brand=alice.brand, title="One", min_tier=ladder["Ambassador"])
    few = count()
    for n in range(6):
        area_create(actor=alice, brand=alice.brand, title=f"More {n}", min_tier=ladder["Insider"])
    assert count() == few


def test_a_brand_with_areas_can_still_be_deleted(alice, shop, brand):
    brand.delete()
    assert not MemberArea.objects.exists() and not Tier.objects.exists()
