"""The one-vote rule and the vote budget hold when requests arrive at the same moment (one
thread each, as concurrent web requests would). Run on SQLite and on PostgreSQL."""

from __future__ import annotations

import threading
from collections.abc import Callable

import pytest
from django.db import connection

from cocrea.brands.tests.factories import MembershipFactory
from cocrea.campaigns.models import Phase
from cocrea.contests.models import Ballot, EntryVote, VoteEvent
from cocrea.contests.tests.helpers import add_entry, entry_for_page, make_contest, set_phase
from cocrea.contests.votes import vote_cast

pytestmark = pytest.mark.django_db(transaction=True)


def _at_once(calls: list[Callable[[], object]]) -> list[str]:
    start = threading.Barrier(len(calls))
    outcomes: list[str] = []

    def run(call: Callable[[], object]) -> None:
        try:
            start.wait()
            call()
            outcomes.append("ok")
        except Exception as error:
            outcomes.append(getattr(error, "code", type(error).__name__))
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(call,)) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sorted(outcomes)


def test_ten_simultaneous_votes_of_one_member_for_one_design_count_once(
    brand, alice, product, bob, dan
):
    contest = make_contest(brand, alice, product)
    entry = add_entry(contest, dan)
    set_phase(contest, Phase.Kind.VOTING)
    outcomes = _at_once([lambda: vote_cast(member=bob, entry=entry_for_page(entry))] * 10)
    assert outcomes == ["already_voted"] * 9 + ["ok"]
    entry.refresh_from_db()
    assert entry.vote_count == 1 == EntryVote.objects.count()
    assert Ballot.objects.get(member=bob).used == 1
    assert VoteEvent.objects.count() == 1


def test_a_budget_of_five_holds_against_twelve_simultaneous_votes(brand, alice, product, bob):
    contest = make_contest(brand, alice, product, vote_mode="budget", vote_budget=5)
    entries = [add_entry(contest, MembershipFactory(brand=brand), f"E{i}") for i in range(12)]
    set_phase(contest, Phase.Kind.VOTING)
    calls = [lambda e=e: vote_cast(member=bob, entry=entry_for_page(e)) for e in entries]
    outcomes = _at_once(calls)
    assert outcomes == ["budget_spent"] * 7 + ["ok"] * 5
    assert EntryVote.objects.filter(member=bob).count() == 5
    assert Ballot.objects.get(member=bob).used == 5
    assert sum(type(e).objects.get(pk=e.pk).vote_count for e in entries) == 5


def test_thirty_simultaneous_voters_give_an_exact_count(brand, alice, product, dan):
    contest = make_contest(brand, alice, product)
    entry = add_entry(contest, dan)
    voters = [MembershipFactory(brand=brand) for _ in range(30)]
    set_phase(contest, Phase.Kind.VOTING)
    outcomes = _at_once(
        [lambda m=m: vote_cast(member=m, entry=entry_for_page(entry)) for m in voters]
    )
    assert outcomes == ["ok"] * 30
    entry.refresh_from_db()
    assert entry.vote_count == 30 == EntryVote.objects.filter(entry=entry).count()
