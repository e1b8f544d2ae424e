"""Helpers of the pipeline tests. The embedding model is loaded once per test process (a
module-level singleton, ~0.3 s), so sharing it needs no fixture; ``warm`` loads every model
once per session, for the tests that measure nothing but want no first-call surprise."""

from __future__ import annotations

import pytest

from cocrea.brands.models import Membership
from cocrea.campaigns.models import Campaign
from cocrea.ideas.models import Idea
from cocrea.ideas.services import idea_submit
from cocrea.insights import similar


@pytest.fixture(scope="session")
def warm() -> None:
    from cocrea.insights.analysis import warm_up

    warm_up()


@pytest.fixture(autouse=True)
def _fresh_similar_cache():  # type: ignore[no-untyped-def]
    """Each test has its own database: the per-process matrices must not leak between them."""
    similar.forget_cache()
    yield
    similar.forget_cache()


@pytest.fixture
def post_idea(django_capture_on_commit_callbacks):  # type: ignore[no-untyped-def]
    """Submit through the real service and run what it scheduled after commit (the analysis)."""

    def post(member: Membership, campaign: Campaign, title: str, body: str) -> Idea:
        with django_capture_on_commit_callbacks(execute=True):
            idea = idea_submit(member=member, campaign=campaign, title=title, body=body)
        return idea

    return post
