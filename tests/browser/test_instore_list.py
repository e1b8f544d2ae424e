"""In real Chromium: a member links her bracelet on "Ma liste", shops (a bracelet station sends
her coups de cœur through the device API with the bracelet's id), finds them in her list after
the visit and turns one into an idea; and a shopper's phone hearts a product from its shelf QR
code, without an account."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from django.test import Client
from playwright.sync_api import expect

from cocrea.campaigns.models import Campaign
from cocrea.engagement.models import EngagementEvent
from cocrea.ideas.models import Idea
from cocrea.instore.models import ListItem, Signal
from cocrea.instore.tests.conftest import DeviceClient, at, heart
from cocrea.instore.tests.factories import make_device, make_product, make_store
from tests.browser.test_journeys import _verified, log_in

pytestmark = pytest.mark.django_db(transaction=True)
SHOTS = os.environ.get("COCREA_SCREENSHOTS")  # a folder: keep the pictures for the docs
BRACELET = "04:A2:2B:9C:11"


def test_a_member_links_her_bracelet_finds_her_list_and_makes_an_idea(  # type: ignore[no-untyped-def]
    page, brand, alice, bob, campaign: Campaign
):
    _verified(alice, bob)
    store = make_store(alice, code="PAR-01", name="Paris Rivoli")
    shirt = make_product(alice, "SHIRT-1", "Chemise en lin")
    scarf = make_product(alice, "SCARF-1", "Écharpe en laine")
    _station, token = make_device(alice, store, kind="bracelet_station")
    page.set_default_timeout(45_000)  # the first page of a session, on a loaded machine
    log_in(page, bob.user.email, next_url=f"/b/{brand.slug}/my-list/")
    expect(page.get_by_test_id("list-empty")).to_be_visible()
    page.get_by_label("De quoi s").select_option("bracelet")
    page.get_by_label("Le numéro inscrit dessus").fill(BRACELET)
    page.get_by_test_id("link-submit").click()
    expect(page.get_by_test_id("link-form")).to_contain_text("Cochez la case")
    page.get_by_label("Le numéro inscrit dessus").fill(BRACELET)
    page.get_by_role("checkbox").check()
    page.get_by_test_id("link-submit").click()
    expect(page.get_by_test_id("tag-link")).to_have_count(1)

    # The visit: the bracelet station at the till sends her two coups de cœur (and retries).
    station = DeviceClient(token, Client())
    batch = {"sent_at": at(), "signals": [heart("b-1", shirt, tag=BRACELET),
                                          heart("b-2", scarf, tag=BRACELET)]}  # fmt: skip
    assert station.post("/signals", batch).json()["accepted"] == 2
    assert station.post("/signals", batch).json()["duplicates"] == 2

    page.reload()
    expect(page.get_by_test_id("list-item")).to_have_count(2)
    expect(page.get_by_test_id("my-list")).to_contain_text("Chemise en lin")
    expect(page.get_by_test_id("my-list")).to_contain_text("Paris Rivoli")
    if SHOTS:
        page.screenshot(path=str(Path(SHOTS) / "instore-my-list.png"), full_page=True)
    assert EngagementEvent.objects.filter(member=bob, kind="instore_signal").count() == 2

    shirt_item = page.get_by_test_id("list-item").filter(has_text="Chemise en lin")
    shirt_item.get_by_test_id("make-idea").click()
    expect(page.locator("#id_title")).to_have_value("Chemise en lin")
    page.locator("#id_title").fill("La chemise en lin en vert sauge")
    page.locator("#id_body").fill("Je l'adore, mais une couleur plus douce serait parfaite.")
    page.get_by_test_id("item-idea-submit").click()
    expect(page.get_by_role("heading", name="La chemise en lin en vert sauge")).to_be_visible()
    idea = Idea.objects.get()
    assert idea.author == bob and idea.campaign == campaign
    assert ListItem.objects.get(signal__product=shirt).idea == idea


def test_a_phone_hearts_and_rates_a_product_from_its_shelf_code(new_page, brand, alice):  # type: ignore[no-untyped-def]
    store = make_store(alice, code="PAR-01", name="Paris Rivoli")
    shirt = make_product(alice, "SHIRT-1", "Chemise en lin")
    device, _token = make_device(alice, store, kind="shelf_qr")
    phone = new_page(phone=True)
    phone.goto(f"/b/{brand.slug}/shelf/{store.pk}/{shirt.pk}/")
    expect(phone.get_by_role("heading", name="Chemise en lin")).to_be_visible()
    if SHOTS:
        phone.screenshot(path=str(Path(SHOTS) / "instore-shelf-phone.png"), full_page=True)
    phone.get_by_test_id("shelf-heart").click()
    expect(phone.get_by_role("status")).to_contain_text("Ajouté aux coups de cœur")
    phone.get_by_test_id("shelf-heart").click()
    expect(phone.get_by_role("status")).to_contain_text("déjà donné votre cœur")
    phone.locator("label[for=star-4]").click()
    phone.get_by_role("button", name="Envoyer ma note").click()
    expect(phone.get_by_role("status")).to_contain_text("Merci pour votre note")
    kinds = sorted(Signal.objects.filter(device=device).values_list("kind", flat=True))
    assert kinds == ["heart", "rating"]
