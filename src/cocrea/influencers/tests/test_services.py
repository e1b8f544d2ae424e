"""Partnerships, spaces, followers attributed once, rounds and taking part."""

from __future__ import annotations

import io
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from cocrea.accounts.tests.factories import UserFactory
from cocrea.brands.models import Membership
from cocrea.core.errors import Conflict, DomainError, NotFound, PermissionDenied
from cocrea.engagement.models import Referral, Reward
from cocrea.influencers.models import Follower, Partnership, Round, Space
from cocrea.influencers.services import (
    partnership_create,
    picture_heart,
    picture_post,
    response_post,
    round_create,
    round_poll_create,
    space_follow,
    space_join,
    space_update,
)
from cocrea.influencers.tests.factories import make_space
from cocrea.polls.models import Poll
from cocrea.polls.services import OptionInput, poll_vote

pytestmark = pytest.mark.django_db


def _png() -> SimpleUploadedFile:
    out = io.BytesIO()
    Image.new("RGB", (24, 24), "coral").save(out, "PNG")
    return SimpleUploadedFile("mood.png", out.getvalue(), "image/png")


def test_a_partnership_gives_her_the_role_a_space_and_a_ledger_row(alice, bob):
    space = make_space(alice, bob)
    partnership = Partnership.objects.get()
    assert bob.role == Membership.Role.INFLUENCER
    assert space.partnership == partnership
    reward = Reward.objects.get(member=bob)
    assert (reward.kind, reward.amount, reward.reference) == (
        "royalty",
        7.5,
        f"partnership:{partnership.pk}",
    )


def test_a_fee_is_recorded_as_money_and_is_the_cost(alice, bob):
    partnership = partnership_create(
        actor=alice,
        influencer=bob,
        capsule_name="Fee capsule",
        starts_on=date(2026, 1, 1),
        ends_on=date(2026, 2, 1),
        terms="fee",
        amount="1500",
        currency="eur",
    )
    assert partnership.cost == 1500
    assert Reward.objects.get(member=bob).currency == "EUR"


@pytest.mark.parametrize("amount", ["0", "-3", "abc", "NaN", "101"])
def test_a_royalty_outside_zero_to_a_hundred_is_refused(alice, bob, amount):
    with pytest.raises(DomainError):
        partnership_create(
            actor=alice,
            influencer=bob,
            capsule_name="X",
            starts_on=date(2026, 1, 1),
            ends_on=date(2026, 2, 1),
            terms="royalty",
            amount=amount,
        )
    assert not Partnership.objects.exists()


def test_only_admins_make_partnerships_and_only_with_their_members(alice, mona, bob, charlie):
    kwargs = {
        "capsule_name": "X",
        "starts_on": date(2026, 1, 1),
        "ends_on": date(2026, 2, 1),
        "terms": "fee",
        "amount": 10,
    }
    with pytest.raises(PermissionDenied):
        partnership_create(actor=mona, influencer=bob, **kwargs)
    with pytest.raises(NotFound):
        partnership_create(actor=alice, influencer=charlie, **kwargs)


def test_a_newcomer_through_her_link_is_attributed_to_her(alice, bob, dan, brand):
    space = make_space(alice, bob)
    other = make_space(alice, dan)
    newcomer = UserFactory()
    member, attributed = space_join(space=space, user=newcomer)
    assert attributed
    assert Referral.objects.get(user=newcomer).referrer == bob
    # Through a second influencer's link she follows, but stays attributed to the first.
    _again, second = space_join(space=other, user=newcomer)
    assert not second
    rows = Follower.objects.filter(member=member).order_by("space_id")
    assert [(f.space_id, f.attributed) for f in rows] == [(space.pk, True), (other.pk, False)]
    space.refresh_from_db()
    assert space.follower_count == 1


def test_an_existing_member_following_is_not_attributed(alice, bob, dan):
    space = make_space(alice, bob)
    _member, attributed = space_join(space=space, user=dan.user)
    assert not attributed
    assert not space_follow(space=space, member=dan)  # already follows: nothing changes
    assert Follower.objects.get(member=dan).attributed is False


def test_she_cannot_follow_herself(alice, bob):
    space = make_space(alice, bob)
    with pytest.raises(DomainError):
        space_follow(space=space, member=bob)


def test_she_edits_her_space_and_bad_links_are_refused(alice, bob, dan):
    space = make_space(alice, bob)
    space_update(
        actor=bob,
        space=space,
        title="Léa's studio",
        bio="Slow mornings.",
        links=["https://example.org/lea", ""],
        visibility="followers",
        photo=_png(),
    )
    space.refresh_from_db()
    assert space.links == ["https://example.org/lea"]
    assert space.photo.name.endswith(".png")
    with pytest.raises(DomainError, match="web address"):
        space_update(actor=bob, space=space, title="x", links=["javascript:alert(1)"])
    with pytest.raises(PermissionDenied):
        space_update(actor=dan, space=space, title="Mine now")


def test_a_space_poll_is_scoped_to_the_space_and_votes_once(alice, bob, dan):
    space = make_space(alice, bob)
    round_ = round_poll_create(
        actor=bob,
        space=space,
        question="Which colour?",
        kind="single",
        options=[OptionInput("Sand"), OptionInput("Sea")],
    )
    assert round_.poll.scope == Poll.Scope.SPACE
    poll_vote(member=dan, poll=round_.poll, option_ids=[round_.poll.options.first().pk])
    with pytest.raises(Conflict):
        poll_vote(member=dan, poll=round_.poll, option_ids=[round_.poll.options.first().pk])


def test_only_she_or_the_team_opens_rounds(alice, bob, dan):
    space = make_space(alice, bob)
    with pytest.raises(PermissionDenied):
        round_create(actor=dan, space=space, kind="question", prompt="Mine?")
    with pytest.raises(PermissionDenied):
        round_poll_create(actor=dan, space=space, question="Mine?", kind="scale")


def test_a_followers_only_space_takes_answers_from_followers_only(alice, bob, dan, brand):
    space = make_space(alice, bob, visibility=Space.Visibility.FOLLOWERS)
    question = round_create(actor=bob, space=space, kind="question", prompt="What do you wear?")
    with pytest.raises(PermissionDenied, match="Follow this space"):
        response_post(member=dan, round_=question, body="Linen")
    space_join(space=space, user=dan.user)
    answer = response_post(member=dan, round_=question, body="  Linen, always.  ")
    assert answer.body == "Linen, always."


def test_mood_board_pictures_are_cleaned_and_hearts_count_once(alice, bob, dan):
    space = make_space(alice, bob)
    board = round_create(actor=bob, space=space, kind=Round.Kind.MOODBOARD, prompt="Summer")
    picture = picture_post(member=dan, round_=board, image=_png(), caption="Sea glass")
    assert picture_heart(member=bob, picture=picture)
    assert not picture_heart(member=bob, picture=picture)
    picture.refresh_from_db()
    assert picture.heart_count == 1
    fake = SimpleUploadedFile("x.png", b"<svg/>", "image/png")
    with pytest.raises(DomainError):
        picture_post(member=dan, round_=board, image=fake)


def test_a_question_takes_no_pictures_and_empty_answers_are_refused(alice, bob, dan):
    space = make_space(alice, bob)
    question = round_create(actor=bob, space=space, kind="question", prompt="Why?")
    with pytest.raises(DomainError):
        picture_post(member=dan, round_=question, image=_png())
    with pytest.raises(DomainError):
        response_post(member=dan, round_=question, body="   ")
