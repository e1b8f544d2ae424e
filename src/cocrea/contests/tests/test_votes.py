"""The public vote: one vote per design, the budget, own designs, closing, withdrawing, voiding."""

from __future__ import annotations

import pytest

from cocrea.brands.tests.factories import MembershipFactory
from cocrea.campaigns.models import Phase
from cocrea.contests.models import Ballot, EntryVote, VoteEvent, VoteVoid
from cocrea.contests.tests.helpers import add_entry, entry_for_page, make_contest, set_phase
from cocrea.contests.votes import (
    contest_counters_rebuild,
    trace_hash,
    vote_cast,
    vote_withdraw,
    votes_void,
)
from cocrea.core.errors import Conflict, DomainError, PermissionDenied

pytestmark = pytest.mark.django_db
VOTING = Phase.Kind.VOTING


def test_a_vote_counts_once_and_is_audited(contest, bob, dan):
    entry = add_entry(contest, dan)
    set_phase(contest, VOTING)
    assert vote_cast(member=bob, entry=entry_for_page(entry), ip_hash=trace_hash("1.2.3.4")) == 1
    with pytest.raises(Conflict) as error:
        vote_cast(member=bob, entry=entry_for_page(entry))
    assert error.value.code == "already_voted"
    entry.refresh_from_db()
    assert entry.vote_count == 1
    event = VoteEvent.objects.get()
    assert (event.kind, event.member, event.ip_hash) == ("cast", bob, trace_hash("1.2.3.4"))
    assert Ballot.objects.get(member=bob).used == 1


def test_member_cannot_vote_for_own_design(contest, bob):
    entry = add_entry(contest, bob)
    set_phase(contest, VOTING)
    with pytest.raises(PermissionDenied) as error:
        vote_cast(member=bob, entry=entry_for_page(entry))
    assert error.value.code == "own_entry"
    assert not EntryVote.objects.exists()


@pytest.mark.parametrize("phase", [Phase.Kind.SUBMISSION, Phase.Kind.REVIEW, Phase.Kind.RESULTS])
def test_votes_are_refused_outside_the_public_vote(contest, bob, dan, phase):
    entry = add_entry(contest, dan)
    set_phase(contest, phase)
    with pytest.raises(PermissionDenied):
        vote_cast(member=bob, entry=entry_for_page(entry))
    assert not EntryVote.objects.exists() and not Ballot.objects.exists()


def test_outsider_cannot_vote(contest, dan, charlie):
    entry = add_entry(contest, dan)
    set_phase(contest, VOTING)
    with pytest.raises(PermissionDenied):
        vote_cast(member=charlie, entry=entry_for_page(entry))


def test_the_budget_holds_and_a_withdrawn_vote_returns_to_it(brand, alice, product, bob):
    contest = make_contest(brand, alice, product, vote_mode="budget", vote_budget=2)
    authors = [MembershipFactory(brand=brand) for _ in range(3)]
    entries = [add_entry(contest, a, title=f"E{i}") for i, a in enumerate(authors)]
    set_phase(contest, VOTING)
    vote_cast(member=bob, entry=entry_for_page(entries[0]))
    vote_cast(member=bob, entry=entry_for_page(entries[1]))
    with pytest.raises(Conflict) as error:
        vote_cast(member=bob, entry=entry_for_page(entries[2]))
    assert error.value.code == "budget_spent"
    assert Ballot.objects.get(member=bob).used == 2
    assert vote_withdraw(member=bob, entry=entry_for_page(entries[0])) == 0
    vote_cast(member=bob, entry=entry_for_page(entries[2]))
    assert sorted(EntryVote.objects.values_list("entry__title", flat=True)) == ["E1", "E2"]
    kinds = list(VoteEvent.objects.values_list("kind", flat=True))
    assert kinds == ["cast", "cast", "withdrawn", "cast"]


def test_withdrawing_a_vote_never_cast_is_refused(contest, bob, dan):
    entry = add_entry(contest, dan)
    set_phase(contest, VOTING)
    with pytest.raises(Conflict):
        vote_withdraw(member=bob, entry=entry_for_page(entry))


def test_withdrawn_or_hidden_entries_take_no_votes(contest, bob, dan):
    entry = add_entry(contest, dan)
    set_phase(contest, VOTING)
    type(entry).objects.filter(pk=entry.pk).update(is_hidden=True)
    with pytest.raises(PermissionDenied):
        vote_cast(member=bob, entry=entry_for_page(entry))


def test_voided_votes_leave_the_tally_exact(brand, contest, mona, dan):
    a, b = add_entry(contest, dan, "A"), add_entry(contest, MembershipFactory(brand=brand), "B")
    set_phase(contest, VOTING)
    voters = [MembershipFactory(brand=brand) for _ in range(5)]
    for voter in voters:
        vote_cast(member=voter, entry=entry_for_page(a))
    for voter in voters[:2]:
        vote_cast(member=voter, entry=entry_for_page(b))
    bad = EntryVote.objects.filter(member__in=voters[:3], entry=a).values_list("pk", flat=True)
    bad_b = EntryVote.objects.filter(member=voters[0], entry=b).values_list("pk", flat=True)
    assert votes_void(actor=mona, contest=contest, vote_ids=[*bad, *bad_b], reason="Same IP") == 4
    # voiding again changes nothing
    assert votes_void(actor=mona, contest=contest, vote_ids=list(bad), reason="Again") == 0
    a.refresh_from_db()
    b.refresh_from_db()
    assert (a.vote_count, b.vote_count) == (2, 1)
    assert a.vote_count == EntryVote.objects.filter(entry=a, voided_at=None).count()
    assert contest_counters_rebuild(contest=contest) == 0
    void = VoteVoid.objects.first()
    assert void.actor == mona.user and void.reason == "Same IP"
    assert VoteEvent.objects.filter(kind="voided").count() == 4
    # a voided voter cannot vote again for the same design
    with pytest.raises(Conflict):
        vote_cast(member=voters[0], entry=entry_for_page(a))


def test_only_moderators_void_and_they_say_why(contest, bob, mona, dan):
    entry = add_entry(contest, dan)
    set_phase(contest, VOTING)
    vote_cast(member=bob, entry=entry_for_page(entry))
    vote = EntryVote.objects.get()
    with pytest.raises(PermissionDenied):
        votes_void(actor=bob, contest=contest, vote_ids=[vote.pk], reason="x")
    with pytest.raises(DomainError):
        votes_void(actor=mona, contest=contest, vote_ids=[vote.pk], reason="  ")


def test_counters_are_rebuilt_from_the_rows(contest, bob, dan):
    entry = add_entry(contest, dan)
    set_phase(contest, VOTING)
    vote_cast(member=bob, entry=entry_for_page(entry))
    type(entry).objects.filter(pk=entry.pk).update(vote_count=7)
    assert contest_counters_rebuild(contest=contest) == 1
    entry.refresh_from_db()
    assert entry.vote_count == 1
