"""Issue 4's journey in real Chromium: helping another customer raises a member's status.

Dan answers Bob's question; Bob marks the answer helpful; Dan's score rises on the leaderboard,
he reaches the tier Initié and reads it in his notification centre; the members-only page of
that tier opens for him and stays closed for Eve (a member of a lower tier) and for Charlie (a
member of another brand). The brand's ladder is set so that one helpful answer (15 points)
promotes: Membre 0 → Initié 10.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from cocrea.accounts.tests.factories import UserFactory
from cocrea.brands.tests.factories import MembershipFactory
from cocrea.community.models import Answer
from cocrea.community.qa_services import question_ask
from cocrea.engagement.areas import area_create
from cocrea.engagement.models import Kind, Tier, TierChange
from cocrea.engagement.services import TierSpec, engagement_configure, engagement_setup
from tests.browser.test_journeys import _verified, log_in

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]


def _ladder(brand, alice) -> Tier:  # type: ignore[no-untyped-def]
    engagement_setup(brand=brand)
    specs = [
        TierSpec(
            pk=tier.pk,
            name=tier.name,
            threshold=10.0 if index == 1 else tier.threshold,
            requires_accepted_idea=tier.requires_accepted_idea,
        )
        for index, tier in enumerate(Tier.objects.filter(brand=brand))
    ]
    engagement_configure(
        actor=alice,
        brand=brand,
        half_life_days=90.0,
        weights={Kind.HELPFUL_ANSWER: 15.0},
        tiers=specs,
    )
    return Tier.objects.filter(brand=brand).order_by("threshold")[1]


def test_a_helpful_answer_promotes_its_author_who_then_opens_the_members_only_page(  # type: ignore[no-untyped-def]
    new_page, brand, alice, bob, dan, charlie
):
    insider = _ladder(brand, alice)
    eve = MembershipFactory(
        brand=brand, user=UserFactory(email="eve@example.org", display_name="Eve")
    )
    _verified(bob, dan, eve, charlie)
    area = area_create(
        actor=alice,
        brand=brand,
        title="Boutique réservée",
        body="<p>Le moulin en avant-première</p>",
        min_tier=insider,
    )
    question = question_ask(member=bob, title="Quelle mouture pour une moka ?")
    question_path = f"/b/{brand.slug}/questions/{question.pk}/"
    area_path = f"/b/{brand.slug}/members-only/{area.pk}/"

    # Dan answers.
    helper = new_page()
    log_in(helper, dan.user.email, next_url=question_path)
    helper.wait_for_url(f"**{question_path}")
    helper.locator("[data-testid=answer-form] textarea[name=body]").fill(
        "Moyenne-fine, sans tasser."
    )
    helper.get_by_test_id("post-answer").click()
    answer = Answer.objects.get(question=question)
    expect(helper.get_by_test_id(f"answer-{answer.pk}")).to_contain_text("Moyenne-fine")
    helper.goto(f"/b/{brand.slug}/leaderboard/")
    expect(helper.get_by_test_id("my-score")).to_have_text("0")

    # Bob, who asked, marks it helpful.
    asker = new_page()
    log_in(asker, bob.user.email, next_url=question_path)
    asker.wait_for_url(f"**{question_path}")
    asker.get_by_test_id(f"mark-helpful-{answer.pk}").click()
    expect(asker.get_by_test_id("helpful-mark")).to_be_visible()

    # Dan's score rose, he reached the tier and reads it in his notification centre.
    helper.goto(f"/b/{brand.slug}/leaderboard/")
    expect(helper.get_by_test_id("my-score")).to_have_text("15")
    expect(helper.get_by_test_id("my-tier")).to_contain_text(insider.name)
    assert TierChange.objects.filter(member=dan, to_tier=insider).exists()
    expect(helper.get_by_test_id("unread-count")).to_be_visible()
    helper.get_by_test_id("notifications-link").click()
    notes = helper.get_by_test_id("notifications")
    expect(notes).to_contain_text(insider.name)
    expect(notes).to_contain_text(question.title)  # "your answer … was marked helpful"

    # The members-only page opens for him…
    helper.goto(area_path)
    expect(helper.get_by_test_id("member-area").locator("h1")).to_have_text(area.title)

    # …and stays closed for Eve, a member of the lower tier, and for Charlie, an outsider.
    lower = new_page()
    log_in(lower, eve.user.email)
    response = lower.goto(area_path)
    assert response is not None and response.status == 403
    expect(lower.get_by_test_id("area-locked")).to_be_visible()
    expect(lower.get_by_test_id("member-area")).to_have_count(0)
    outsider = new_page()
    log_in(outsider, charlie.user.email)
    response = outsider.goto(area_path)
    assert response is not None and response.status in (403, 404)
    expect(outsider.get_by_test_id("member-area")).to_have_count(0)
    assert not TierChange.objects.filter(member=eve, to_tier=insider).exists()
