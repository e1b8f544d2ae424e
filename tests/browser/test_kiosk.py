"""A store's kiosk in real Chromium: the admin pairs a screen with it, the store's network
drops, a shopper hearts three products (they wait in the browser), the network comes back and
the in-store dashboard counts each coup de cœur once."""

from __future__ import annotations

import os
from decimal import Decimal
from pathlib import Path

import pytest
from playwright.sync_api import expect

from cocrea.brands.models import Brand
from cocrea.instore.demo import PRODUCTS
from cocrea.instore.models import Signal
from cocrea.instore.services import (
    ProductData,
    device_revoke,
    kiosk_pairing_start,
    product_save,
)
from cocrea.instore.tests.factories import make_device, make_store
from tests.browser.test_journeys import _verified, log_in

pytestmark = pytest.mark.django_db(transaction=True)
SHOTS = os.environ.get("COCREA_SCREENSHOTS")  # a folder: keep the pictures for the docs
HEARTED = ["Tasse nomade Lumière", "Café d'Éthiopie, 250 g", "Roulé à la cannelle"]


def _catalogue(alice) -> None:  # type: ignore[no-untyped-def]
    for sku, name_fr, name_en, cat_fr, cat_en, price, _weight in PRODUCTS:
        data = ProductData(sku=sku, name_fr=name_fr, name_en=name_en, category_fr=cat_fr,
                           category_en=cat_en, price=Decimal(price))  # fmt: skip
        product_save(actor=alice, brand=alice.brand, data=data)


def test_a_kiosk_offline_keeps_its_hearts_and_sends_each_once(new_page, brand, alice):  # type: ignore[no-untyped-def]
    _verified(alice)
    Brand.objects.filter(pk=brand.pk).update(primary_colour="#4a2c20", accent_colour="#f2b544")
    store = make_store(alice, code="PAR-01", name="Paris Rivoli")
    _catalogue(alice)
    make_device(alice, store)
    admin = new_page()
    log_in(admin, alice.user.email, next_url=f"/b/{brand.slug}/console/devices/")
    admin.get_by_test_id("device-pair").click()
    link = admin.get_by_test_id("device-pairing-link").inner_text()

    kiosk = new_page()  # the kiosk's own browser
    kiosk.goto(link)
    kiosk.get_by_test_id("kiosk-pair").click()
    kiosk.wait_for_url("**/kiosk/")
    cards = kiosk.get_by_test_id("kiosk-product")
    expect(cards).to_have_count(len(PRODUCTS))
    kiosk.evaluate("navigator.serviceWorker.ready.then(() => true)")

    kiosk.context.set_offline(True)
    kiosk.reload()  # the page comes from the service worker, the catalogue from IndexedDB
    expect(cards).to_have_count(len(PRODUCTS))
    for name in HEARTED:
        cards.filter(has_text=name).get_by_test_id("kiosk-heart").click()
    status = kiosk.get_by_test_id("kiosk-status")
    expect(status).to_have_attribute("data-pending", "3")
    assert not Signal.objects.exists()

    kiosk.context.set_offline(False)
    expect(status).to_have_attribute("data-pending", "0", timeout=30_000)
    expect(status).to_be_hidden()
    assert Signal.objects.filter(kind="heart").count() == 3
    if SHOTS:
        kiosk.evaluate("window.scrollTo(0, 0)")
        expect(kiosk.get_by_test_id("kiosk-toast")).to_be_hidden()
        kiosk.screenshot(path=str(Path(SHOTS) / "instore-kiosk.png"))
        cards.filter(has_text="Tasse nomade").locator(".kiosk-card__open").click()
        kiosk.get_by_test_id("kiosk-star-4").click()
        expect(status).to_be_hidden()
        kiosk.screenshot(path=str(Path(SHOTS) / "instore-kiosk-product.png"))

    admin.goto(f"/b/{brand.slug}/console/instore/")
    expect(admin.get_by_test_id("total-hearts")).to_have_text("3")
    for name in HEARTED:
        row = admin.get_by_test_id("top-product").filter(has_text=name)
        expect(row.get_by_test_id("top-product-hearts")).to_have_text("1")
    assert Signal.objects.filter(kind="heart").count() == 3


def test_the_kiosk_switches_language_forgets_its_shopper_after_a_minute_and_stops_when_revoked(
    new_page, brand, alice
):  # type: ignore[no-untyped-def]
    store = make_store(alice, code="PAR-01", name="Paris Rivoli")
    _catalogue(alice)
    device, _token = make_device(alice, store)
    _device, code = kiosk_pairing_start(actor=alice, device_id=device.pk)
    kiosk = new_page()
    kiosk.clock.install()  # the minute of idleness passes on a fake clock, not waited for
    kiosk.goto(f"/kiosk/pair/{code}/")
    kiosk.get_by_test_id("kiosk-pair").click()
    kiosk.wait_for_url("**/kiosk/")
    heading = kiosk.get_by_role("heading", level=1)
    expect(heading).to_have_text("Trouvez vos coups de cœur")
    kiosk.get_by_role("button", name="EN", exact=True).click()
    expect(heading).to_have_text("Find your coups de cœur")
    card = kiosk.get_by_test_id("kiosk-product").filter(has_text="Lumière travel cup")
    card.get_by_test_id("kiosk-heart").click()
    expect(card.get_by_test_id("kiosk-heart")).to_have_attribute("aria-pressed", "true")
    card.locator(".kiosk-card__open").click()
    expect(kiosk.get_by_role("heading", level=2, name="Lumière travel cup")).to_be_visible()
    kiosk.clock.fast_forward(61_000)
    expect(heading).to_have_text("Trouvez vos coups de cœur")  # home, in French again
    card = kiosk.get_by_test_id("kiosk-product").filter(has_text="Tasse nomade Lumière")
    expect(card.get_by_test_id("kiosk-heart")).to_have_attribute("aria-pressed", "false")
    assert Signal.objects.filter(kind="heart", language="en").count() == 1

    device_revoke(actor=alice, device_id=device.pk)
    kiosk.reload()
    expect(kiosk.get_by_test_id("kiosk-unpaired")).to_have_text("Cette borne est déconnectée")
