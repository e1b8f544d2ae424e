"""A key of brand A never reaches brand B's data, whatever the slug or the ids in the URL:
every operation of the schema is tried, with B's slug and with A's slug but B's ids."""

from __future__ import annotations

import re
from typing import Any

import pytest

from cocrea.api.v1 import api
from cocrea.brands.models import Membership
from cocrea.campaigns.models import Phase
from cocrea.campaigns.tests.factories import CampaignFactory
from cocrea.community.models import Answer, Question, Story
from cocrea.contests.tests.helpers import (
    add_entry,
    make_contest,
    make_design,
    make_product,
    set_phase,
)
from cocrea.engagement.models import EngagementEvent, Reward
from cocrea.exports.services import export_request, export_run
from cocrea.ideas.comment_services import comment_post
from cocrea.ideas.models import Comment, Follow, Idea, Rating, Vote
from cocrea.ideas.tests.helpers import submit
from cocrea.influencers.models import Claim
from cocrea.notifications.models import Notification
from cocrea.programmes.models import Programme

OPERATIONS = [
    (method.upper(), path, spec["operationId"])
    for path, methods in api.get_openapi_schema(path_prefix="/api/v1")["paths"].items()
    for method, spec in methods.items()
    # Devices answer to their own token, never to a brand's key: their other-brand cases (a
    # foreign device token, another brand's products and stores) are in instore/tests.
    if not path.startswith("/api/v1/device")
]
# A valid body for each write, so that only the tenancy check can refuse it.
BODIES: dict[str, Any] = {
    "ideas_create": {"title": "Leak", "body": "Should never be stored."},
    "ideas_update": {"title": "Changed"},
    "comments_create": {"body": "Leak"},
    "comments_update": {"body": "Changed"},
    "ratings_set": {"stars": 4},
    "answers_set_status": {"to_status": "under_review", "answer": "Leak"},
    "answers_merge": lambda w: {"target_id": w["other_idea"].pk},
    "engagement_create": lambda w: {"member_id": w["ids"]["member_id"], "kind": "event_attended"},
    "entries_create": lambda w: {"design_id": w["ids"]["design_id"], "title": "Leak"},
    "designs_create": lambda w: {
        "product_id": w["ids"]["product_id"],
        "title": "Leak",
        "choices": {},
    },
    "designs_update": {"title": "Leak", "choices": {}},
    "stories_create": {"title": "Leak", "body": "Leak"},
    "stories_comment": {"body": "Leak"},
    "stories_rate": {"stars": 5},
    "questions_ask": {"title": "Leak"},
    "answers_post": {"body": "Leak"},
    "exports_start": {"dataset": "ideas", "format": "csv"},
    "programmes_create": {"name": "Leak", "starts_on": "2026-01-01"},
    "programmes_update": {"name": "Leak", "capacity_per_month": 1},
    "space_polls_vote": lambda w: {"options": [w["ids"]["option_id"]]},
    "syntheses_create": lambda w: {"title": "Leak", "claims": w["claims"]},
    "syntheses_update": lambda w: {"title": "Leak", "claims": w["claims"], "expected_version": 1},
    "claims_decide": {"decision": "accepted", "reply": "Leak"},
    "rewards_grant": lambda w: {
        "member_id": w["ids"]["member_id"],
        "kind": "points",
        "label": "Leak",
        "amount": "10",
    },
}


def _counted() -> list[Any]:
    from django.apps import apps

    labels = (
        "contests.Entry",
        "contests.EntryVote",
        "customizer.Design",
        "community.Story",
        "community.StoryComment",
        "community.StoryRating",
        "community.Question",
        "community.Answer",
        "community.AnswerVote",
        "exports.ExportJob",
        "programmes.Programme",
        "programmes.Objective",
        "polls.Ballot",
        "influencers.Synthesis",
        "influencers.SynthesisVersion",
    )
    return [apps.get_model(label) for label in labels]


_COUNTED = _counted()


@pytest.fixture
def world(brand, other_brand, alice, charlie):  # type: ignore[no-untyped-def]
    """Brand B (Globex) with a campaign and an idea; alice holds brand A's admin key."""
    theirs = CampaignFactory(brand=other_brand, slug="theirs")
    idea = submit(charlie, theirs, title="Globex secret")
    other_idea = submit(charlie, theirs, title="Globex other secret")
    comment = comment_post(member=charlie, idea=idea, body="Globex secret comment")
    note = Notification.objects.create(
        recipient=charlie.user, brand=other_brand, kind="new_comment", idea=idea
    )
    product = make_product(other_brand, charlie, name="Globex secret mug")
    contest = set_phase(make_contest(other_brand, charlie, product), Phase.Kind.VOTING)
    entry = add_entry(contest, charlie, title="Globex secret design")
    design = make_design(charlie, product, title="Globex secret draft")
    question = Question.objects.create(brand=other_brand, author=charlie, title="Globex secret?")
    job, _created = export_request(
        brand=other_brand, membership=charlie, dataset="ideas", fmt="csv"
    )
    ids = {
        "campaign_id": theirs.pk,
        "idea_id": idea.pk,
        "comment_id": comment.pk,
        "notification_id": note.pk,
        "member_id": charlie.pk,
        "contest_id": contest.pk,
        "entry_id": entry.pk,
        "product_id": product.pk,
        "design_id": design.pk,
        "story_id": Story.objects.create(
            brand=other_brand, author=charlie, title="Globex secret story", body="<p>x</p>"
        ).pk,
        "question_id": question.pk,
        "answer_id": Answer.objects.create(
            question=question, author=charlie, body="<p>Globex secret answer</p>"
        ).pk,
        "job_id": str(export_run(job_id=job.pk).pk),
        "programme_id": theirs.programme_id,
    }
    ids |= _their_space(charlie)
    claims = [{"kind": "must_have", "text": "Leak", "evidence": [f"quote:{ids['quote_id']}"]}]
    return {"ids": ids, "idea": idea, "other_idea": other_idea, "claims": claims}


def _their_space(charlie: Membership) -> dict[str, int]:
    """Brand B's influencer space with a poll, a quote and a synthesis whose claim is pending."""
    from cocrea.brands.tests.factories import MembershipFactory
    from cocrea.influencers.services import response_post, round_create, round_poll_create
    from cocrea.influencers.synthesis import ClaimInput, synthesis_save
    from cocrea.influencers.tests.factories import make_space
    from cocrea.polls.services import OptionInput

    her = MembershipFactory(brand=charlie.brand)
    space = make_space(charlie, her, title="Globex secret space")
    poll = round_poll_create(
        actor=her,
        space=space,
        question="Globex secret poll?",
        kind="single",
        options=[OptionInput("A"), OptionInput("B")],
    ).poll
    question = round_create(actor=her, space=space, kind="question", prompt="Globex?")
    quote = response_post(member=charlie, round_=question, body="Globex secret quote")
    synthesis = synthesis_save(
        actor=her,
        space=space,
        title="Globex secret synthesis",
        claims=[ClaimInput("must_have", "Globex secret claim", [f"quote:{quote.pk}"])],
    )
    return {
        "space_id": space.pk,
        "poll_id": poll.pk,
        "option_id": poll.options.first().pk,
        "quote_id": quote.pk,
        "synthesis_id": synthesis.pk,
        "claim_id": synthesis.claims.get().pk,
    }


def _fill(path: str, brand: str, ids: dict[str, int]) -> str:
    def value(match: re.Match[str]) -> str:
        name = match.group(1)
        if name == "brand":
            return brand
        assert name in ids, f"add an object of brand B for {{{name}}} to this test"
        return str(ids[name])

    return re.sub(r"\{(\w+)\}", value, path)


def _snapshot() -> tuple[Any, ...]:
    return (
        Idea.objects.count(),
        Vote.objects.count(),
        EngagementEvent.objects.count(),
        Membership.objects.count(),
        Reward.objects.count(),
        Rating.objects.count(),
        Follow.objects.count(),
        *Idea.objects.order_by("pk").values_list("status", "title"),
        *Comment.objects.order_by("pk").values_list("body", "upvote_count", "deleted_at"),
        *Notification.objects.order_by("pk").values_list("read_at", flat=True),
        *Programme.objects.order_by("pk").values_list("name", "capacity_per_month"),
        *Claim.objects.order_by("pk").values_list("decision", "reply"),
        *[(m._meta.label, m.objects.count()) for m in _COUNTED],
    )


@pytest.mark.parametrize(("method", "path", "operation"), OPERATIONS)
def test_a_key_of_brand_a_never_reaches_brand_b(alice_api, world, method, path, operation):
    if "{brand}" not in path:
        response = alice_api.get(path)
        assert response.status_code == 200
        assert "globex" not in response.content.decode()
        return
    before = _snapshot()
    has_ids = "{" in path.replace("{brand}", "")
    # B's slug; then A's own slug with B's ids (without ids, A's own answer is legitimate).
    for brand in ("globex", "cafe-lumiere") if has_ids else ("globex",):
        url = _fill(path, brand, world["ids"])
        call = getattr(alice_api, method.lower())
        body = BODIES.get(operation)
        body = body(world) if callable(body) else body
        response = call(url, body) if method in ("POST", "PATCH", "PUT") else call(url)
        assert response.status_code == 404, (method, url, response.status_code, response.content)
        assert response.json()["code"] == "not_found"
        assert "Globex secret" not in response.content.decode()
    assert _snapshot() == before
