"""Spaces, their polls and syntheses in the REST API: the same rules as the pages."""

from __future__ import annotations

import pytest

from cocrea.accounts.tests.factories import UserFactory
from cocrea.api.models import ApiKey
from cocrea.api.tests.conftest import make_client
from cocrea.brands.tests.factories import MembershipFactory
from cocrea.influencers.models import Response
from cocrea.influencers.services import response_post, round_create, round_poll_create, space_join
from cocrea.influencers.tests.factories import make_space
from cocrea.polls.models import Ballot
from cocrea.polls.services import OptionInput, poll_close

pytestmark = pytest.mark.django_db
API = "/api/v1/brands/cafe-lumiere"


@pytest.fixture
def world(alice, bob):  # type: ignore[no-untyped-def]
    """Bob's followers-only space; a follower who joined through his link, a quote, a poll."""
    space = make_space(alice, bob, visibility="followers")
    follower, _attributed = space_join(space=space, user=UserFactory(display_name="Zoé"))
    question = round_create(actor=bob, space=space, kind="question", prompt="Fabric?")
    quote = response_post(member=follower, round_=question, body="Linen, never polyester.")
    poll = round_poll_create(
        actor=bob,
        space=space,
        question="Which cut?",
        kind="single",
        options=[OptionInput("Wide"), OptionInput("Slim")],
    ).poll
    personal = ApiKey.Kind.PERSONAL
    return {
        "space": space,
        "quote": quote,
        "poll": poll,
        "follower": make_client(follower, personal, "write"),
        "bob": make_client(bob, personal, "write"),
        "outsider": make_client(MembershipFactory(brand=space.brand), personal, "write"),
        "alice": make_client(alice),
    }


def test_a_followers_only_space_is_seen_by_its_followers_only(world):
    space = world["space"]
    listed = world["outsider"].get(f"{API}/spaces").json()["items"]
    assert [s["id"] for s in listed] == [space.pk]  # its name, as the page lists it
    assert world["outsider"].get(f"{API}/spaces/{space.pk}").status_code == 404
    assert world["outsider"].get(f"{API}/spaces/{space.pk}/polls").status_code == 404
    seen = world["follower"].get(f"{API}/spaces/{space.pk}").json()
    assert seen["follows"] is True and seen["capsule"] == "Dawn capsule"


def test_a_follower_votes_once_and_a_closed_poll_refuses(world, bob):
    space, poll = world["space"], world["poll"]
    url = f"{API}/spaces/{space.pk}/polls/{poll.pk}/votes"
    wide = poll.options.first().pk
    before = world["follower"].get(f"{API}/spaces/{space.pk}/polls").json()["items"][0]
    assert before["total"] is None  # results once she voted
    voted = world["follower"].post(url, {"options": [wide]})
    assert voted.status_code == 201
    assert voted.json()["total"] == 1 and voted.json()["options"][0]["count"] == 1
    again = world["follower"].post(url, {"options": [wide]})
    assert (again.status_code, again.json()["code"]) == (409, "already_voted")
    assert world["outsider"].post(url, {"options": [wide]}).status_code == 404
    bad = world["bob"].post(url, {"options": [wide + 1000]})
    assert bad.status_code == 422 and bad.json()["code"] == "unknown_choice"
    assert world["bob"].post(url, {"options": ["x\u0000"]}).status_code in (400, 422)
    poll_close(actor=bob, poll=poll)
    late = world["bob"].post(url, {"options": [wide]})
    assert (late.status_code, late.json()["code"]) == (409, "poll_closed")
    assert Ballot.objects.filter(poll=poll).count() == 1


def test_she_writes_a_synthesis_the_brand_decides_and_a_hidden_quote_is_withdrawn(world):
    space, quote, poll = world["space"], world["quote"], world["poll"]
    claims = [
        {"kind": "must_have", "text": "Linen", "evidence": [f"quote:{quote.pk}", f"poll:{poll.pk}"]}
    ]
    made = world["bob"].post(f"{API}/spaces/{space.pk}/syntheses", {"title": "S", "claims": claims})
    assert made.status_code == 201, made.content
    body = made.json()
    claim = body["claims"][0]
    assert claim["evidence"][0]["quote"] == "Linen, never polyester."
    assert (
        world["follower"]
        .post(f"{API}/spaces/{space.pk}/syntheses", {"title": "Mine", "claims": claims})
        .status_code
        == 403
    )
    url = f"{API}/spaces/{space.pk}/syntheses/{body['id']}"
    stale = world["bob"].put(url, {"title": "S2", "claims": claims, "expected_version": 7})
    assert (stale.status_code, stale.json()["code"]) == (409, "stale_version")
    foreign = [{"kind": "no_go", "text": "X", "evidence": ["quote:999999"]}]
    refused = world["bob"].put(url, {"title": "S2", "claims": foreign, "expected_version": 1})
    assert (refused.status_code, refused.json()["code"]) == (422, "bad_citation")

    decide = f"{API}/claims/{claim['id']}/decision"
    assert world["follower"].post(decide, {"decision": "accepted"}).status_code == 403
    accepted = world["alice"].post(decide, {"decision": "accepted", "reply": "Yes."})
    assert accepted.status_code == 200 and accepted.json()["decision"] == "accepted"

    Response.objects.filter(pk=quote.pk).update(is_hidden=True)  # a moderator hid it
    evidence = world["follower"].get(url).json()["claims"][0]["evidence"][0]
    assert evidence == evidence | {"withdrawn": True, "quote": "", "who": ""}


def test_her_polls_page_reads_the_results_in_one_query_whatever_their_number(world, bob):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    space = world["space"]
    url = f"{API}/spaces/{space.pk}/polls"

    def queries() -> int:
        with CaptureQueriesContext(connection) as seen:
            assert world["bob"].get(url).status_code == 200  # her own polls: results shown
        return len(seen)

    queries()  # the first request of a key also records its use
    one = queries()
    for question in ("Which colour?", "Which size?", "Which fabric?"):
        round_poll_create(
            actor=bob,
            space=space,
            question=question,
            kind="single",
            options=[OptionInput("A"), OptionInput("B")],
        )
    assert queries() == one
    items = world["bob"].get(url).json()["items"]
    assert len(items) == 4 and all(item["total"] == 0 for item in items)
