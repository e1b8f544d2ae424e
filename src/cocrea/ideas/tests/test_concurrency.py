"""Counters stay exact when many members vote at the same moment (one thread each)."""

from __future__ import annotations

import threading

import pytest
from django.db import connection

from cocrea.brands.tests.factories import MembershipFactory
from cocrea.ideas.models import Idea, Vote
from cocrea.ideas.services import trending_score, vote_cast
from cocrea.ideas.tests.factories import IdeaFactory

VOTERS = 50


@pytest.mark.django_db(transaction=True)
def test_fifty_concurrent_votes_give_an_exact_count(brand, campaign):
    idea = IdeaFactory(campaign=campaign)
    members = [MembershipFactory(brand=brand) for _ in range(VOTERS)]
    start = threading.Barrier(VOTERS)
    errors: list[BaseException] = []

    def cast(member):  # type: ignore[no-untyped-def]
        try:
            start.wait()
            vote_cast(member=member, idea=idea)
        except BaseException as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=cast, args=(m,)) for m in members]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    idea.refresh_from_db()
    assert Vote.objects.filter(idea=idea).count() == VOTERS
    assert idea.support_count == VOTERS
    assert idea.trending_score == trending_score(VOTERS, idea.created_at)


@pytest.mark.django_db(transaction=True)
def test_concurrent_double_votes_by_one_member_count_once(brand, campaign, bob):
    idea = IdeaFactory(campaign=campaign)
    start = threading.Barrier(10)
    outcomes: list[str] = []

    def cast():  # type: ignore[no-untyped-def]
        try:
            start.wait()
            vote_cast(member=bob, idea=idea)
            outcomes.append("ok")
        except Exception as error:
            outcomes.append(type(error).__name__)
        finally:
            connection.close()

    threads = [threading.Thread(target=cast) for _ in range(10)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(outcomes) == ["Conflict"] * 9 + ["ok"]
    assert Idea.objects.get(pk=idea.pk).support_count == 1
