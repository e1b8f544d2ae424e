"""The Markdown editor with its live preview, and a brand's texts typed in two languages, in
real Chromium: an admin writes a campaign in French and English, members read their language."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from cocrea.accounts.models import User
from cocrea.campaigns.models import Campaign
from cocrea.core.texts import texts_of
from tests.browser.test_journeys import _verified, log_in

pytestmark = pytest.mark.django_db(transaction=True)
SHOTS = os.environ.get("COCREA_SCREENSHOTS")  # a folder: keep the pictures for the docs


def _shot(page: Page, name: str) -> None:
    if SHOTS:
        page.screenshot(path=str(Path(SHOTS) / name), full_page=True)


def test_the_toolbar_formats_and_the_preview_follows(page, brand, alice):  # type: ignore[no-untyped-def]
    _verified(alice)
    log_in(page, alice.user.email, next_url=f"/b/{brand.slug}/console/campaigns/new/")
    area = page.locator("textarea[name=description_fr]")
    area.fill("Notre café de demain")
    area.evaluate("a => a.setSelectionRange(6, 10)")  # "café"
    editor = page.locator("[data-md-editor]").filter(has=area)
    editor.locator("[data-md=bold]").click()
    expect(area).to_have_value("Notre **café** de demain")
    preview = page.locator("#id_description_fr-preview")
    expect(preview.locator("strong")).to_have_text("café")

    area.press("End")
    area.press("Enter")
    area.press("Enter")
    area.type("tasse")
    area.evaluate("a => a.setSelectionRange(a.value.length - 5, a.value.length)")
    editor.locator("[data-md=ul]").click()
    expect(preview.locator("ul li")).to_have_text("tasse")
    area.evaluate("a => a.setSelectionRange(a.value.length - 5, a.value.length)")
    area.press("Control+i")
    expect(area).to_have_value("Notre **café** de demain\n\n- *tasse*")
    expect(preview.locator("li em")).to_have_text("tasse")
    expect(preview.locator("script")).to_have_count(0)
    _shot(page, "editor-preview.png")


def test_an_admin_writes_a_campaign_in_two_languages_and_members_read_theirs(
    new_page, brand, alice, bob, dan
):  # type: ignore[no-untyped-def]
    _verified(alice, bob, dan)
    User.objects.filter(pk=dan.user.pk).update(language="en")
    page = new_page()
    log_in(page, alice.user.email, next_url=f"/b/{brand.slug}/console/campaigns/new/")
    french, english = page.locator("input[name=title_fr]"), page.locator("input[name=title_en]")
    left, right = french.bounding_box(), english.bounding_box()
    assert left and right and abs(left["y"] - right["y"]) < 2 and left["x"] < right["x"]
    french.fill("La tasse de demain")
    english.fill("The cup of tomorrow")
    page.locator("input[name=objective_fr]").fill("Imaginez la tasse idéale")
    page.locator("textarea[name=description_fr]").fill("Une **tasse** qui garde le café chaud")
    page.locator("textarea[name=description_en]").fill("A **cup** that keeps coffee hot")
    page.locator("input[name=submission_starts]").fill("2026-01-01T09:00")
    page.locator("input[name=submission_ends]").fill("2036-01-01T09:00")
    _shot(page, "campaign-form-bilingual.png")
    page.locator("form.panel button[type=submit]").click()
    expect(page.locator(".messages, [role=status]").first).to_be_visible()
    campaign = Campaign.objects.get(brand=brand)
    assert texts_of(campaign, "title") == {"fr": "La tasse de demain", "en": "The cup of tomorrow"}
    assert campaign.description_en == "<p>A <strong>cup</strong> that keeps coffee hot</p>"

    reader = new_page()
    log_in(reader, dan.user.email, next_url=f"/b/{brand.slug}/c/{campaign.slug}/")
    expect(reader.locator("h1")).to_have_text("The cup of tomorrow")
    expect(reader.locator(".idea-body strong")).to_have_text("cup")
    note = reader.locator(".lead .fallback-note")
    expect(note).to_have_text("(in French)")  # no English objective: the French one, marked
    expect(reader.locator('.lead [lang="fr"]')).to_have_text("Imaginez la tasse idéale")
    _shot(reader, "campaign-fallback-en.png")

    other = new_page()
    log_in(other, bob.user.email, next_url=f"/b/{brand.slug}/c/{campaign.slug}/")
    expect(other.locator("h1")).to_have_text("La tasse de demain")
    expect(other.locator(".fallback-note")).to_have_count(0)


def test_the_toolbar_icons_are_drawn_without_an_emoji_font(page, brand, alice):  # type: ignore[no-untyped-def]
    _verified(alice)
    log_in(page, alice.user.email, next_url=f"/b/{brand.slug}/console/campaigns/new/")
    toolbar = page.locator(".md-toolbar").first
    for name in ("link", "image", "quote"):
        button = toolbar.locator(f"[data-md={name}]")
        expect(button).to_have_accessible_name(re.compile(r"\w"))
        icon = button.locator(".md-icon")
        box = icon.bounding_box()
        assert box and box["width"] == 20 and box["height"] == 20, name
        mask = icon.evaluate(
            "e => getComputedStyle(e).maskImage || getComputedStyle(e).webkitMaskImage"
        )
        url = re.search(r'url\("?([^")]+)"?\)', mask)
        assert url and url.group(1).endswith(f"editor-{name}.svg"), mask
        response = page.request.get(url.group(1))
        assert response.ok and response.headers["content-type"].startswith("image/svg+xml"), name
    _shot(page, "editor-toolbar.png")
