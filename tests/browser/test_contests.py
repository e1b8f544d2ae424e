"""The design-contest journey in real Chromium: a brand admin builds a customizable product and a
contest in the console; a member personalises the product (the picture changes on screen), is
refused a blocked word and enters a design; other members vote; a juror scores; the admin closes
the contest; the winner is shown and rewarded.

Found by test id, id or form field name, never by visible text (the interface is French).
"""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from cocrea.brands.tests.factories import MembershipFactory
from cocrea.contests.models import Contest, Entry, EntryVote, Placement, Score
from cocrea.customizer.models import Option, Product
from cocrea.engagement.models import Reward
from tests.browser.test_journeys import _verified, log_in

pytestmark = pytest.mark.django_db(transaction=True)

SHAPE = '<rect x="100" y="80" width="200" height="260" rx="20"/>'


def _when(days: float) -> str:
    return (timezone.localtime() + timedelta(days=days)).strftime("%Y-%m-%dT%H:%M")


def _build_product(admin: Page, slug: str) -> Product:
    """Through the customizer's console pages: a product, one part, two colours, a blocked word."""
    admin.goto(f"/b/{slug}/console/products/new/")
    form = admin.locator("#product-form")
    form.locator("input[name=name_fr]").fill("Tasse du concours")
    form.locator("input[name=base_price]").fill("12")
    form.locator("input[name=text_max_length]").fill("4")
    admin.locator("#create-product").click()
    admin.wait_for_url(re.compile(r"/console/products/\d+/$"))
    part_form = admin.locator("#part-form")
    part_form.locator("input[name=name_fr]").fill("Corps")
    part_form.locator("textarea[name=shape]").fill(SHAPE)
    part_form.locator("button[type=submit]").click()
    for label, colour in (("Rouge", "#cc2200"), ("Bleu", "#2255cc")):
        panel = admin.locator("#parts [data-part]").first
        panel.locator("details summary").click()
        option_form = panel.locator("form.option-form")
        option_form.locator("input[name=label_fr]").fill(label)
        option_form.locator("input[name=colour]").fill(colour)
        option_form.locator("button[type=submit]").click()
        expect(admin.locator("#parts .option-row").filter(has_text=label)).to_have_count(1)
    words = admin.locator("#blocked-words form")
    words.locator("textarea[name=words_fr]").fill("zut")
    words.locator("button[type=submit]").click()
    return Product.objects.get(name="Tasse du concours")


def _create_contest(admin: Page, slug: str, product: Product, juror_email: str) -> Contest:
    admin.goto(f"/b/{slug}/console/contests/new/")
    form = admin.get_by_test_id("contest-form")
    form.locator("input[name=title_fr]").fill("La tasse de demain")
    form.locator("input[name=objective_fr]").fill("Choisir la tasse de la saison")
    form.locator("select[name=product]").select_option(str(product.pk))
    form.locator("input[name=finalists]").fill("2")
    form.locator("input[name=winners]").fill("1")
    form.locator("input[name=jury_weight]").fill("50")
    form.locator("input[name=winner_prize_fr]").fill("Votre tasse fabriquée")
    dates = {
        "submission_starts": -1, "submission_ends": 1, "voting_starts": 1, "voting_ends": 2,
        "review_starts": 2, "review_ends": 3, "results_starts": 3,
    }  # fmt: skip
    for name, days in dates.items():
        form.locator(f"input[name={name}]").fill(_when(days))
    admin.get_by_test_id("save-contest").click()
    admin.wait_for_url(re.compile(r"/console/contests/\d+/$"))
    criteria = admin.get_by_test_id("criteria-form")
    criteria.locator("input[name=criteria-0-name_fr]").fill("Originalité")
    criteria.locator("input[name=criteria-0-weight]").fill("2")
    criteria.locator("[data-rows-add]").click()
    criteria.locator("input[name=criteria-1-name_fr]").fill("Faisabilité")
    criteria.locator("button[type=submit]").click()
    jurors = admin.get_by_test_id("juror-form")
    jurors.locator("input[name=email]").fill(juror_email)
    jurors.locator("button[type=submit]").click()
    expect(admin.get_by_test_id("jurors").locator("li")).to_have_count(1)
    return Contest.objects.get(campaign__title="La tasse de demain")


def _personalise_and_enter(member: Page, slug: str, contest: Contest) -> Entry:
    part = contest.product.parts.get()
    blue = Option.objects.get(part=part, label="Bleu")
    member.goto(f"/b/{slug}/contests/{contest.campaign.slug}/")
    member.get_by_test_id("design-product").click()
    layer = member.locator(f'#customizer-preview g[data-part="{part.pk}"]')
    before = layer.get_attribute("data-option")
    member.locator(f"label[for=option-{blue.pk}]").click()
    expect(layer).to_have_attribute("data-option", str(blue.pk))  # the picture changed
    assert before != str(blue.pk)
    member.locator("#id_text").fill("ZUT")
    expect(member.locator("#text-error")).not_to_be_empty()  # the blocked word is refused
    member.locator("#id_text").fill("BO")
    expect(member.locator("#text-error")).to_be_empty()
    member.locator("#id_title").fill("Bleu minuit")
    member.locator("#save-design").click()
    member.wait_for_url(re.compile(r"/designs/\d+/$"))

    member.goto(f"/b/{slug}/contests/{contest.campaign.slug}/")
    member.get_by_test_id("enter-design").click()
    form = member.get_by_test_id("entry-form")
    form.locator("input[name=design]").first.check()
    form.locator("input[name=title]").fill("Bleu minuit")
    form.locator("textarea[name=story]").fill("Pour les cafés du soir, avec mes initiales.")
    # The entry's words are analysed by the insight engine after commit, inline in this mode:
    # the first analysis loads its models, so the answer may take a while on a busy machine.
    with member.expect_navigation(timeout=90_000):
        member.get_by_test_id("submit-entry").click(timeout=90_000)
    expect(member.get_by_test_id("entry-title")).to_have_text("Bleu minuit")
    expect(member.get_by_test_id("entry-picture").locator("svg")).to_have_count(1)
    return Entry.objects.get(title="Bleu minuit")


def _advance(admin: Page, slug: str, contest: Contest) -> None:
    admin.goto(f"/b/{slug}/console/contests/{contest.pk}/")
    admin.get_by_test_id("advance").click()
    admin.wait_for_load_state()


def test_a_contest_from_the_product_to_the_rewarded_winner(new_page, brand, alice, bob, dan, mona):  # type: ignore[no-untyped-def]
    _verified(alice, bob, dan, mona)
    other = MembershipFactory(brand=brand)
    _verified(other)

    admin = new_page()
    log_in(admin, alice.user.email)
    product = _build_product(admin, brand.slug)
    contest = _create_contest(admin, brand.slug, product, dan.user.email)

    member = new_page()
    log_in(member, bob.user.email)
    entry = _personalise_and_enter(member, brand.slug, contest)
    assert entry.author == bob and entry.svg.startswith("<svg")

    _advance(admin, brand.slug, contest)  # the public vote opens
    for voter in (dan, mona, other):
        page = new_page()
        log_in(page, voter.user.email, next_url=f"/b/{brand.slug}/entries/{entry.pk}/")
        page.get_by_test_id("vote-box").locator("button[aria-pressed=false]").click()
        expect(page.get_by_test_id("vote-box").locator("button")).to_have_attribute(
            "aria-pressed", "true"
        )
        page.context.close()
    expect_count = EntryVote.objects.filter(entry=entry, voided_at=None).count()
    assert expect_count == 3 and Entry.objects.get(pk=entry.pk).vote_count == 3
    member.goto(f"/b/{brand.slug}/entries/{entry.pk}/")
    expect(member.get_by_test_id("vote-count")).to_have_text("3")
    expect(member.get_by_test_id("vote-box").locator("button")).to_have_count(0)  # not one's own

    _advance(admin, brand.slug, contest)  # the jury
    juror = new_page()
    log_in(juror, dan.user.email, next_url=f"/b/{brand.slug}/contests/{contest.campaign.slug}/")
    juror.get_by_test_id("jury-link").click()
    card = juror.get_by_test_id(f"jury-card-{entry.pk}")
    for field in card.locator("input[type=number]").all():
        field.fill("8")
    card.locator("button[type=submit]").click()
    expect(juror.get_by_test_id(f"jury-card-{entry.pk}").get_by_test_id("scored")).to_be_visible()
    assert Score.objects.filter(entry=entry).count() == 2

    admin.goto(f"/b/{brand.slug}/console/contests/{contest.pk}/")
    admin.once("dialog", lambda dialog: dialog.accept())
    admin.get_by_test_id("close-contest").click()
    expect(admin.get_by_test_id("published")).to_be_visible()

    member.goto(f"/b/{brand.slug}/contests/{contest.campaign.slug}/")
    winner = member.get_by_test_id("winner")
    expect(winner).to_have_count(1)
    expect(winner).to_contain_text("Bleu minuit")
    expect(member.get_by_test_id("formula")).to_be_visible()
    expect(member.get_by_test_id("rewards")).to_contain_text("Votre tasse fabriquée")
    assert Placement.objects.get(entry=entry).is_winner
    assert Reward.objects.filter(member=bob, kind="prize").count() == 1
