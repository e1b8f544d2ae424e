"""A brand admin sets up a programme with the assistant in real Chromium: the recommendation
shows its reasons, a campaign joins the programme, and the dashboard shows the progress of the
objectives and a capacity warning once the waiting ideas pass the team's capacity."""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from cocrea.ideas.tests.factories import IdeaFactory
from cocrea.programmes.models import Programme
from tests.browser.test_journeys import _verified, log_in

pytestmark = pytest.mark.django_db(transaction=True)
SHOTS = os.environ.get("COCREA_SCREENSHOTS")  # a folder: keep the pictures for the docs


def _shot(page, name: str) -> None:  # type: ignore[no-untyped-def]
    if SHOTS:
        page.screenshot(path=str(Path(SHOTS) / name), full_page=True)


def test_the_assistant_creates_a_programme_and_the_dashboard_warns_on_capacity(
    page, brand, campaign, alice, bob, dan
):  # type: ignore[no-untyped-def]
    _verified(alice)
    today = timezone.localdate()
    log_in(page, alice.user.email, next_url=f"/b/{brand.slug}/console/programmes/assistant/")
    page.locator("input[name=goals][value=ideas]").check()
    page.locator("input[name=goals][value=loyalty]").check()
    page.locator("input[name=ideas_target]").fill("300")
    page.locator("input[name=starts_on]").fill((today - timedelta(days=7)).isoformat())
    page.locator("input[name=due_on]").fill((today + timedelta(days=120)).isoformat())
    page.locator("input[name=members]").fill("2000")
    page.locator("input[name=capacity_per_month]").fill("2")
    page.get_by_test_id("recommend").click()

    advice = page.get_by_test_id("recommendation")
    expect(advice).to_contain_text("Marketing participatif")
    expect(advice).to_contain_text("Le client y est un employé partiel.")
    expect(advice).to_contain_text("Un appel à idées pose une question")
    expect(page.get_by_test_id("assistant-warnings")).to_contain_text("environ 100 idées par mois")
    expect(page.locator("#kind-idea_challenge")).to_be_checked()
    _shot(page, "programme-assistant.png")
    page.locator("input[name=name]").fill("Le café à la maison")
    page.get_by_test_id("create-programme").click()

    expect(page.get_by_role("heading", name="Le café à la maison")).to_be_visible()
    expect(page.get_by_test_id("activities")).to_contain_text("s'entraider")
    programme = Programme.objects.get(brand=brand, name="Le café à la maison")
    assert programme.forms[:2] == ["participatory", "lead_users"]

    page.get_by_test_id("edit-programme").click()
    page.locator(f"input[name=campaigns][value='{campaign.pk}']").check()
    page.get_by_test_id("save-programme").click()
    expect(page.get_by_test_id("programme-campaigns")).to_contain_text(campaign.title)
    expect(page.get_by_test_id("capacity-warning")).to_have_count(0)

    IdeaFactory(campaign=campaign, author=bob, title="Un gobelet consigné")
    IdeaFactory(campaign=campaign, author=dan, title="Du lait d'avoine")
    page.get_by_test_id("refresh").click()
    expect(page.get_by_test_id("backlog")).to_have_text("2")
    expect(page.get_by_test_id("capacity-warning")).to_have_count(0)  # 2 waiting: at capacity
    expect(page.get_by_test_id("objective-progress")).to_contain_text("2 sur 300")

    IdeaFactory(campaign=campaign, author=bob, title="Un sirop sans sucre")
    page.get_by_test_id("refresh").click()
    expect(page.get_by_test_id("backlog")).to_have_text("3")
    expect(page.get_by_test_id("capacity-warning")).to_contain_text(
        "Vous sollicitez plus que vous ne pouvez traiter."
    )
    expect(page.get_by_test_id("objective-progress")).to_contain_text("3 sur 300")
    _shot(page, "programme-dashboard.png")

    page.goto(f"/b/{brand.slug}/console/")
    expect(page.get_by_test_id("needs-attention")).to_contain_text("Le café à la maison")
    _shot(page, "console-needs-attention.png")
