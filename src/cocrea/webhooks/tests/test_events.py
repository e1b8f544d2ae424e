"""Each event type is emitted by the service that makes the change, and reaches the receiver."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from cocrea.accounts.tests.factories import UserFactory
from cocrea.brands.services import brand_join
from cocrea.brands.tests.factories import MembershipFactory
from cocrea.campaigns.models import Phase
from cocrea.contests import jury
from cocrea.contests.tests.helpers import add_entry, make_contest, make_product, set_phase
from cocrea.engagement.services import engagement_setup
from cocrea.ideas.comment_services import comment_post
from cocrea.ideas.models import Idea
from cocrea.ideas.services import idea_submit, vote_cast
from cocrea.ideas.workflow import idea_set_status
from cocrea.webhooks.models import Event
from cocrea.webhooks.receiver import Receiver

pytestmark = pytest.mark.django_db


def _sent(receiver: Receiver, event_type: str) -> list[dict[str, Any]]:
    bodies = [item.json() for item in receiver.received]
    assert all(item.verified for item in receiver.received)
    return [body["data"] for body in bodies if body["type"] == event_type]


@pytest.fixture
def idea(bob, campaign):  # type: ignore[no-untyped-def]
    return idea_submit(member=bob, campaign=campaign, title="Oat milk", body="Please.")


def test_status_changed_carries_the_official_answer(
    endpoint, receiver, alice, idea, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        idea_set_status(
            actor_membership=alice, idea=idea, to_status="accepted", answer="<p>Yes, in May.</p>"
        )
    [data] = _sent(receiver, "idea.status_changed")
    assert (data["from"], data["to"]) == ("new", "accepted")
    assert data["answer_html"] == "<p>Yes, in May.</p>" and data["answered_by"] == "Alice"
    assert data["idea"]["id"] == idea.pk and data["idea"]["status"] == "accepted"
    assert data["idea"]["url"] == "http://127.0.0.1:8000" + reverse(
        "ideas:detail", args=["cafe-lumiere", idea.pk]
    )


def test_comment_created(endpoint, receiver, dan, idea, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        comment = comment_post(member=dan, idea=idea, body="Yes, oat milk!")
    [data] = _sent(receiver, "comment.created")
    assert data["id"] == comment.pk and data["idea"]["id"] == idea.pk
    assert data["author"]["name"] == "Dan" and data["url"].endswith(f"#comment-{comment.pk}")


def test_the_tenth_support_is_a_milestone(
    endpoint, receiver, brand, idea, django_capture_on_commit_callbacks
):
    Idea.objects.filter(pk=idea.pk).update(support_count=9)
    idea.refresh_from_db()
    voter = MembershipFactory(brand=brand)
    with django_capture_on_commit_callbacks(execute=True):
        vote_cast(member=voter, idea=idea)
    [data] = _sent(receiver, "idea.vote_milestone")
    assert data["milestone"] == 10 and data["idea"]["support_count"] == 10


def test_member_joined(endpoint, receiver, brand, django_capture_on_commit_callbacks):
    user = UserFactory(email="eve@example.org", display_name="Eve")
    with django_capture_on_commit_callbacks(execute=True):
        membership = brand_join(brand=brand, user=user)
        brand_join(brand=brand, user=user)  # joining twice is one member, one event
    [data] = _sent(receiver, "member.joined")
    assert data["member"] == {"id": membership.pk, "name": "Eve"} and data["role"] == "member"
    assert "eve@example.org" not in str(data)


def test_tier_changed(endpoint, receiver, brand, bob, campaign, django_capture_on_commit_callbacks):
    engagement_setup(brand=brand)
    with django_capture_on_commit_callbacks(execute=True):
        idea_submit(member=bob, campaign=campaign, title="First idea", body="Reaches a tier.")
    [data] = _sent(receiver, "member.tier_changed")
    assert data["member"]["id"] == bob.pk and data["to_tier"] and data["from_tier"] is None


def test_contest_results_published(
    endpoint, receiver, brand, alice, django_capture_on_commit_callbacks
):
    contest = make_contest(brand, alice, make_product(brand, alice), finalists=2, winners=1)
    for n in range(2):
        add_entry(contest, MembershipFactory(brand=brand), f"Design {n}")
    set_phase(contest, Phase.Kind.REVIEW)
    with django_capture_on_commit_callbacks(execute=True):
        jury.contest_close(actor=alice, contest=contest)
    [data] = _sent(receiver, "contest.results_published")
    assert data["contest"]["id"] == contest.pk and len(data["placements"]) == 2
    assert [p["rank"] for p in data["placements"]] == [1, 2]
    assert sum(p["is_winner"] for p in data["placements"]) == 1


def test_an_endpoint_gets_only_the_events_it_chose(endpoint, receiver, alice, idea, dan):
    endpoint.event_types = ["comment.created"]
    endpoint.save(update_fields=["event_types"])
    Event.objects.all().delete()
    idea_set_status(actor_membership=alice, idea=idea, to_status="under_review")
    comment_post(member=dan, idea=idea, body="Hello")
    assert list(Event.objects.values_list("type", flat=True)) == ["comment.created"]


def test_accepting_a_team_invitation_is_a_member_joined(
    endpoint, receiver, brand, alice, django_capture_on_commit_callbacks
):
    from cocrea.brands.provisioning import invitation_accept, invitation_send

    invitation, _token = invitation_send(
        brand=brand, email="nina@example.org", role="moderator", invited_by=alice.user
    )
    user = UserFactory(email="nina@example.org", display_name="Nina")
    with django_capture_on_commit_callbacks(execute=True):
        membership = invitation_accept(invitation=invitation, user=user)
    [data] = _sent(receiver, "member.joined")
    assert data["member"] == {"id": membership.pk, "name": "Nina"} and data["role"] == "moderator"
