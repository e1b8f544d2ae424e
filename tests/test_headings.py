"""Heading levels never jump (h1 → h3 left screen-reader users guessing what the h3s belong
to, issue 18): checked on the list and detail pages members read most."""

from __future__ import annotations

import re

import pytest
from conftest import login
from django.urls import reverse

from cocrea.community.qa_services import question_ask
from cocrea.community.services import story_post
from cocrea.ideas.tests.factories import IdeaFactory

pytestmark = pytest.mark.django_db
HEADING = re.compile(r"<h([1-6])\b")


def heading_jumps(html: str) -> list[str]:
    """Every place where a heading is more than one level below the one before it."""
    levels = [int(level) for level in HEADING.findall(html)]
    jumps = [f"h{a} → h{b}" for a, b in zip([0, *levels], levels, strict=False) if b > a + 1]
    return jumps if levels and levels[0] == 1 else ["the page does not open on its h1", *jumps]


def test_the_checker_sees_a_jump():
    assert heading_jumps("<h1>a</h1><h3>b</h3>") == ["h1 → h3"]
    assert heading_jumps("<h1>a</h1><h2>b</h2><h3>c</h3><h2>d</h2>") == []


def test_member_pages_keep_their_heading_levels(client, brand, campaign, bob, dan):
    idea = IdeaFactory(campaign=campaign, author=dan, title="Une tasse consignée")
    story = story_post(member=dan, title="Mon rituel du matin", body="Un café, un croissant.")
    question = question_ask(member=dan, title="Lait d'avoine ?", body="Il y en a partout ?")
    login(client, bob)
    pages = {
        "home": reverse("brands:brand_home", args=[brand.slug]),
        "idea list": reverse("ideas:list", args=[brand.slug, campaign.slug]),
        "idea": reverse("ideas:detail", args=[brand.slug, idea.pk]),
        "stories": reverse("community:stories", args=[brand.slug]),
        "story": reverse("community:story", args=[brand.slug, story.pk]),
        "questions": reverse("community:questions", args=[brand.slug]),
        "question": reverse("community:question", args=[brand.slug, question.pk]),
        "feed": reverse("community:feed", args=[brand.slug]),
    }
    found = {name: heading_jumps(client.get(path).content.decode()) for name, path in pages.items()}
    assert found == {name: [] for name in pages}
