"""Polls: creating, voting once, closing, and results from the tallies."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from cocrea.brands.tests.factories import MembershipFactory
from cocrea.core.errors import Conflict, DomainError, NotFound, PermissionDenied
from cocrea.customizer.models import Design
from cocrea.polls.models import Ballot, Poll, PollTally
from cocrea.polls.selectors import my_choices, poll_results
from cocrea.polls.services import (
    OptionInput,
    poll_close,
    poll_create,
    poll_vote,
    polls_tally_rebuild,
)
from cocrea.polls.tests.factories import make_poll

pytestmark = pytest.mark.django_db


def _png() -> SimpleUploadedFile:
    out = io.BytesIO()
    Image.new("RGB", (32, 32), "teal").save(out, "PNG")
    return SimpleUploadedFile("cup.png", out.getvalue(), "image/png")


def test_team_creates_a_bilingual_single_choice_poll(mona):
    poll = poll_create(
        actor=mona,
        question={"fr": "Quelle tasse ?", "en": "Which cup?"},
        kind="single",
        options=[OptionInput(label={"fr": "Bleue", "en": "Blue"}), OptionInput(label="Green")],
    )
    assert poll.scope == Poll.Scope.COMMUNITY
    assert poll.question_fr == "Quelle tasse ?"  # type: ignore[attr-defined]
    assert [o.label_en for o in poll.options.all()] == ["Blue", "Green"]  # type: ignore[attr-defined]


def test_members_may_not_create_community_polls(bob):
    with pytest.raises(PermissionDenied):
        poll_create(actor=bob, question="Mine?", kind="scale")


def test_a_poll_needs_two_answers_and_a_picture_poll_pictures(mona):
    with pytest.raises(DomainError, match="between 2 and 10"):
        poll_create(actor=mona, question="One?", kind="single", options=[OptionInput("Only")])
    with pytest.raises(DomainError, match="picture"):
        poll_create(actor=mona, question="Pics?", kind="pictures", options=[OptionInput("a")] * 2)
    poll = poll_create(
        actor=mona,
        question="Pics?",
        kind="pictures",
        options=[OptionInput(image=_png()), OptionInput(image=_png())],
    )
    assert all(o.image.name.endswith(".png") for o in poll.options.all())


def test_a_fake_picture_is_refused_and_nothing_is_created(mona):
    fake = SimpleUploadedFile("cup.png", b"not a picture", "image/png")
    with pytest.raises(DomainError):
        poll_create(
            actor=mona,
            question="Pics?",
            kind="pictures",
            options=[OptionInput(image=_png()), OptionInput(image=fake)],
        )
    assert not Poll.objects.exists()


def test_another_brands_design_is_refused(mona, charlie):
    from cocrea.customizer.models import Product

    product = Product.objects.create(brand=charlie.brand, name="Mug", slug="mug")
    design = Design.objects.create(
        brand=charlie.brand, product=product, member=charlie, title="Theirs", status="saved"
    )
    with pytest.raises(DomainError, match="designs of this brand"):
        poll_create(
            actor=mona,
            question="Which?",
            kind="designs",
            options=[OptionInput(design_id=design.pk), OptionInput(design_id=design.pk)],
        )


def test_a_design_poll_names_answers_after_the_designs(mona, bob):
    from cocrea.customizer.models import Product

    product = Product.objects.create(brand=mona.brand, name="Mug", slug="mug")
    designs = [
        Design.objects.create(
            brand=mona.brand, product=product, member=bob, title=t, status="saved"
        )
        for t in ("Night", "Dawn", "Noon")
    ]
    poll = poll_create(
        actor=mona,
        question="Which?",
        kind="designs",
        options=[OptionInput(design_id=d.pk) for d in designs],
    )
    assert [o.label for o in poll.options.all()] == ["Night", "Dawn", "Noon"]


def test_a_vote_counts_once_and_a_retry_is_a_conflict(mona, bob):
    poll = make_poll(mona)
    blue = poll.options.first()
    poll_vote(member=bob, poll=poll, option_ids=[blue.pk])
    with pytest.raises(Conflict, match="already voted"):
        poll_vote(member=bob, poll=poll, option_ids=[blue.pk])
    results = poll_results(poll)
    assert results.total == 1
    assert [line.count for line in results.lines] == [1, 0, 0]
    assert my_choices(poll, bob) == {blue.pk}


def test_multiple_choice_counts_each_answer_and_the_ballot_once(mona, bob, dan):
    poll = make_poll(mona, kind="multiple")
    blue, _green, red = poll.options.all()
    poll_vote(member=bob, poll=poll, option_ids=[str(blue.pk), str(red.pk), str(red.pk)])
    poll_vote(member=dan, poll=poll, option_ids=[red.pk])
    results = poll_results(poll)
    assert results.total == 2
    assert [(line.count, line.percent) for line in results.lines] == [(1, 50), (0, 0), (2, 100)]


def test_single_choice_refuses_two_answers(mona, bob):
    poll = make_poll(mona)
    blue, green, _red = poll.options.all()
    with pytest.raises(DomainError, match="one answer only"):
        poll_vote(member=bob, poll=poll, option_ids=[blue.pk, green.pk])
    assert not Ballot.objects.exists()


@pytest.mark.parametrize("value", [0, 6, "x", None, "\x00", 10**30])
def test_a_scale_refuses_values_outside_one_to_five(mona, bob, value):
    poll = make_poll(mona, kind="scale")
    with pytest.raises(DomainError, match="between 1 and 5"):
        poll_vote(member=bob, poll=poll, value=value)
    assert not Ballot.objects.exists()


def test_a_scale_gives_its_average(mona, bob, dan):
    poll = make_poll(mona, kind="scale")
    poll_vote(member=bob, poll=poll, value="5")
    poll_vote(member=dan, poll=poll, value=2)
    results = poll_results(poll)
    assert results.average == 3.5
    assert [line.count for line in results.lines] == [0, 1, 0, 0, 1]


@pytest.mark.parametrize("bad", [["abc"], ["\x00"], [10**30], [], ["1.5"]])
def test_bad_choices_are_refused(mona, bob, bad):
    poll = make_poll(mona)
    with pytest.raises(DomainError):
        poll_vote(member=bob, poll=poll, option_ids=bad)
    assert not PollTally.objects.exists()


def test_an_answer_of_another_poll_or_brand_is_refused(mona, bob, charlie):
    poll = make_poll(mona)
    other = make_poll(mona)
    foreign = make_poll(charlie)
    for option in (other.options.first(), foreign.options.first()):
        with pytest.raises(DomainError, match="one of the answers"):
            poll_vote(member=bob, poll=poll, option_ids=[option.pk])
    with pytest.raises(NotFound):
        poll_vote(member=bob, poll=foreign, option_ids=[foreign.options.first().pk])
    assert not Ballot.objects.exists()


def test_a_closed_poll_refuses_votes_clearly(mona, bob, dan):
    poll = make_poll(mona)
    blue = poll.options.first()
    poll_vote(member=dan, poll=poll, option_ids=[blue.pk])
    poll_close(actor=mona, poll=poll)
    with pytest.raises(Conflict, match="closed: your vote was not counted"):
        poll_vote(member=bob, poll=poll, option_ids=[blue.pk])  # the caller's copy is stale
    assert poll_results(poll).total == 1


def test_a_poll_past_its_closing_date_refuses_votes(mona, bob):
    poll = make_poll(mona, closes_at=timezone.now() - timedelta(seconds=1))
    with pytest.raises(Conflict):
        poll_vote(member=bob, poll=poll, option_ids=[poll.options.first().pk])


def test_a_closing_date_in_the_past_is_refused(mona):
    with pytest.raises(DomainError, match="future"):
        poll_create(
            actor=mona, question="Late?", kind="scale", closes_at=timezone.now() - timedelta(1)
        )


def test_only_its_author_or_the_team_closes_a_poll(mona, bob):
    poll = make_poll(mona)
    with pytest.raises(PermissionDenied):
        poll_close(actor=bob, poll=poll)


def test_tallies_rebuild_to_the_same_results(mona, brand):
    poll = make_poll(mona, kind="multiple")
    options = list(poll.options.all())
    for i in range(20):
        member = MembershipFactory(brand=brand)
        poll_vote(member=member, poll=poll, option_ids=[options[i % 3].pk, options[(i + 1) % 3].pk])
    before = poll_results(poll)
    PollTally.objects.filter(poll=poll).update(count=0)
    polls_tally_rebuild(poll)
    assert poll_results(poll) == before
    assert before.total == 20


def test_the_vote_statement_and_the_predicate_agree_on_open_polls(mona):
    """``OPEN_SQL`` (the one-statement vote's check on PostgreSQL) is ``is_open``."""
    import itertools

    from django.db import connection

    from cocrea.polls.permissions import OPEN_SQL, is_open

    now = timezone.now()
    moments = [None, now - timedelta(hours=1), now, now + timedelta(hours=1)]
    polls = [
        make_poll(mona, kind="scale", closed_at=closed, closes_at=closes)
        for closed, closes in itertools.product(moments[:2], moments)
    ]
    sql = OPEN_SQL.replace("%(now)s", "%s")
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT id FROM polls_poll WHERE {sql}", [now])  # noqa: S608
        open_in_sql = {row[0] for row in cursor.fetchall()}
    assert open_in_sql == {poll.pk for poll in polls if is_open(poll, now)}
    assert 0 < len(open_in_sql) < len(polls)


def test_an_answer_of_another_poll_is_refused_and_nothing_is_counted(mona, bob):
    poll, other = make_poll(mona), make_poll(mona)
    mine, theirs = poll.options.first(), other.options.first()
    with pytest.raises(DomainError, match="Choose one of the answers"):
        poll_vote(member=bob, poll=poll, option_ids=[theirs.pk])
    with pytest.raises(DomainError, match="Choose one of the answers"):
        poll_vote(member=bob, poll=poll, option_ids=[2**40])
    assert not Ballot.objects.exists() and not PollTally.objects.exists()
    poll_vote(member=bob, poll=poll, option_ids=[mine.pk])
    assert poll_results(poll).total == 1
