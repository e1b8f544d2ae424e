"""The rebuild command finds the same counters as the incremental updates (STYLE rule 9)."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from cocrea.brands.tests.factories import MembershipFactory
from cocrea.ideas import comment_services as cs
from cocrea.ideas import services
from cocrea.ideas.models import Comment, Idea
from cocrea.ideas.tests.helpers import submit

pytestmark = pytest.mark.django_db
FIELDS = ("support_count", "comment_count", "rating_count", "rating_sum", "trending_score")


def _snapshot():  # type: ignore[no-untyped-def]
    ideas = list(Idea.objects.order_by("pk").values_list("pk", *FIELDS))
    comments = list(Comment.objects.order_by("pk").values_list("pk", "upvote_count"))
    return ideas, comments


def _activity(brand, campaign, bob):  # type: ignore[no-untyped-def]
    members = [MembershipFactory(brand=brand) for _ in range(4)]
    one, two = submit(bob, campaign), submit(bob, campaign, title="Two")
    for index, member in enumerate(members):
        services.vote_cast(member=member, idea=one)
        services.rating_set(member=member, idea=one, stars=index + 1)
        comment = cs.comment_post(member=member, idea=two, body=f"c{index}")
        cs.comment_upvote(member=bob, comment=comment)
    services.vote_withdraw(member=members[0], idea=one)
    services.rating_set(member=members[1], idea=one, stars=5)
    cs.comment_delete(member=members[2], comment=Comment.objects.get(body="c2"))
    cs.comment_unupvote(member=bob, comment=Comment.objects.get(body="c3"))


def test_rebuild_matches_incremental_counters(brand, campaign, bob):
    _activity(brand, campaign, bob)
    incremental = _snapshot()
    out = StringIO()
    call_command("rebuild_idea_counters", stdout=out)
    assert _snapshot() == incremental
    assert out.getvalue().startswith("0 idea(s) corrected")


def test_rebuild_repairs_drifted_counters(brand, campaign, bob):
    _activity(brand, campaign, bob)
    expected = _snapshot()
    Idea.objects.update(support_count=99, comment_count=0, rating_sum=1, trending_score=0)
    Comment.objects.update(upvote_count=7)
    call_command("rebuild_idea_counters", stdout=StringIO())
    assert _snapshot() == expected
    idea = Idea.objects.get(title="Reusable cup")
    assert (idea.support_count, idea.rating_count, idea.rating_sum) == (3, 4, 13)
    assert Idea.objects.get(title="Two").comment_count == 3
