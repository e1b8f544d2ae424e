"""The brand's view: spaces side by side, and what the partnerships cost a programme."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from cocrea.accounts.tests.factories import UserFactory
from cocrea.influencers.capsule import claim_open_product
from cocrea.influencers.models import CapsuleStep
from cocrea.influencers.selectors import partnership_cost, spaces_side_by_side
from cocrea.influencers.services import (
    partnership_create,
    response_post,
    round_create,
    round_poll_create,
    space_join,
)
from cocrea.influencers.synthesis import ClaimInput, claim_decide, synthesis_save
from cocrea.influencers.tests.factories import make_space
from cocrea.insights.models import Theme, Voice
from cocrea.polls.services import OptionInput, poll_vote
from cocrea.programmes.services import default_programme

pytestmark = pytest.mark.django_db


def test_spaces_side_by_side_count_what_each_brought(alice, bob, dan, brand):
    space = make_space(alice, bob)
    newcomer, attributed = space_join(space=space, user=UserFactory())
    assert attributed
    question = round_create(actor=bob, space=space, kind="question", prompt="Fabric?")
    quote = response_post(member=newcomer, round_=question, body="Linen.")
    poll = round_poll_create(
        actor=bob,
        space=space,
        question="Cut?",
        kind="single",
        options=[OptionInput("Wide"), OptionInput("Slim")],
    ).poll
    poll_vote(member=newcomer, poll=poll, option_ids=[poll.options.first().pk])
    theme = Theme.objects.create(brand=brand, label="Natural fabrics", size=1, centroid=b"")
    for value in (0.5, 0.1):
        Voice.objects.create(
            brand=brand,
            channel="import",
            author=newcomer,
            text="Linen please",
            theme=theme,
            sentiment=value,
            created_at=timezone.now(),
            analysed_at=timezone.now(),
        )
    synthesis = synthesis_save(
        actor=bob,
        space=space,
        title="S",
        claims=[ClaimInput("must_have", "Linen", [f"quote:{quote.pk}"])],
    )
    claim = synthesis.claims.get()
    claim_decide(actor=alice, claim=claim, decision="accepted")
    step = claim_open_product(actor=alice, claim=claim)
    make_space(alice, dan)  # a second, quiet space beside hers

    figures = {f.space.pk: f for f in spaces_side_by_side(brand)}
    mine = figures[space.pk]
    assert (mine.followers, mine.brought, mine.rounds, mine.answers, mine.votes) == (1, 1, 2, 1, 1)
    assert mine.sentiment == pytest.approx(0.3)
    assert mine.themes == ["Natural fabrics"]
    assert (mine.claims_accepted, mine.steps, mine.products_launched) == (1, 1, 0)
    step.product.is_active = True  # the team opened the product to members
    step.product.save()
    launched = {f.space.pk: f.products_launched for f in spaces_side_by_side(brand)}
    assert launched[space.pk] == 1
    quiet = next(f for pk, f in figures.items() if pk != space.pk)
    assert (quiet.followers, quiet.votes, quiet.sentiment, quiet.themes) == (0, 0, None, [])
    assert CapsuleStep.objects.count() == 1


def test_a_partnership_draws_on_the_default_programme_and_its_fee_is_its_cost(alice, bob, dan):
    make_space(alice, bob)  # a 7.5 % royalty: nothing up front
    partnership_create(
        actor=alice,
        influencer=dan,
        capsule_name="Night",
        starts_on=date(2026, 1, 1),
        ends_on=date(2026, 2, 1),
        terms="fee",
        amount="1500",
    )
    programme = default_programme(brand_id=alice.brand_id)
    assert set(programme.partnerships.values_list("terms", flat=True)) == {"royalty", "fee"}
    assert partnership_cost(programme.pk) == Decimal("1500")


def test_the_console_shows_the_spaces_side_by_side_to_admins_only(client, alice, bob, brand):
    make_space(alice, bob)
    url = reverse("influencers:partnerships", args=[brand.slug])
    client.force_login(bob.user)
    assert client.get(url).status_code == 403
    client.force_login(alice.user)
    page = client.get(url)
    assert page.status_code == 200
    assert 'data-testid="space-figures-row"' in page.content.decode()
