"""Poll pages: the list, a new poll, voting with htmx, live results, closing."""

from __future__ import annotations

import pytest
from django.urls import reverse

from cocrea.polls.models import Ballot, Poll
from cocrea.polls.services import poll_close
from cocrea.polls.tests.factories import make_poll

pytestmark = pytest.mark.django_db
HX = {"HTTP_HX_REQUEST": "true"}


def _url(name: str, poll: Poll) -> str:
    return reverse(name, args=[poll.brand.slug, poll.pk])


def test_the_team_opens_a_poll_from_the_form(as_mona, brand, campaign):
    response = as_mona.post(
        reverse("polls:create", args=[brand.slug]),
        {
            "question_fr": "Quelle couleur ?",
            "question_en": "Which colour?",
            "kind": "single",
            "answers_fr": "Bleu\nVert",
            "answers_en": "Blue\nGreen",
            "campaign": campaign.pk,
        },
    )
    poll = Poll.objects.get()
    assert response.status_code == 302
    assert poll.campaign == campaign
    assert poll.scope == Poll.Scope.CAMPAIGN
    assert [o.label_fr for o in poll.options.all()] == ["Bleu", "Vert"]  # type: ignore[attr-defined]


def test_a_poll_with_one_answer_is_a_form_error(as_mona, brand):
    response = as_mona.post(
        reverse("polls:create", args=[brand.slug]),
        {"question_en": "Which?", "kind": "single", "answers_en": "Only one"},
    )
    assert response.status_code == 400
    assert "Offer between 2 and 10 answers." in response.content.decode()
    assert not Poll.objects.exists()


def test_a_member_votes_with_htmx_and_sees_the_results(as_bob, mona, bob):
    poll = make_poll(mona)
    green = poll.options.all()[1]
    page = as_bob.get(_url("polls:detail", poll))
    assert 'data-testid="poll-form"' in page.content.decode()
    response = as_bob.post(_url("polls:vote", poll), {"option": green.pk}, **HX)
    body = response.content.decode()
    assert response.status_code == 200
    assert 'data-testid="poll-results"' in body
    assert "your vote" in body
    assert 'hx-trigger="every 5s"' in body  # live while open


def test_a_second_tab_gets_a_clear_conflict(as_bob, mona, bob):
    poll = make_poll(mona)
    blue = poll.options.first()
    as_bob.post(_url("polls:vote", poll), {"option": blue.pk}, **HX)
    again = as_bob.post(_url("polls:vote", poll), {"option": blue.pk}, **HX)
    assert again.status_code == 409
    assert "You already voted in this poll." in again.content.decode()
    assert Ballot.objects.count() == 1


def test_a_vote_on_a_closed_poll_is_refused_with_a_message(as_bob, mona):
    poll = make_poll(mona)
    poll_close(actor=mona, poll=poll)
    response = as_bob.post(_url("polls:vote", poll), {"option": poll.options.first().pk})
    assert response.status_code == 302
    page = as_bob.get(response["Location"])
    assert "This poll is closed: your vote was not counted." in page.content.decode()
    assert not Ballot.objects.exists()


def test_nul_in_a_vote_is_a_400(as_bob, mona):
    poll = make_poll(mona)
    response = as_bob.post(_url("polls:vote", poll), {"option": "1\x00"}, **HX)
    assert response.status_code == 400
    assert not Ballot.objects.exists()


def test_results_stay_hidden_until_one_votes(as_bob, mona):
    poll = make_poll(mona)
    body = as_bob.get(_url("polls:results", poll)).content.decode()
    assert 'data-testid="poll-results"' not in body


def test_the_author_closes_the_poll_and_a_member_may_not(as_bob, client, mona):
    poll = make_poll(mona)
    assert as_bob.post(_url("polls:close", poll)).status_code == 403
    client.force_login(mona.user)
    client.post(_url("polls:close", poll))
    poll.refresh_from_db()
    assert poll.closed_at is not None


def test_a_space_poll_is_not_served_by_the_polls_pages(as_bob, mona):
    poll = make_poll(mona, scope=Poll.Scope.SPACE)
    assert as_bob.get(_url("polls:detail", poll)).status_code == 404
    assert as_bob.post(_url("polls:vote", poll), {"option": 1}).status_code == 404


def test_the_community_lists_its_polls(as_bob, mona, brand):
    make_poll(mona)
    body = as_bob.get(reverse("polls:list", args=[brand.slug])).content.decode()
    assert "Which cup?" in body


def test_the_team_opens_a_poll_between_three_designs_from_the_form(as_mona, brand, alice):
    from cocrea.contests.tests.helpers import make_design, make_product
    from cocrea.customizer.services import option_create

    product = make_product(brand, alice)
    option_create(part=product.parts.get(), by=alice, label="Sand", colour="#d9c29a")
    designs = [make_design(alice, product, title=t, colour=i) for i, t in enumerate("ABC")]
    response = as_mona.post(
        reverse("polls:create", args=[brand.slug]),
        {"question_en": "Which one?", "kind": "designs", "designs": [d.pk for d in designs]},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    poll = Poll.objects.get()
    assert sorted(o.design_id for o in poll.options.all()) == [d.pk for d in designs]
