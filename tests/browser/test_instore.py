"""The brand admin registers a kiosk in real Chromium, copies its token (shown once), the kiosk
calls the device API with it, and the console shows it online; then the admin revokes it."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from django.test import Client
from playwright.sync_api import expect

from cocrea.instore.tests.conftest import DeviceClient, heart
from cocrea.instore.tests.factories import make_product, make_store
from tests.browser.test_journeys import _verified, log_in

pytestmark = pytest.mark.django_db(transaction=True)
SHOTS = os.environ.get("COCREA_SCREENSHOTS")  # a folder: keep the pictures for the docs


def test_the_admin_registers_a_kiosk_that_then_sends_signals(page, brand, alice):  # type: ignore[no-untyped-def]
    _verified(alice)
    store = make_store(alice, code="PAR-01", name="Paris Rivoli")
    shirt = make_product(alice, "SHIRT-1", "Chemise en lin")
    log_in(page, alice.user.email, next_url=f"/b/{brand.slug}/console/devices/")
    expect(page.get_by_role("heading", name="Appareils en magasin", exact=True)).to_be_visible()
    page.get_by_label("Magasin").select_option(str(store.pk))
    page.get_by_label("Type").select_option("kiosk")
    page.locator("#id_name").fill("Borne entrée")
    page.get_by_role("button", name="Enregistrer", exact=True).click()
    token = page.get_by_test_id("device-token").inner_text()
    expect(page.get_by_test_id("device-health")).to_have_text("Jamais connecté")
    kiosk = DeviceClient(token, Client())
    assert kiosk.post("/signals", {"signals": [heart("k-1", shirt)]}).json()["accepted"] == 1
    page.reload()
    expect(page.get_by_test_id("device-token")).to_have_count(0)  # shown once
    expect(page.get_by_test_id("device-health")).to_have_text("En ligne")
    if SHOTS:
        page.screenshot(path=str(Path(SHOTS) / "instore-devices.png"), full_page=True)
    page.get_by_test_id("device-revoke").click()
    expect(page.get_by_test_id("device-health")).to_have_text("Révoqué")
    assert kiosk.get().status_code == 401
