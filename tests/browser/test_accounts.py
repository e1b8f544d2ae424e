"""Brands from nothing and the brand's look on account pages, in real Chromium."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from playwright.sync_api import expect

from cocrea.accounts.models import User
from cocrea.brands.colours import text_on
from cocrea.brands.models import Brand, Membership

pytestmark = pytest.mark.django_db(transaction=True)
SHOTS = os.environ.get("COCREA_SCREENSHOTS")  # a folder: keep the pictures for the docs
OPERATOR_PASSWORD = "an-operator-pass-phrase"


def _shot(page, name: str) -> None:  # type: ignore[no-untyped-def]
    if SHOTS:
        page.screenshot(path=str(Path(SHOTS) / name), full_page=True)


def _rgb(hex_colour: str) -> str:
    raw = hex_colour.lstrip("#")
    return "rgb({}, {}, {})".format(*(int(raw[i : i + 2], 16) for i in (0, 2, 4)))


def test_an_operator_creates_a_brand_and_its_invited_admin_runs_it(new_page, brand, bob):  # type: ignore[no-untyped-def]
    operator = User.objects.create_superuser(email="ops@example.org", password=OPERATOR_PASSWORD)
    EmailAddress.objects.create(user=operator, email=operator.email, verified=True, primary=True)
    ops = new_page()
    ops.goto("/accounts/login/?next=/operators/")
    ops.locator("input[name=login]").fill(operator.email)
    ops.locator("input[name=password]").fill(OPERATOR_PASSWORD)
    ops.locator("form.auth-form button[type=submit]").click()
    expect(ops.get_by_test_id("operator-brand-cafe-lumiere")).to_be_visible()
    ops.get_by_test_id("new-brand").click()
    ops.locator("input[name=name]").fill("Maison Verte")
    ops.locator("input[name=slug]").fill("maison-verte")
    ops.locator("input[name=admin_email]").fill("olga@example.org")
    ops.locator("main form button[type=submit]").click()
    row = ops.get_by_test_id("operator-brand-maison-verte")
    expect(row).to_contain_text("Maison Verte")
    _shot(ops, "operators-console.png")

    # The invited admin opens the e-mailed link, creates her account and lands in her brand.
    link = re.search(r"https?://\S+/invitations/\S+/", mail.outbox[-1].body)
    assert link and mail.outbox[-1].to == ["olga@example.org"]
    olga = new_page()
    olga.goto(link.group(0).split("/invitations/")[1].join(["/invitations/", ""]))
    olga.locator("input[name=display_name]").fill("Olga")
    olga.locator("input[name=password1]").fill("a-long-pass-phrase-42")
    olga.locator("input[name=password2]").fill("a-long-pass-phrase-42")
    olga.get_by_test_id("accept-invitation").click()
    olga.wait_for_url("**/b/maison-verte/")
    brand_row = Brand.objects.get(slug="maison-verte")
    assert Membership.objects.get(brand=brand_row, user__email="olga@example.org").is_admin


def test_the_login_page_wears_the_brands_colours_with_readable_text(page, brand):  # type: ignore[no-untyped-def]
    brand.primary_colour, brand.accent_colour = "#1f4e79", "#e07a1f"
    brand.save()
    page.goto(f"/b/{brand.slug}/")
    page.goto("/accounts/login/")
    bar = page.locator("header.topbar")
    expect(bar).to_contain_text(brand.name)
    expect(bar).to_have_css("background-color", _rgb(brand.primary_colour))
    # The sign-up button sits on the orange accent: its text is dark, not white (5.8:1).
    signup = page.locator(".topbar .button--small")
    expect(signup).to_have_css("color", _rgb(text_on(brand.accent_colour)))
    _shot(page, "login-in-brand-colours.png")


def test_a_member_downloads_her_data_then_deletes_her_account(new_page, brand, campaign, bob, dan):  # type: ignore[no-untyped-def]
    from cocrea.ideas.models import Idea, Vote
    from cocrea.ideas.tests.factories import IdeaFactory
    from tests.browser.test_journeys import _verified, log_in

    _verified(bob)
    idea = IdeaFactory(campaign=campaign, author=dan, title="Une station de recharge")
    Vote.objects.create(idea=idea, member=bob)
    Idea.objects.filter(pk=idea.pk).update(support_count=1)
    comment_author = IdeaFactory(campaign=campaign, author=bob, title="Mon idée à moi")
    page = new_page()
    log_in(page, bob.user.email, next_url="/privacy/")
    page.get_by_test_id("export-start").click()
    job = page.get_by_test_id("exports").locator("li").first
    expect(job).to_have_attribute("data-state", "done")
    with page.expect_download() as info:
        page.get_by_test_id("export-download").click()
    assert info.value.suggested_filename.startswith("cocrea-my-data-")
    _shot(page, "privacy-page.png")
    page.get_by_test_id("delete-account").click()
    page.locator("input[name=password]").fill("correct horse battery staple")
    page.get_by_test_id("confirm-delete").click()
    page.wait_for_url("**/")
    # The idea she supported keeps its count; her own idea is signed "former member".
    page.goto(f"/b/{brand.slug}/ideas/{idea.pk}/")
    idea.refresh_from_db()
    assert idea.support_count == 1 and Vote.objects.filter(idea=idea).count() == 1
    page.goto(f"/b/{brand.slug}/ideas/{comment_author.pk}/")
    expect(page.locator("main")).to_contain_text("ancien membre")
