"""The capsule loop in real Chromium: the influencer opens a poll between three designs in her
space, a follower who joined through her link votes and answers, she writes a synthesis citing
the answer and the poll, the brand accepts the claim and opens a capsule contest from it with
her in the jury; the made-with page credits the follower."""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import urlparse

import pytest
from playwright.sync_api import expect

from cocrea.accounts.tests.factories import UserFactory
from cocrea.brands.models import Membership
from cocrea.contests.models import Contest, Juror
from cocrea.contests.tests.helpers import make_design, make_product
from cocrea.customizer.services import option_create
from cocrea.influencers.models import Claim
from cocrea.influencers.services import invite_code
from cocrea.influencers.tests.factories import make_space
from tests.browser.test_journeys import _verified, log_in

pytestmark = pytest.mark.django_db(transaction=True)
SHOTS = os.environ.get("COCREA_SCREENSHOTS")  # a folder: keep the pictures for the docs


def _shot(page, name: str) -> None:  # type: ignore[no-untyped-def]
    if SHOTS:
        page.screenshot(path=str(Path(SHOTS) / name), full_page=True)


def test_poll_follower_synthesis_claim_and_a_capsule_contest(new_page, brand, alice, bob, mona):  # type: ignore[no-untyped-def]
    space = make_space(alice, bob)
    follower = Membership(
        brand=brand, user=UserFactory(email="fan@example.org", display_name="Fanny")
    )
    _verified(alice, bob, mona, follower)
    product = make_product(brand, alice, name="Tasse Aube")
    option_create(part=product.parts.get(), by=alice, label="Sable", colour="#d9c29a")
    designs = [
        make_design(alice, product, title=t, colour=i)
        for i, t in enumerate(("Rouge", "Bleue", "Sable"))
    ]

    her = new_page()
    log_in(her, bob.user.email, next_url=f"/b/{brand.slug}/spaces/{space.pk}/")
    her.get_by_test_id("new-space-poll").click()
    her.locator("[name=question_fr]").fill("Quelle coupe pour la capsule ?")
    her.locator("[name=kind]").select_option("designs")
    for design in designs:
        her.locator(f"[name=designs][value='{design.pk}']").check()
    her.get_by_test_id("create-poll").click()
    expect(her.get_by_test_id("poll-card")).to_contain_text("Quelle coupe")
    her.goto(f"/b/{brand.slug}/spaces/{space.pk}/rounds/new/?kind=question")
    her.locator("[name=prompt]").fill("Quelle matière ?")
    her.get_by_test_id("create-round").click()

    fan = new_page()
    log_in(fan, "fan@example.org", next_url=f"/b/{brand.slug}/with/{invite_code(space)}/")
    fan.get_by_test_id("join-space").click()
    expect(fan.get_by_test_id("following")).to_be_visible()
    fan.get_by_test_id("poll-option").first.check()
    fan.get_by_test_id("poll-vote").click()
    expect(fan.get_by_test_id("poll-results")).to_contain_text("1")
    fan.locator("textarea[name=body]").fill("Du lin, jamais de polyester.")
    fan.get_by_test_id("answer-submit").click()
    expect(fan.get_by_test_id("response")).to_contain_text("Du lin")
    _shot(fan, "influencers-space.png")

    her.goto(f"/b/{brand.slug}/spaces/{space.pk}/syntheses/new/")
    her.locator("[name=title]").fill("Ce que veut ma communauté")
    her.locator("[name=claims-0-text]").fill("Du lin, coupe large")
    claim_form = her.get_by_test_id("claim-form").first
    for box in claim_form.locator("input[type=checkbox]").all():
        value = box.get_attribute("value") or ""
        if value.startswith(("quote:", "poll:")):
            box.check()
    her.get_by_test_id("save-synthesis").click()
    expect(her.get_by_test_id("claim")).to_contain_text("Du lin, jamais de polyester.")

    team = new_page()
    log_in(team, mona.user.email, next_url=urlparse(her.url).path)
    team.locator("textarea[name=reply]").fill("D'accord : on part sur le lin.")
    team.get_by_test_id("accept-claim").click()
    expect(team.get_by_test_id("claim-reply")).to_contain_text("on part sur le lin")
    _shot(team, "influencers-synthesis.png")
    assert Claim.objects.get().decision == "accepted"

    brand_admin = new_page()
    log_in(brand_admin, alice.user.email, next_url=urlparse(her.url).path)
    brand_admin.get_by_test_id("contest-product").select_option(str(product.pk))
    brand_admin.get_by_test_id("open-contest").click()
    expect(brand_admin.get_by_test_id("capsule-steps")).to_be_visible()
    _shot(brand_admin, "influencers-capsule.png")
    contest = Contest.objects.get()
    assert Juror.objects.filter(contest=contest, member=bob).exists()
    brand_admin.get_by_test_id("capsule-steps").get_by_role("link").click()
    expect(brand_admin.get_by_test_id("partner-name")).to_contain_text(space.title)

    fan.goto(f"/b/{brand.slug}/spaces/{space.pk}/made-with/")
    expect(fan.get_by_test_id("credits")).to_contain_text("Fanny")
    expect(fan.get_by_test_id("made-with-steps")).to_be_visible()
    _shot(fan, "influencers-made-with.png")
