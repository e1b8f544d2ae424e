"""The insight engine in real Chromium: similar ideas while typing on the submission form; the
dashboard's themes with quotes, drill-down, refusal of members.

Elements are found by test id or role, never by visible text (the interface is French by default).
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from allauth.account.models import EmailAddress
from playwright.sync_api import Page, expect

from cocrea.brands.models import Membership
from cocrea.ideas.services import idea_submit
from cocrea.insights import similar
from cocrea.insights.models import Voice
from cocrea.insights.tests.factories import build_dataset

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "correct horse battery staple"  # the factories' password
SHOTS = os.environ.get("COCREA_SCREENSHOTS")  # a folder: keep the pictures for the docs


def log_in(page: Page, membership: Membership, next_url: str) -> None:
    user = membership.user
    EmailAddress.objects.get_or_create(
        user=user, email=user.email, defaults={"verified": True, "primary": True}
    )
    page.goto(f"/accounts/login/?next={next_url}")
    page.locator("input[name=login]").fill(user.email)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("form.auth-form button[type=submit]").click()
    expect(page.get_by_test_id("notifications-link")).to_be_visible()


def test_the_dashboard_shows_themes_with_quotes_and_a_theme_lists_its_contributions(  # type: ignore[no-untyped-def]
    page, brand, campaign, alice, other_brand
):
    data = build_dataset(brand, campaign, other_brand)
    dashboard = f"/b/{brand.slug}/console/insights/"
    log_in(page, alice, dashboard)
    page.wait_for_url(re.compile(r"/console/insights/$"))

    themes = page.get_by_test_id("dash-theme")
    expect(themes).to_have_count(4)
    cups = page.locator(f"[data-testid=dash-theme][data-theme-id='{data['cups'].pk}']")
    expect(cups.get_by_test_id("theme-quote")).to_have_count(3)
    expect(cups.get_by_test_id("theme-quote").first).to_contain_text(
        "Bring your own cup, get a discount."
    )
    expect(page.locator("body")).not_to_contain_text("GLOBEX")
    # The charts are drawn by the locally served Chart.js.
    drawn = page.evaluate(
        "() => [...document.querySelectorAll('canvas[data-chart]')]"
        ".filter(c => window.Chart && window.Chart.getChart(c)).length"
    )
    assert drawn == 3

    waiting = page.locator(f"[data-testid=dash-theme][data-theme-id='{data['waiting'].pk}']")
    waiting.get_by_test_id("theme-link").click()
    page.wait_for_url(re.compile(rf"/console/insights/voices/\?theme={data['waiting'].pk}$"))
    voices = page.get_by_test_id("voice")
    expect(voices).to_have_count(3)
    ids = {int(v.get_attribute("data-voice-id") or 0) for v in voices.all()}
    assert ids == {v.pk for v in data["waiting_voices"]}


def test_recomputing_shows_a_progress_bar(page, brand, alice):  # type: ignore[no-untyped-def]
    log_in(page, alice, f"/b/{brand.slug}/console/insights/")
    page.get_by_test_id("recompute-form").locator("button").click()
    run = page.get_by_test_id("dash-run")
    expect(run.locator("progress")).to_be_visible()
    expect(run.locator("progress")).to_have_attribute("aria-valuemax", "100")


def test_a_member_is_refused_the_dashboard_and_the_exports(page, brand, campaign, bob):  # type: ignore[no-untyped-def]
    log_in(page, bob, f"/b/{brand.slug}/")
    response = page.goto(f"/b/{brand.slug}/console/insights/")
    assert response is not None and response.status == 403
    for path in ("export/voices.csv", "export/voices.json", "export/themes.csv"):
        answer = page.request.get(f"/b/{brand.slug}/console/insights/{path}")
        assert answer.status == 403
    page.goto(f"/b/{brand.slug}/")
    expect(page.get_by_test_id("insights-link")).to_have_count(0)


def test_typing_an_english_paraphrase_shows_the_french_idea_in_the_similar_list(  # type: ignore[no-untyped-def]
    page, brand, campaign, bob, dan
):
    similar.forget_cache()  # the live server runs in this process: no matrix of another test
    # Submitted through the real service: the analysis runs after each commit (inline).
    cups = idea_submit(
        member=dan,
        campaign=campaign,
        title="Des gobelets consignés pour les boissons à emporter",
        body="Il faudrait des gobelets réutilisables consignés, rendus au comptoir.",
    )
    idea_submit(
        member=dan,
        campaign=campaign,
        title="Des prises pour recharger son téléphone",
        body="J'aimerais des prises électriques près des tables.",
    )
    idea_submit(
        member=dan,
        campaign=campaign,
        title="Ouvrir plus tôt le dimanche",
        body="Le café pourrait ouvrir à 8 h le dimanche matin.",
    )
    assert Voice.objects.filter(idea=cups, analysed_at__isnull=False).exists()

    submit = f"/b/{brand.slug}/c/{campaign.slug}/submit/"
    log_in(page, bob, submit)
    page.wait_for_url(re.compile(rf"{re.escape(submit)}$"))
    region = page.get_by_test_id("similar-region")
    expect(region.get_by_test_id("similar-ideas")).to_have_count(0)
    # A member types, key by key, in English: the French idea appears, first.
    page.locator("#id_title").press_sequentially("Reusable takeaway cups with a deposit", delay=20)
    items = region.locator(".similar-ideas__item")
    expect(items.first).to_have_attribute("data-idea", str(cups.pk))
    expect(items.first.get_by_role("link")).to_have_attribute(
        "href", f"/b/{brand.slug}/ideas/{cups.pk}/"
    )


@pytest.mark.xfail(
    strict=True,
    raises=AssertionError,  # only the ranking may fail, never the set-up
    reason="Neither USE nor e5 maps 'coffee grounds' to 'marc de café': another cup idea "
    "comes first (docs/insights.md, what is left)",
)
def test_the_english_coffee_grounds_query_finds_the_recycled_grounds_cup_first(  # type: ignore[no-untyped-def]
    page, brand, campaign, bob, dan
):
    from cocrea.demo.content import CAMPAIGNS

    similar.forget_cache()
    by_title = {}
    for text in CAMPAIGNS[0]["ideas"]:  # the demo's own cups campaign
        by_title[text.title] = idea_submit(
            member=dan, campaign=campaign, title=text.title, body=text.body
        )
    grounds = by_title["Des tasses fabriquées avec notre propre marc de café"]
    submit = f"/b/{brand.slug}/c/{campaign.slug}/submit/"
    log_in(page, bob, submit)
    page.wait_for_url(re.compile(rf"{re.escape(submit)}$"))
    page.locator("#id_title").press_sequentially("Cups made out of used coffee grounds", delay=20)
    items = page.get_by_test_id("similar-region").locator(".similar-ideas__item")
    expect(items.first).to_have_attribute("data-idea", str(grounds.pk))


def test_the_duplicates_console_shows_a_percentage_a_reason_and_dates(  # type: ignore[no-untyped-def]
    page, brand, campaign, alice, bob, dan
):
    similar.forget_cache()
    older = idea_submit(
        member=dan,
        campaign=campaign,
        title="Des prises pour recharger son téléphone",
        body="Des prises électriques en terrasse pour recharger son téléphone.",
    )
    newer = idea_submit(
        member=bob,
        campaign=campaign,
        title="Outlets to charge phones",
        body="Power outlets on the terrace to charge our phones.",
    )
    idea_submit(
        member=bob,
        campaign=campaign,
        title="Piège à moustiques en terrasse",
        body="Des pièges à moustiques sur la terrasse en été.",
    )
    log_in(page, alice, f"/b/{brand.slug}/console/insights/duplicates/")
    pair = page.locator(f'li[data-older="{older.pk}"][data-newer="{newer.pk}"]')
    expect(pair.get_by_test_id("duplicate-percent")).to_contain_text("%")
    expect(pair.get_by_test_id("duplicate-reasons")).to_be_visible()
    expect(pair.locator("time")).to_have_count(2)
    if SHOTS:
        page.screenshot(path=str(Path(SHOTS) / "insights-duplicates.png"), full_page=True)
    pair.get_by_test_id("dismiss-button").click()
    expect(page.locator(f'li[data-older="{older.pk}"][data-newer="{newer.pk}"]')).to_have_count(0)
