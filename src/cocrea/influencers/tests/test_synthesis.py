"""The synthesis: claims citing evidence from her space, versions, the brand's decisions."""

from __future__ import annotations

import pytest
from django.urls import reverse

from cocrea.core.errors import Conflict, DomainError, PermissionDenied
from cocrea.influencers.models import Claim, Response, SynthesisVersion
from cocrea.influencers.services import response_post, round_create, round_poll_create
from cocrea.influencers.synthesis import ClaimInput, claim_decide, synthesis_save
from cocrea.influencers.tests.factories import make_space
from cocrea.polls.services import OptionInput, poll_vote
from cocrea.webhooks.models import Endpoint, Event

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup(alice, bob, dan):  # type: ignore[no-untyped-def]
    space = make_space(alice, bob)
    question = round_create(actor=bob, space=space, kind="question", prompt="What fabric?")
    quote = response_post(member=dan, round_=question, body="Linen, never polyester.")
    round_ = round_poll_create(
        actor=bob,
        space=space,
        question="Which cut?",
        kind="single",
        options=[OptionInput("Wide"), OptionInput("Slim")],
    )
    poll_vote(member=dan, poll=round_.poll, option_ids=[round_.poll.options.first().pk])
    return space, quote, round_.poll


def _claims(quote: Response, poll_id: int) -> list[ClaimInput]:
    return [
        ClaimInput("must_have", "Natural fabrics only", [f"quote:{quote.pk}"]),
        ClaimInput("must_have", "A wide cut", [f"poll:{poll_id}", f"quote:{quote.pk}"]),
    ]


def test_she_writes_claims_citing_a_quote_and_a_poll(setup, bob):
    space, quote, poll = setup
    synthesis = synthesis_save(
        actor=bob, space=space, title="Summer", claims=_claims(quote, poll.pk)
    )
    claims = list(synthesis.claims.all())
    assert [c.citations.count() for c in claims] == [1, 2]
    assert SynthesisVersion.objects.get(synthesis=synthesis).snapshot["claims"][1]["evidence"] == [
        f"poll:{poll.pk}",
        f"quote:{quote.pk}",
    ]


def test_a_claim_without_evidence_is_refused(setup, bob):
    space, _quote, _poll = setup
    with pytest.raises(DomainError, match="cites its evidence"):
        synthesis_save(actor=bob, space=space, title="T", claims=[ClaimInput("no_go", "Logos")])


def test_another_spaces_or_a_hidden_answer_cannot_be_cited(setup, alice, bob, mona):
    space, quote, _poll = setup
    other = make_space(alice, mona.__class__.objects.create(brand=space.brand, user=_user()))
    elsewhere = round_create(actor=alice, space=other, kind="question", prompt="Else?")
    foreign = response_post(member=bob, round_=elsewhere, body="Not here")
    for ref in (f"quote:{foreign.pk}", "quote:999999", "poll:abc", "nonsense", "quote:1\x00"):
        with pytest.raises(DomainError):
            synthesis_save(
                actor=bob, space=space, title="T", claims=[ClaimInput("open", "Why?", [ref])]
            )
    Response.objects.filter(pk=quote.pk).update(is_hidden=True)
    with pytest.raises(DomainError, match="hidden"):
        synthesis_save(
            actor=bob,
            space=space,
            title="T",
            claims=[ClaimInput("open", "Why", [f"quote:{quote.pk}"])],
        )


def _user():  # type: ignore[no-untyped-def]
    from cocrea.accounts.tests.factories import UserFactory

    return UserFactory()


def test_a_synthesis_edited_meanwhile_is_refused_and_versions_are_kept(setup, bob, alice):
    space, quote, poll = setup
    synthesis = synthesis_save(actor=bob, space=space, title="v1", claims=_claims(quote, poll.pk))
    synthesis_save(
        actor=alice,
        space=space,
        title="v2",
        claims=_claims(quote, poll.pk)[:1],
        synthesis=synthesis,
        expected_version=1,
    )
    with pytest.raises(Conflict, match="meanwhile"):
        synthesis_save(
            actor=bob,
            space=space,
            title="v2 by bob",
            claims=_claims(quote, poll.pk),
            synthesis=synthesis,
            expected_version=1,
        )
    synthesis.refresh_from_db()
    assert (synthesis.title, synthesis.version) == ("v2", 2)
    assert [v.number for v in synthesis.versions.all()] == [2, 1]


def test_the_brand_accepts_or_questions_a_claim_and_a_webhook_tells_it(setup, bob, mona, dan):
    space, quote, poll = setup
    endpoint = Endpoint.objects.create(
        brand=space.brand,
        url="https://example.org/hook",
        event_types=["claim.accepted", "synthesis.saved"],
        secret="whsec_test",
    )
    synthesis = synthesis_save(actor=bob, space=space, title="S", claims=_claims(quote, poll.pk))
    first, second = synthesis.claims.all()
    with pytest.raises(PermissionDenied):
        claim_decide(actor=dan, claim=first, decision="accepted")
    with pytest.raises(DomainError, match="question"):
        claim_decide(actor=mona, claim=second, decision="questioned")
    claim_decide(actor=mona, claim=first, decision="accepted", reply="Yes: linen.")
    claim_decide(actor=mona, claim=second, decision="questioned", reply="Wide for whom?")
    assert Claim.objects.get(pk=first.pk).decision == "accepted"
    types = sorted(Event.objects.filter(brand=space.brand).values_list("type", flat=True))
    assert types == ["claim.accepted", "synthesis.saved"]
    assert endpoint.pk


def test_a_citation_hidden_later_shows_as_withdrawn_not_quoted(client, setup, bob, mona):
    space, quote, poll = setup
    synthesis = synthesis_save(actor=bob, space=space, title="S", claims=_claims(quote, poll.pk))
    url = reverse("influencers:synthesis", args=[space.brand.slug, space.pk, synthesis.pk])
    client.force_login(mona.user)
    assert "Linen, never polyester." in client.get(url).content.decode()
    Response.objects.filter(pk=quote.pk).update(is_hidden=True)  # a moderator hid it
    page = client.get(url).content.decode()
    assert "Linen, never polyester." not in page
    assert page.count('data-testid="withdrawn"') == 2
    assert "Wide" in page  # the poll's result is still shown


def test_the_team_decides_from_the_page_and_a_member_may_not(client, setup, bob, mona, dan):
    space, quote, poll = setup
    synthesis = synthesis_save(actor=bob, space=space, title="S", claims=_claims(quote, poll.pk))
    claim = synthesis.claims.first()
    url = reverse("influencers:claim_decide", args=[space.brand.slug, claim.pk])
    client.force_login(dan.user)
    assert client.post(url, {"decision": "accepted"}).status_code == 403
    client.force_login(mona.user)
    client.post(url, {"decision": "accepted", "reply": "Agreed"})
    claim.refresh_from_db()
    assert (claim.decision, claim.reply) == ("accepted", "Agreed")


def test_she_saves_a_synthesis_from_the_form(client, setup, bob):
    space, quote, poll = setup
    client.force_login(bob.user)
    url = reverse("influencers:synthesis_new", args=[space.brand.slug, space.pk])
    assert f"quote:{quote.pk}" in client.get(url).content.decode()
    response = client.post(
        url,
        {
            "title": "Summer",
            "claims-TOTAL_FORMS": "2",
            "claims-INITIAL_FORMS": "0",
            "claims-0-kind": "must_have",
            "claims-0-text": "Natural fabrics",
            "claims-0-evidence": [f"quote:{quote.pk}", f"poll:{poll.pk}"],
            "claims-1-kind": "no_go",
            "claims-1-text": "",
        },
    )
    assert response.status_code == 302
    assert Claim.objects.get().citations.count() == 2
