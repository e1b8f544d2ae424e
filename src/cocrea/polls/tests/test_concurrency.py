"""One vote per member, stated by the database: two tabs and retries count once, and many
members voting on one hot poll at the same moment are all counted (SQLite and PostgreSQL)."""

from __future__ import annotations

import threading
from collections.abc import Callable

import pytest
from django.db import connection

from cocrea.brands.tests.factories import MembershipFactory
from cocrea.polls.models import Ballot, BallotChoice
from cocrea.polls.selectors import poll_results
from cocrea.polls.services import poll_vote
from cocrea.polls.tests.factories import make_poll


def _at_once(count: int, action: Callable[[int], None]) -> list[str]:
    start = threading.Barrier(count)
    outcomes: list[str] = []

    def run(i: int) -> None:
        try:
            start.wait()
            action(i)
            outcomes.append("ok")
        except Exception as error:
            outcomes.append(type(error).__name__)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


@pytest.mark.django_db(transaction=True)
def test_one_member_voting_from_ten_tabs_at_once_counts_once(mona, bob):
    poll = make_poll(mona, kind="multiple")
    ids = [o.pk for o in poll.options.all()]
    outcomes = _at_once(10, lambda i: poll_vote(member=bob, poll=poll, option_ids=ids[: 1 + i % 3]))
    assert sorted(outcomes) == ["Conflict"] * 9 + ["ok"]
    assert Ballot.objects.filter(poll=poll).count() == 1
    results = poll_results(poll)
    assert results.total == 1
    assert sum(line.count for line in results.lines) == BallotChoice.objects.count()


@pytest.mark.django_db(transaction=True)
def test_thirty_members_voting_at_once_are_all_counted(brand, mona):
    poll = make_poll(mona)
    members = [MembershipFactory(brand=brand) for _ in range(30)]
    options = [o.pk for o in poll.options.all()]
    outcomes = _at_once(
        30, lambda i: poll_vote(member=members[i], poll=poll, option_ids=[options[i % 3]])
    )
    assert outcomes == ["ok"] * 30
    results = poll_results(poll)
    assert results.total == 30
    assert [line.count for line in results.lines] == [10, 10, 10]
