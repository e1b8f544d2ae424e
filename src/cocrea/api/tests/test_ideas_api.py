from __future__ import annotations

from cocrea.engagement.models import EngagementEvent
from cocrea.ideas.models import Idea, Vote
from cocrea.ideas.tests.helpers import submit

V1 = "/api/v1/brands/cafe-lumiere"


def test_a_member_lists_and_submits_ideas_with_a_personal_token(bob_api, bob, campaign):
    response = bob_api.post(
        f"{V1}/campaigns/{campaign.pk}/ideas", {"title": "Reusable cup", "body": "Bring it back."}
    )
    assert response.status_code == 201, response.content
    idea = Idea.objects.get()
    assert response.json()["id"] == idea.pk and idea.author == bob
    assert EngagementEvent.objects.filter(kind="idea_submitted", member=bob).count() == 1
    listed = bob_api.get(f"{V1}/campaigns/{campaign.pk}/ideas").json()
    assert [item["title"] for item in listed["items"]] == ["Reusable cup"]
    assert listed["next_cursor"] is None


def test_a_vote_through_the_api_counts_once_and_records_the_ledger(bob_api, bob, alice, campaign):
    idea = submit(alice, campaign)
    first = bob_api.post(f"{V1}/ideas/{idea.pk}/vote")
    assert first.status_code == 201 and first.json()["support_count"] == 1
    second = bob_api.post(f"{V1}/ideas/{idea.pk}/vote")
    assert second.status_code == 409 and second.json()["code"] == "already_voted"
    assert set(second.json()) == {"detail", "code", "errors"}
    assert Vote.objects.filter(idea=idea).count() == 1
    assert EngagementEvent.objects.filter(kind="vote_given", member=bob).count() == 1
    assert bob_api.delete(f"{V1}/ideas/{idea.pk}/vote").status_code == 204
    assert Vote.objects.count() == 0


def test_a_retried_post_with_the_same_idempotency_key_creates_one_idea(bob_api, campaign):
    path = f"{V1}/campaigns/{campaign.pk}/ideas"
    body = {"title": "Reusable cup", "body": "Bring it back."}
    first = bob_api.post(path, body, headers={"Idempotency-Key": "abc-1"})
    again = bob_api.post(path, body, headers={"Idempotency-Key": "abc-1"})
    assert first.status_code == again.status_code == 201
    assert again.json() == first.json() and again["Idempotent-Replayed"] == "true"
    assert Idea.objects.count() == 1
    other = bob_api.post(path, {**body, "title": "Other"}, headers={"Idempotency-Key": "abc-1"})
    assert other.status_code == 422 and other.json()["code"] == "idempotency_key_reused"
    assert Idea.objects.count() == 1


def test_cursor_pages_walk_the_whole_list_once(bob_api, alice, campaign):
    ideas = [submit(alice, campaign, title=f"Idea {n}") for n in range(7)]
    seen, cursor = [], None
    while True:
        params = {"limit": 3, "sort": "newest"} | ({"cursor": cursor} if cursor else {})
        page = bob_api.get(f"{V1}/campaigns/{campaign.pk}/ideas", params).json()
        seen += [item["id"] for item in page["items"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert sorted(seen) == sorted(i.pk for i in ideas) and len(seen) == 7


def test_a_garbled_or_foreign_cursor_is_400(bob_api, alice, campaign):
    for n in range(3):
        submit(alice, campaign, title=f"Idea {n}")
    path = f"{V1}/campaigns/{campaign.pk}/ideas"
    cursor = bob_api.get(path, {"limit": 1}).json()["next_cursor"]
    for bad in ("garbage", cursor[:-2] + "xx", cursor):
        sort = "newest" if bad == cursor else "trending"  # a trending cursor on another sort
        response = bob_api.get(path, {"cursor": bad, "sort": sort})
        assert response.status_code == 400 and response.json()["code"] == "invalid_cursor"


def test_reads_carry_an_etag_and_answer_304(bob_api, campaign):
    path = f"{V1}/campaigns/{campaign.pk}"
    first = bob_api.get(path)
    assert first.status_code == 200 and first["ETag"]
    again = bob_api.get(path, headers={"If-None-Match": first["ETag"]})
    assert again.status_code == 304 and again.content == b""


def test_a_read_key_cannot_write(bob, campaign):
    from cocrea.api.tests.conftest import make_client

    reader = make_client(bob, "personal", "read")
    response = reader.post(f"{V1}/campaigns/{campaign.pk}/ideas", {"title": "a", "body": "b"})
    assert response.status_code == 403 and response.json()["code"] == "insufficient_scope"
    assert Idea.objects.count() == 0
