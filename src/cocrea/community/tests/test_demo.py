"""The community's demo content goes through the services and leaves consistent counters."""

from __future__ import annotations

import random

import pytest

from cocrea.brands.tests.factories import MembershipFactory
from cocrea.community.demo import seed_community
from cocrea.community.models import Answer, MemberFollow, Question, Story
from cocrea.engagement.models import EngagementEvent, Kind

pytestmark = pytest.mark.django_db


def test_seed_community_writes_stories_questions_helpful_answers_and_follows(brand):
    members = [MembershipFactory(brand=brand) for _ in range(12)]
    counts = seed_community(brand=brand, members=members, rng=random.Random(7))
    assert counts == {"stories": Story.objects.count(), "questions": Question.objects.count()}
    assert Story.objects.filter(author=members[0]).exists()  # the lead user's early story
    assert Answer.objects.filter(is_helpful=True).count() == 6
    for question in Question.objects.all():
        assert question.answer_count == question.answers.count()
    helpful = EngagementEvent.objects.filter(kind=Kind.HELPFUL_ANSWER, weight__gt=0).count()
    assert helpful == 6
    assert MemberFollow.objects.filter(followed=members[0]).count() == 11
    assert seed_community(brand=brand, members=members[:2], rng=random.Random(7)) == {}
