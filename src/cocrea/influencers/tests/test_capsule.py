"""From synthesis to product: an accepted claim opens a brief, a capsule contest with her as
partner and juror, or a customizer product; her followers hear of each step; the credits."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import translation

from cocrea.campaigns.models import Campaign
from cocrea.contests.models import Contest, Juror, Partner
from cocrea.core.errors import Conflict, PermissionDenied
from cocrea.core.texts import texts_of
from cocrea.customizer.tests.factories import make_product
from cocrea.influencers.capsule import claim_open_brief, claim_open_contest, claim_open_product
from cocrea.influencers.models import CapsuleStep, Claim, Space
from cocrea.influencers.selectors import credits
from cocrea.influencers.services import response_post, round_create, space_follow
from cocrea.influencers.synthesis import ClaimInput, claim_decide, synthesis_save
from cocrea.influencers.tests.factories import make_space
from cocrea.notifications.models import Notification

pytestmark = pytest.mark.django_db


@pytest.fixture
def accepted(alice, bob, dan):  # type: ignore[no-untyped-def]
    """Bob's space, Dan follows it and is quoted by a claim Alice accepted."""
    space = make_space(alice, bob)
    space_follow(space=space, member=dan)
    question = round_create(actor=bob, space=space, kind="question", prompt="What fabric?")
    quote = response_post(member=dan, round_=question, body="Linen, never polyester.")
    synthesis = synthesis_save(
        actor=bob,
        space=space,
        title="Summer",
        claims=[
            ClaimInput("must_have", "Natural fabrics only", [f"quote:{quote.pk}"]),
            ClaimInput("no_go", "No logos", [f"quote:{quote.pk}"]),
        ],
    )
    claim, other = synthesis.claims.all()
    claim_decide(actor=alice, claim=claim, decision="accepted")
    return space, claim, other, quote


def test_an_accepted_claim_opens_a_capsule_contest_with_her_as_partner_and_juror(
    accepted, alice, bob, dan, brand
):
    space, claim, _other, _quote = accepted
    product = make_product(brand, alice)
    step = claim_open_contest(actor=alice, claim=claim, product=product)
    contest = Contest.objects.get(campaign=step.campaign)
    assert (
        contest.campaign.objective == f"For the community of {space.title}: “Natural fabrics only”"
    )
    partner = Partner.objects.get(campaign=contest.campaign)
    assert (partner.kind, partner.account, partner.name) == ("influencer", bob, space.title)
    assert Juror.objects.filter(contest=contest, member=bob).exists()
    told = Notification.objects.get(kind=Notification.Kind.CAPSULE_STEP, recipient=dan.user)
    assert told.data["step"] == "contest"
    assert told.data["path"] == reverse("contests:page", args=[brand.slug, contest.campaign.slug])
    assert Notification.objects.filter(recipient=bob.user, kind="capsule_step").exists()
    # A retried request opens nothing twice and tells nobody twice.
    assert claim_open_contest(actor=alice, claim=claim, product=product) == step
    assert Contest.objects.count() == 1
    assert Notification.objects.filter(kind="capsule_step").count() == 2


def test_a_brief_and_a_product_for_the_capsule(accepted, alice, dan):
    _space, claim, _other, _quote = accepted
    brief = claim_open_brief(actor=alice, claim=claim)
    assert brief.campaign.kind == "ideas" and claim.text in brief.campaign.objective
    product = claim_open_product(actor=alice, claim=claim).product
    assert product is not None and not product.is_active  # the team adds its parts first
    steps = Notification.objects.filter(recipient=dan.user, kind="capsule_step")
    assert sorted(n.data["step"] for n in steps) == ["brief", "product"]


def test_what_a_claim_opens_is_written_in_french_and_english(accepted, alice, brand):
    """Brand content has both languages, whichever the admin reads: the capsule's name as the
    brand wrote it in each, and the claim quoted in a sentence of each language."""
    space, claim, _other, _quote = accepted
    with translation.override("fr"):
        contest = claim_open_contest(actor=alice, claim=claim, product=make_product(brand, alice))
        brief = claim_open_brief(actor=alice, claim=claim)
        product = claim_open_product(actor=alice, claim=claim).product
    for campaign in (Campaign.objects.get(pk=contest.campaign_id), brief.campaign):
        assert texts_of(campaign, "title") == {"fr": "Capsule Aube", "en": "Dawn capsule"}
        assert texts_of(campaign, "objective") == {
            "fr": f"Pour la communauté de {space.title}\u00a0: «\u00a0Natural fabrics only\u00a0»",
            "en": f"For the community of {space.title}: “Natural fabrics only”",
        }
        description = texts_of(campaign, "description")
        assert description["fr"].startswith(f"{space.title} l\u2019a entendu de sa communauté")
        assert description["en"].startswith(f"{space.title} heard this from her community")
    assert product is not None
    assert texts_of(product, "name") == {"fr": "Capsule Aube", "en": "Dawn capsule"}
    assert all(
        "«\u00a0Natural fabrics only\u00a0»" in t or "“Natural fabrics only”" in t
        for t in texts_of(product, "description").values()
    )


def test_a_space_without_partnership_names_the_capsule_after_itself_in_both_languages(
    accepted, alice
):
    space, claim, _other, _quote = accepted
    Space.objects.filter(pk=space.pk).update(partnership=None)
    claim.text = "x" * 300  # the longest claim still fits the objective, cut
    Claim.objects.filter(pk=claim.pk).update(text=claim.text)
    campaign = claim_open_brief(actor=alice, claim=claim).campaign
    assert texts_of(campaign, "title") == {"fr": space.title, "en": space.title}
    for objective in texts_of(campaign, "objective").values():
        assert len(objective) <= 280 and objective.endswith(("…”", "…\u00a0»"))


def test_only_an_admin_opens_and_only_from_an_accepted_claim(accepted, alice, bob, charlie):
    _space, claim, other, _quote = accepted
    for actor in (bob, charlie):
        with pytest.raises(PermissionDenied):
            claim_open_brief(actor=actor, claim=claim)
    with pytest.raises(Conflict, match="Accept the claim first"):
        claim_open_brief(actor=alice, claim=other)
    assert not CapsuleStep.objects.exists()


def test_the_credits_name_the_cited_contributors_but_not_a_hidden_contribution(
    accepted, alice, dan
):
    from cocrea.influencers.models import Response

    space, claim, _other, quote = accepted
    claim_open_brief(actor=alice, claim=claim)
    made = credits(space)
    assert [(c.name, c.cited) for c in made.contributors] == [("Dan", 1)]
    assert [s.kind for s in made.steps] == ["brief"]
    Response.objects.filter(pk=quote.pk).update(is_hidden=True)  # a moderator hid it
    assert credits(space).contributors == []


def test_the_pages_open_a_contest_and_show_the_credits(accepted, client, alice, brand):
    space, claim, _other, _quote = accepted
    product = make_product(brand, alice)
    client.force_login(alice.user)
    url = reverse("influencers:claim_open", args=[brand.slug, claim.pk])
    page = client.post(url, {"what": "contest", "product": str(product.pk)})
    assert page.status_code == 302
    assert CapsuleStep.objects.filter(claim=claim, kind="contest").exists()
    synthesis = reverse("influencers:synthesis", args=[brand.slug, space.pk, claim.synthesis_id])
    html = client.get(synthesis).content.decode()
    assert 'data-testid="capsule-steps"' in html and 'data-testid="open-brief"' in html
    assert 'data-testid="open-contest"' not in html  # opened once
    assert client.post(url, {"what": "contest", "product": "x\x00"}).status_code == 400
    answer = client.post(url, {"what": "spaceship"}, HTTP_ACCEPT="application/json")
    assert answer.status_code == 400 and answer.json()["detail"] == "Choose what to open."
    made = client.get(reverse("influencers:made_with", args=[brand.slug, space.pk]))
    assert made.status_code == 200
    assert "Dan" in made.content.decode() and "Dawn capsule" in made.content.decode()


def test_a_member_or_another_brand_may_not_open(accepted, client, bob, charlie, brand):
    _space, claim, _other, _quote = accepted
    url = reverse("influencers:claim_open", args=[brand.slug, claim.pk])
    client.force_login(bob.user)
    assert client.post(url, {"what": "brief"}).status_code == 403
    client.force_login(charlie.user)
    other_url = reverse("influencers:claim_open", args=["globex", claim.pk])
    assert client.post(other_url, {"what": "brief"}).status_code == 404
    assert not CapsuleStep.objects.exists()
    assert Claim.objects.get(pk=claim.pk).decision == "accepted"
