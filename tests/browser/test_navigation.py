"""The member header fits one line on a laptop and folds into a menu on a phone; the console's
sections fold behind one button on a phone; the triage list answers several ideas at once."""

from __future__ import annotations

import io

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from PIL import Image
from playwright.sync_api import expect

from cocrea.brands.models import Membership
from cocrea.ideas.models import Idea
from cocrea.ideas.tests.factories import IdeaFactory
from tests.browser.test_journeys import _verified, log_in

pytestmark = pytest.mark.django_db(transaction=True)


def _one_line(page) -> None:  # type: ignore[no-untyped-def]
    # Measured once the style sheets apply (before, the header is plain stacked text).
    page.wait_for_load_state("load")
    page.wait_for_function(
        "() => getComputedStyle(document.querySelector('.topbar__inner')).display === 'flex'"
    )
    tops = page.evaluate(
        "() => [...document.querySelectorAll('.topbar__brand, .topbar__nav > a,"
        " .account-menu__button, .lang-switch')]"
        ".map(e => Math.round(e.getBoundingClientRect().top))"
    )
    assert len(tops) >= 7 and max(tops) - min(tops) <= 12, tops
    assert page.locator("header.topbar").bounding_box()["height"] < 64


def test_the_member_header_fits_one_line_at_1280_pixels(page, brand, campaign, alice, bob):  # type: ignore[no-untyped-def]
    bob.user.display_name = "Léa-Marie Dubois-Fontaine"
    bob.user.save(update_fields=["display_name"])
    _verified(alice, bob)
    log_in(page, bob.user.email, next_url=f"/b/{brand.slug}/")
    assert page.viewport_size["width"] == 1280
    _one_line(page)
    menu = page.get_by_test_id("account-menu")
    expect(page.get_by_test_id("feed-link")).to_be_hidden()
    menu.click()
    expect(menu).to_have_attribute("aria-expanded", "true")
    expect(page.get_by_test_id("feed-link")).to_be_visible()
    page.keyboard.press("Escape")
    expect(page.get_by_test_id("feed-link")).to_be_hidden()
    page.context.clear_cookies()
    log_in(page, alice.user.email, next_url=f"/b/{brand.slug}/")
    _one_line(page)  # with the Console link too


def test_the_console_folds_its_sections_on_a_phone(new_page, brand, campaign, alice):  # type: ignore[no-untyped-def]
    _verified(alice)
    phone = new_page(phone=True)
    log_in(phone, alice.user.email, next_url=reverse("campaigns:console", args=[brand.slug]))
    toggle = phone.get_by_test_id("console-nav-toggle")
    expect(toggle).to_be_visible()
    expect(phone.get_by_test_id("triage-link")).to_be_hidden()
    nav_height = phone.get_by_test_id("console-nav").bounding_box()["height"]
    assert nav_height < 60, nav_height
    toggle.click()
    expect(phone.get_by_test_id("triage-link")).to_be_visible()
    phone.get_by_test_id("triage-link").click()
    expect(phone.get_by_test_id("triage-list")).to_be_attached()


def test_a_moderator_answers_ideas_in_bulk_from_the_triage_list(page, brand, campaign, mona, dan):  # type: ignore[no-untyped-def]
    _verified(mona, dan)
    ideas = [IdeaFactory(campaign=campaign, author=dan, title=f"Idea {n}") for n in range(3)]
    log_in(page, mona.user.email, next_url=reverse("answers:triage", args=[brand.slug]))
    for idea in ideas[:2]:
        page.get_by_test_id(f"pick-{idea.pk}").check()
    page.locator("select[name=to_status]").select_option("under_review")
    page.locator("textarea[name=answer]").fill("Nous les étudions cette semaine.")
    page.get_by_test_id("bulk-status").click()
    expect(page.get_by_test_id("triage-list")).to_be_visible()
    statuses = dict(Idea.objects.filter(campaign=campaign).values_list("title", "status"))
    assert statuses == {"Idea 0": "under_review", "Idea 1": "under_review", "Idea 2": "new"}
    page.get_by_test_id(f"pick-{ideas[2].pk}").check()
    page.locator("select[name=assignee]").last.select_option(str(mona.pk))
    page.get_by_test_id("bulk-assign").click()
    expect(page.get_by_test_id(f"assignee-{ideas[2].pk}")).to_be_visible()
    assert Membership.objects.get(pk=mona.pk).assigned_ideas.count() == 1


def test_a_campaign_cover_fills_the_card_width_on_desktop_and_phone(new_page, brand, campaign):  # type: ignore[no-untyped-def]
    """The global ``img { max-width: 100% }`` stopped the cover 2rem short of the card's edge."""
    buffer = io.BytesIO()
    Image.new("RGB", (640, 240), "peru").save(buffer, format="PNG")
    campaign.cover.save("cover.png", ContentFile(buffer.getvalue()))
    for options in ({}, {"phone": True}):
        page = new_page(**options)
        page.goto(reverse("brands:brand_home", args=[brand.slug]))
        card = page.locator(".campaign-card").first
        cover = card.locator(".card__cover")
        expect(cover).to_be_visible()
        inner = card.evaluate("c => c.clientWidth")  # the card without its borders
        assert abs(cover.bounding_box()["width"] - inner) < 1, options
