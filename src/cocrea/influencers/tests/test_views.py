"""Spaces' pages: who sees a followers-only space, joining through her link, voting there."""

from __future__ import annotations

import pytest
from django.urls import reverse

from cocrea.accounts.tests.factories import UserFactory
from cocrea.brands.models import Membership
from cocrea.influencers.models import Follower, Partnership, Round, Space
from cocrea.influencers.services import invite_code, round_create, round_poll_create, space_join
from cocrea.influencers.tests.factories import make_space
from cocrea.polls.models import Ballot
from cocrea.polls.services import OptionInput

pytestmark = pytest.mark.django_db
HX = {"HTTP_HX_REQUEST": "true"}


def _space_url(space: Space, name: str = "influencers:space") -> str:
    return reverse(name, args=[space.brand.slug, space.pk])


def test_a_followers_only_space_is_seen_by_her_followers_only(client, alice, bob, dan, mona, brand):
    space = make_space(alice, bob, visibility=Space.Visibility.FOLLOWERS)
    follower = UserFactory()
    space_join(space=space, user=follower)
    seen = {}
    for name, user in {
        "follower": follower,
        "dan": dan.user,
        "bob": bob.user,
        "mona": mona.user,
    }.items():
        client.force_login(user)
        seen[name] = client.get(_space_url(space)).status_code
    client.logout()
    seen["anonymous"] = client.get(_space_url(space)).status_code
    assert seen == {"follower": 200, "dan": 404, "bob": 200, "mona": 200, "anonymous": 404}


def test_a_visitor_joins_through_her_link_and_is_attributed(client, alice, bob):
    space = make_space(alice, bob)
    url = reverse("influencers:invite", args=[space.brand.slug, invite_code(space)])
    assert "invites you" in client.get(url).content.decode()
    newcomer = UserFactory()
    client.force_login(newcomer)
    response = client.post(url)
    assert response.status_code == 302
    member = Membership.objects.get(user=newcomer)
    assert Follower.objects.get(member=member).attributed


def test_an_unknown_code_is_not_found(client, alice, bob):
    make_space(alice, bob)
    assert (
        client.get(reverse("influencers:invite", args=["cafe-lumiere", "nope"])).status_code == 404
    )


def test_she_opens_a_poll_between_designs_and_followers_vote(client, alice, bob, dan):
    space = make_space(alice, bob)
    client.force_login(bob.user)
    response = client.post(
        _space_url(space, "influencers:poll_new"),
        {"question_en": "Which cut?", "kind": "single", "answers_en": "Wide\nSlim\nCropped"},
    )
    assert response.status_code == 302
    round_ = Round.objects.get(space=space)
    client.force_login(dan.user)
    page = client.get(_space_url(space)).content.decode()
    assert "Which cut?" in page
    vote_url = reverse("influencers:poll_vote", args=[space.brand.slug, space.pk, round_.poll_id])
    assert vote_url in page
    option = round_.poll.options.last()
    answer = client.post(vote_url, {"option": option.pk}, **HX)
    assert answer.status_code == 200
    assert "your vote" in answer.content.decode()
    assert client.post(vote_url, {"option": option.pk}, **HX).status_code == 409
    assert Ballot.objects.count() == 1


def test_a_poll_of_another_space_is_not_found_through_this_one(client, alice, bob, dan):
    space = make_space(alice, bob)
    other = make_space(alice, dan)
    round_ = round_poll_create(
        actor=dan,
        space=other,
        question="Q?",
        kind="single",
        options=[OptionInput("a"), OptionInput("b")],
    )
    client.force_login(alice.user)
    url = reverse("influencers:poll_vote", args=[space.brand.slug, space.pk, round_.poll_id])
    assert client.post(url, {"option": round_.poll.options.first().pk}).status_code == 404


def test_a_follower_answers_an_open_question(client, alice, bob, dan):
    space = make_space(alice, bob)
    question = round_create(actor=bob, space=space, kind="question", prompt="What do you wear?")
    client.force_login(dan.user)
    client.post(
        reverse("influencers:answer", args=[space.brand.slug, question.pk]), {"body": "Linen"}
    )
    assert "Linen" in client.get(_space_url(space)).content.decode()


def test_the_admin_records_a_partnership_from_the_console(client, alice, bob, brand):
    client.force_login(alice.user)
    response = client.post(
        reverse("influencers:partnership_create", args=[brand.slug]),
        {
            "influencer": bob.pk,
            "capsule_name_en": "Dawn",
            "starts_on": "2026-01-01",
            "ends_on": "2026-03-01",
            "terms": "royalty",
            "amount": "8",
            "currency": "EUR",
        },
    )
    assert response.status_code == 302
    assert Partnership.objects.get().influencer == bob
    listing = client.get(reverse("influencers:partnerships", args=[brand.slug])).content.decode()
    assert "Dawn" in listing


def test_dates_in_the_wrong_order_are_a_form_error(client, alice, bob, brand):
    client.force_login(alice.user)
    response = client.post(
        reverse("influencers:partnership_create", args=[brand.slug]),
        {
            "influencer": bob.pk,
            "capsule_name_en": "Dawn",
            "starts_on": "2026-03-01",
            "ends_on": "2026-01-01",
            "terms": "fee",
            "amount": "100",
            "currency": "EUR",
        },
    )
    assert response.status_code == 400
    assert not Partnership.objects.exists()
