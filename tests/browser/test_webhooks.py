"""The brand admin adds a webhook endpoint in real Chromium, copies its secret, sends a test
event to a real local receiver and reads the delivery log."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from playwright.sync_api import expect

from cocrea.webhooks.models import Endpoint
from cocrea.webhooks.receiver import Receiver
from cocrea.webhooks.tests.conftest import port_range
from tests.browser.test_journeys import _verified, log_in

pytestmark = pytest.mark.django_db(transaction=True)
SHOTS = os.environ.get("COCREA_SCREENSHOTS")  # a folder: keep the pictures for the docs


def test_the_admin_adds_an_endpoint_and_sees_a_signed_test_delivery(page, brand, alice, mona):  # type: ignore[no-untyped-def]
    _verified(alice)
    with Receiver(ports=port_range()) as receiver:
        log_in(page, alice.user.email, next_url=f"/b/{brand.slug}/console/webhooks/")
        expect(page.get_by_role("heading", name="Webhooks", exact=True)).to_be_visible()
        page.get_by_label("Adresse de votre récepteur").fill(receiver.url)
        page.get_by_label("Description").fill("CRM Salesforce")
        page.get_by_label("Idée créée").check()
        page.get_by_label("Statut d'une idée modifié").check()
        page.get_by_role("button", name="Ajouter le point de réception").click()
        secret = page.get_by_test_id("webhook-new-secret")
        expect(secret).to_be_visible()
        endpoint = Endpoint.objects.get()
        expect(secret).to_have_text(endpoint.secret)
        receiver.secrets = [endpoint.secret]
        page.get_by_test_id("webhook-ping").click()
        [got] = receiver.wait_for(1)
        assert got.verified and got.json()["type"] == "webhook.ping"
        row = page.get_by_test_id("webhook-delivery").first
        expect(row).to_have_attribute("data-state", "succeeded")
        expect(row).to_contain_text("HTTP 200")
        expect(page.get_by_test_id("webhook-new-secret")).to_have_count(0)  # shown once
        if SHOTS:
            page.screenshot(path=str(Path(SHOTS) / "webhooks-endpoint.png"), full_page=True)
        row.get_by_role("link", name="webhook.ping").click()
        expect(page.get_by_test_id("webhook-attempt")).to_have_attribute("data-ok", "yes")
        expect(page.get_by_test_id("webhook-body")).to_contain_text('"type": "webhook.ping"')
        if SHOTS:
            page.goto(f"/b/{brand.slug}/console/webhooks/")
            page.screenshot(path=str(Path(SHOTS) / "webhooks-console.png"), full_page=True)
