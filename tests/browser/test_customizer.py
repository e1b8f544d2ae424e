"""The customizer in real Chromium: the picture and the price follow every click, a blocked word
is refused next to the field while typing, a design is saved and shared by link."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from cocrea.customizer.tests.factories import make_product, option
from tests.browser.test_journeys import _verified, log_in, page_width

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_member_designs_a_cup_and_shares_it(new_page, brand, alice, bob):  # type: ignore[no-untyped-def]
    _verified(bob)
    product = make_product(brand, alice)
    page: Page = new_page()
    log_in(page, bob.user.email, next_url=f"/b/{brand.slug}/products/")
    page.get_by_test_id("customizer-link").click()
    page.locator(f'a[href$="/products/{product.slug}/customize/"]').first.click()

    steel = option(product, "Steel")
    layer = page.locator(f'#customizer-preview g[data-part="{steel.part_id}"]')
    expect(layer).to_have_attribute("fill", "#f3ead8")
    price = page.locator("#customizer-price")
    expect(price).to_have_attribute("data-amount", "11.50")
    page.locator(f"label[for=option-{steel.pk}]").click()
    expect(layer).to_have_attribute("fill", "#b8bec6")  # redrawn by the server, swapped by htmx
    expect(price).to_have_attribute("data-amount", "19.50")

    page.locator("#id_text").fill("idiot")
    expect(page.locator("#text-error")).not_to_be_empty()
    expect(page.locator("#id_text")).to_be_focused()  # the field is not replaced while typing
    page.locator("#id_text").fill("JD")
    expect(page.locator("#text-error")).to_be_empty()
    expect(page.locator("#customizer-preview text")).to_have_text("JD")

    page.locator(f"label[for=option-{option(product, 'Cork').pk}]").click()
    expect(page.locator("#customizer-error")).to_be_visible()  # steel and cork do not go together
    page.locator(f"label[for=option-{option(product, 'Black').pk}]").click()
    expect(page.locator("#customizer-error")).to_be_hidden()

    page.locator("#id_title").fill("Mon gobelet")
    page.locator("#save-design").click()
    share = page.locator("#share-link")
    expect(share).to_be_visible()
    url = share.get_attribute("href") or ""

    visitor = new_page(phone=True)
    visitor.goto(url)
    expect(visitor.locator("#customizer-preview svg")).to_be_visible()
    expect(visitor.locator("h1")).to_have_text("Mon gobelet")
    assert page_width(visitor) <= 390
