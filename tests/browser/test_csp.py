"""The Content-Security-Policy (no inline script or style) breaks nothing people use: Chromium
reports no refused script, style or picture on the pages members and the brand team open."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from cocrea.customizer.tests.factories import make_product
from cocrea.ideas.tests.factories import IdeaFactory
from tests.browser.test_journeys import _verified, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _watch(page: Page) -> list[str]:
    refused: list[str] = []
    page.on(
        "console",
        lambda message: (
            refused.append(message.text)
            if "Content Security Policy" in message.text or "Refused to" in message.text
            else None
        ),
    )
    page.on("pageerror", lambda error: refused.append(f"page error: {error}"))
    return refused


def test_no_page_breaks_the_content_security_policy(new_page, brand, campaign, alice, bob):  # type: ignore[no-untyped-def]
    _verified(alice, bob)
    idea = IdeaFactory(campaign=campaign, author=bob, title="Une tasse qui garde au chaud")
    product = make_product(brand, alice)
    member: Page = new_page()
    refused = _watch(member)
    log_in(member, bob.user.email, next_url=f"/b/{brand.slug}/")
    for path in [
        f"/b/{brand.slug}/",
        f"/b/{brand.slug}/c/{campaign.slug}/",
        f"/b/{brand.slug}/ideas/{idea.pk}/",
        f"/b/{brand.slug}/c/{campaign.slug}/submit/",
        f"/b/{brand.slug}/products/{product.slug}/customize/",
        "/accounts/profile/",
    ]:
        response = member.goto(path)
        assert response is not None and response.ok, path
        assert "script-src 'self'" in (response.headers.get("content-security-policy") or "")
    member.goto(f"/b/{brand.slug}/c/{campaign.slug}/submit/")
    member.locator("input[name=title]").fill("Une tasse")  # htmx asks for similar ideas
    expect(member.locator("input[name=title]")).to_have_value("Une tasse")

    admin: Page = new_page()
    refused += _watch(admin)
    log_in(admin, alice.user.email, next_url=f"/b/{brand.slug}/")
    for path in [
        f"/b/{brand.slug}/console/insights/",
        f"/b/{brand.slug}/console/settings/",
        f"/b/{brand.slug}/console/team/",
        f"/b/{brand.slug}/console/webhooks/",
        f"/b/{brand.slug}/console/contests/",
        "/api/v1/docs",
    ]:
        response = admin.goto(path)
        assert response is not None and response.ok, path
    assert refused == []
