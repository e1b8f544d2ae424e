"""Bracelets and loyalty cards: linked with consent, kept as a keyed hash only; the signals of
a linked tag fill the member's list and earn the brand's ``instore_signal`` credit once; an
anonymous tag stays anonymous; an item of the list becomes an idea."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.apps import apps
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from cocrea.brands.models import Membership
from cocrea.campaigns.models import Campaign
from cocrea.core.errors import DomainError, NotFound
from cocrea.engagement.models import EngagementEvent, EngagementWeights
from cocrea.ideas.models import Idea
from cocrea.instore.models import ListItem, Signal, TagLink
from cocrea.instore.tags import idea_from_item, tag_hash, tag_link, tag_unlink
from cocrea.instore.tests.conftest import Shop, at, heart

pytestmark = pytest.mark.django_db

TAG = "04:A2:2B:9C:11"


@pytest.fixture
def weight(brand: object) -> float:
    EngagementWeights.objects.update_or_create(brand=brand, defaults={"w_instore_signal": 7.0})
    return 7.0


def _credits(member: Membership) -> list[float]:
    rows = EngagementEvent.objects.filter(member=member, kind="instore_signal")
    return list(rows.values_list("weight", flat=True))


def _send(shop: Shop, *signals: dict) -> dict:
    answer = shop.api.post("/signals", {"sent_at": at(), "signals": list(signals)})
    assert answer.status_code == 200, answer.content
    return answer.json()


def _rows_holding(text: str) -> list[str]:
    """Every row of every Cocréa table with ``text`` in one of its text columns."""
    found = []
    for model in apps.get_models():
        if not model.__module__.startswith("cocrea."):
            continue
        columns = [f.attname for f in model._meta.concrete_fields if f.get_internal_type() in
                   ("CharField", "TextField", "JSONField")]  # fmt: skip
        for row in model.objects.values(*columns):
            if any(text.lower() in str(value).lower() for value in row.values()):
                found.append(model._meta.label)
    return found


def test_a_linked_bracelet_fills_her_list_and_credits_each_signal_once(
    shop: Shop, bob: Membership, weight: float
) -> None:
    link = tag_link(member=bob, tag=TAG, kind="bracelet", consent=True)
    assert link.tag_hash == tag_hash(bob.brand_id, TAG)
    batch = [
        heart("h1", shop.shirt, tag=TAG),
        {"id": "r1", "kind": "rating", "rating": 5, "product_id": shop.scarf.pk, "at": at(),
         "tag": TAG.lower()},  # the same tag, read in lower case
        {"id": "v1", "kind": "view", "product_id": shop.scarf.pk, "at": at(), "tag": TAG},
    ]  # fmt: skip
    assert _send(shop, *batch)["accepted"] == 3
    assert _send(shop, *batch)["duplicates"] == 3  # the device retries: nothing more
    kinds = sorted(ListItem.objects.filter(member=bob).values_list("signal__kind", flat=True))
    assert kinds == ["heart", "rating"]  # a view is not an act of hers
    assert _credits(bob) == [weight, weight]


def test_signals_before_the_link_are_not_hers(shop: Shop, bob: Membership, weight: float) -> None:
    earlier = timezone.now() - timedelta(hours=1)
    _send(shop, heart("before", shop.shirt, tag=TAG, at=earlier.isoformat()))
    tag_link(member=bob, tag=TAG, kind="card", consent=True)
    assert not ListItem.objects.exists() and _credits(bob) == []


def test_an_anonymous_bracelet_stays_anonymous(shop: Shop, bob: Membership) -> None:
    tag_link(member=bob, tag="OTHER-TAG-1", kind="bracelet", consent=True)
    _send(shop, heart("a1", shop.shirt, tag=TAG), heart("a2", shop.scarf, tag=TAG))
    signals = Signal.objects.filter(tag_hash=tag_hash(shop.store.brand_id, TAG))
    assert signals.count() == 2
    assert not ListItem.objects.exists() and not TagLink.objects.filter(
        tag_hash=signals[0].tag_hash
    )
    assert not EngagementEvent.objects.filter(kind="instore_signal").exists()
    assert _rows_holding("04:A2:2B:9C") == []  # the id itself is nowhere


def test_linking_keeps_only_the_hash(bob: Membership) -> None:
    tag_link(member=bob, tag=TAG, kind="bracelet", consent=True)
    assert _rows_holding("04:A2:2B:9C") == []


@pytest.mark.parametrize(
    ("tag", "kind", "consent", "field"),
    [
        (TAG, "bracelet", False, "consent"),
        ("", "bracelet", True, "tag"),
        ("abc", "bracelet", True, "tag"),
        ("x" * 129, "bracelet", True, "tag"),
        ("04\x00A2\x00", "bracelet", True, "tag"),
        ("<script>", "card", True, "tag"),
        (TAG, "ring", True, "kind"),
    ],
)
def test_a_bad_link_is_refused(
    bob: Membership, tag: str, kind: str, consent: bool, field: str
) -> None:
    with pytest.raises(DomainError) as refused:
        tag_link(member=bob, tag=tag, kind=kind, consent=consent)
    assert refused.value.field == field
    assert not TagLink.objects.exists()


def test_a_tag_is_one_members_and_linking_again_is_harmless(
    bob: Membership, dan: Membership, charlie: Membership
) -> None:
    first = tag_link(member=bob, tag=TAG, kind="bracelet", consent=True)
    assert tag_link(member=bob, tag=f" {TAG.lower()} ", kind="bracelet", consent=True) == first
    with pytest.raises(DomainError) as taken:
        tag_link(member=dan, tag=TAG, kind="card", consent=True)
    assert taken.value.code == "taken"
    # Globex's member may link the same number in her brand: another hash, another list.
    other = tag_link(member=charlie, tag=TAG, kind="card", consent=True)
    assert other.tag_hash != first.tag_hash


def test_signals_in_another_brand_never_reach_her_list(
    shop: Shop, globex_shop: Shop, bob: Membership, weight: float
) -> None:
    tag_link(member=bob, tag=TAG, kind="bracelet", consent=True)
    _send(globex_shop, heart("g1", globex_shop.shirt, tag=TAG))
    assert not ListItem.objects.exists() and _credits(bob) == []


def test_after_unlinking_her_signals_are_anonymous_again(
    shop: Shop, bob: Membership, dan: Membership, weight: float
) -> None:
    link = tag_link(member=bob, tag=TAG, kind="bracelet", consent=True)
    _send(shop, heart("u1", shop.shirt, tag=TAG))
    with pytest.raises(NotFound):
        tag_unlink(member=dan, link_id=link.pk)  # not hers
    tag_unlink(member=bob, link_id=link.pk)
    _send(shop, heart("u2", shop.scarf, tag=TAG))
    assert list(ListItem.objects.values_list("signal__client_id", flat=True)) == ["u1"]
    assert _credits(bob) == [weight]


def test_an_item_becomes_an_idea_once(
    shop: Shop, bob: Membership, dan: Membership, campaign: Campaign
) -> None:
    tag_link(member=bob, tag=TAG, kind="bracelet", consent=True)
    _send(shop, heart("i1", shop.shirt, tag=TAG))
    item = ListItem.objects.get()
    with pytest.raises(NotFound):
        idea_from_item(member=dan, item_id=item.pk, campaign=campaign, title="Mine", body="No")
    idea = idea_from_item(
        member=bob, item_id=item.pk, campaign=campaign, title="Linen shirt in green", body="Yes"
    )
    assert idea.author == bob and idea.campaign == campaign
    assert EngagementEvent.objects.filter(member=bob, kind="idea_submitted").count() == 1
    item.refresh_from_db()
    assert item.idea == idea
    with pytest.raises(DomainError):
        idea_from_item(member=bob, item_id=item.pk, campaign=campaign, title="Again", body="x")
    assert Idea.objects.count() == 1


# --- The pages ------------------------------------------------------------------------------


def test_a_member_links_a_card_and_finds_her_list(
    as_bob: Client, shop: Shop, bob: Membership, campaign: Campaign
) -> None:
    slug = shop.store.brand.slug
    url = reverse("instore:my_list", args=[slug])
    refused = as_bob.post(url, {"kind": "card", "tag": TAG})
    assert refused.status_code == 400 and b"Tick the box" in refused.content
    assert as_bob.post(url, {"kind": "card", "tag": TAG, "consent": "on"}).status_code == 302
    _send(shop, heart("p1", shop.shirt, tag=TAG))
    page = as_bob.get(url)
    assert page.content.count(b'data-testid="list-item"') == 1 and b"Linen shirt" in page.content
    item = ListItem.objects.get()
    form = as_bob.get(reverse("instore:item_idea", args=[slug, item.pk]))
    assert form.status_code == 200 and b"Linen shirt" in form.content
    posted = as_bob.post(
        reverse("instore:item_idea", args=[slug, item.pk]),
        {"campaign": campaign.pk, "title": "Linen shirt in green", "body": "Please"},
    )
    idea = Idea.objects.get()
    assert posted.status_code == 302 and posted["Location"].endswith(f"/ideas/{idea.pk}/")
    link = TagLink.objects.get()
    assert as_bob.post(reverse("instore:unlink", args=[slug, link.pk])).status_code == 302
    assert not TagLink.objects.exists()


def test_others_cannot_see_or_touch_her_list(
    client: Client, shop: Shop, bob: Membership, dan: Membership, charlie: Membership
) -> None:
    link = tag_link(member=bob, tag=TAG, kind="bracelet", consent=True)
    _send(shop, heart("o1", shop.shirt, tag=TAG))
    item = ListItem.objects.get()
    slug = shop.store.brand.slug
    assert client.get(reverse("instore:my_list", args=[slug])).status_code == 302  # log in
    client.force_login(dan.user)
    assert b"Linen shirt" not in client.get(reverse("instore:my_list", args=[slug])).content
    assert client.get(reverse("instore:item_idea", args=[slug, item.pk])).status_code == 404
    assert client.post(reverse("instore:unlink", args=[slug, link.pk])).status_code == 404
    client.force_login(charlie.user)
    assert client.post(reverse("instore:unlink", args=[slug, link.pk])).status_code in (403, 404)
    assert TagLink.objects.filter(pk=link.pk).exists()
