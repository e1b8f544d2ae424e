"""The team's triage list: sorted by support, age or status; ideas shared out in the team;
several ideas answered at once (issue 18)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from conftest import login
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from cocrea.brands.models import Membership
from cocrea.brands.tests.factories import MembershipFactory
from cocrea.ideas.models import Assignment, Idea, StatusChange
from cocrea.ideas.tests.factories import IdeaFactory
from cocrea.ideas.workflow import idea_set_status
from cocrea.notifications.models import Notification

pytestmark = pytest.mark.django_db


@pytest.fixture
def ideas(campaign, dan):  # type: ignore[no-untyped-def]
    """Three ideas: an old one with little support, a popular one, a recent accepted one."""
    now = timezone.now()
    made = []
    for title, days, support in (("Old", 30, 1), ("Popular", 10, 40), ("Recent", 1, 5)):
        idea = IdeaFactory(campaign=campaign, author=dan, title=title)
        Idea.objects.filter(pk=idea.pk).update(
            created_at=now - timedelta(days=days), support_count=support
        )
        made.append(Idea.objects.get(pk=idea.pk))
    return made


def _titles(client, brand, **query):  # type: ignore[no-untyped-def]
    response = client.get(reverse("answers:triage", args=[brand.slug]), query)
    assert response.status_code == 200
    html = response.content.decode()
    shown = [t for t in ("Old", "Popular", "Recent") if f"· {t}</label>" in html]
    return sorted(shown, key=lambda t: html.index(f"· {t}</label>"))


def test_triage_sorts_by_support_age_and_status(client, brand, alice, mona, ideas):
    idea_set_status(actor_membership=alice, idea=ideas[2], to_status="accepted", answer="Oui")
    login(client, mona)
    assert _titles(client, brand) == ["Recent", "Popular", "Old"]
    assert _titles(client, brand, sort="oldest") == ["Old", "Popular", "Recent"]
    assert _titles(client, brand, sort="support") == ["Popular", "Recent", "Old"]
    assert _titles(client, brand, sort="status")[-1] == "Recent"  # new ones first
    assert _titles(client, brand, sort="nonsense") == ["Recent", "Popular", "Old"]


def test_a_moderator_answers_several_ideas_at_once(client, brand, mona, ideas, dan):
    login(client, mona)
    response = client.post(
        reverse("answers:bulk", args=[brand.slug]),
        {
            "action": "status",
            "to_status": "under_review",
            "answer": "Nous étudions ces idées.",
            "ideas": [ideas[0].pk, ideas[1].pk],
        },
    )
    assert response.status_code == 302
    assert set(Idea.objects.filter(status="under_review").values_list("pk", flat=True)) == {
        ideas[0].pk,
        ideas[1].pk,
    }
    assert StatusChange.objects.filter(answer__contains="Nous étudions").count() == 2
    assert Notification.objects.filter(recipient=dan.user, kind="status_changed").count() == 2


def test_ideas_that_may_not_move_are_reported_and_the_others_move(client, brand, alice, ideas):
    idea_set_status(actor_membership=alice, idea=ideas[0], to_status="launched", answer="Fait")
    login(client, alice)
    data = {"action": "status", "to_status": "accepted", "ideas": [i.pk for i in ideas]}
    response = client.post(reverse("answers:bulk", args=[brand.slug]), data, follow=True)
    page = response.content.decode()
    assert Idea.objects.get(pk=ideas[0].pk).status == "launched"
    assert Idea.objects.filter(status="accepted").count() == 2
    assert f"#{ideas[0].pk} · Old" in page and "2 ideas changed" in page


def test_ideas_are_assigned_shown_filtered_and_unassigned(client, brand, alice, mona, ideas):
    login(client, alice)
    bulk = reverse("answers:bulk", args=[brand.slug])
    client.post(bulk, {"action": "assign", "assignee": mona.pk, "ideas": [ideas[1].pk]})
    assignment = Assignment.objects.get()
    assert assignment.assignee == mona and assignment.assigned_by == alice
    html = client.get(reverse("answers:triage", args=[brand.slug])).content.decode()
    assert f'data-testid="assignee-{ideas[1].pk}"' in html and "Mona" in html
    login(client, mona)
    assert _titles(client, brand, assignee="me") == ["Popular"]
    assert _titles(client, brand, assignee="none") == ["Recent", "Old"]
    client.post(bulk, {"action": "assign", "assignee": "", "ideas": [ideas[1].pk]})
    assert not Assignment.objects.exists()


def test_only_the_team_may_be_assigned_and_only_the_brands_ideas(
    client, brand, alice, bob, ideas, other_brand
):
    login(client, alice)
    bulk = reverse("answers:bulk", args=[brand.slug])
    client.post(bulk, {"action": "assign", "assignee": bob.pk, "ideas": [ideas[0].pk]})
    assert not Assignment.objects.exists()  # bob is a member, not of the team
    foreign = IdeaFactory(campaign__brand=other_brand)
    response = client.post(bulk, {"action": "assign", "assignee": alice.pk, "ideas": [foreign.pk]})
    assert response.status_code == 404 and not Assignment.objects.exists()
    for junk in (["x"], ["1\x00"], [str(10**15)], []):
        response = client.post(bulk, {"action": "status", "to_status": "accepted", "ideas": junk})
        assert response.status_code in (302, 400, 404)
    assert not Idea.objects.filter(status="accepted").exists()


def test_the_triage_list_reads_in_a_constant_number_of_queries(client, brand, mona, ideas, dan):
    login(client, mona)
    path = reverse("answers:triage", args=[brand.slug])
    client.get(path)
    with CaptureQueriesContext(connection) as few:
        client.get(path)
    for index in range(6):
        idea = IdeaFactory(campaign=ideas[0].campaign, author=MembershipFactory(brand=brand))
        Assignment.objects.create(idea=idea, assignee=mona, assigned_at=timezone.now())
        assert index >= 0
    with CaptureQueriesContext(connection) as many:
        client.get(path)
    assert len(many) == len(few)
    assert Membership.objects.filter(brand=brand).count() > 6
