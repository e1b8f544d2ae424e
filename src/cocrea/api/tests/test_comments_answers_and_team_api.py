"""Comments, ratings, answers, merges, members, notifications, the ledger and rewards through
the API: the same services as the pages (same ledger events, same notices)."""

from __future__ import annotations

from cocrea.api.tests.conftest import make_client
from cocrea.campaigns.tests.factories import CampaignFactory
from cocrea.engagement.models import EngagementEvent, Reward
from cocrea.ideas.comment_services import comment_post
from cocrea.ideas.models import Comment, Idea, StatusChange
from cocrea.ideas.tests.helpers import submit
from cocrea.notifications.models import Notification

V1 = "/api/v1/brands/cafe-lumiere"


def test_threaded_comments_and_upvotes(bob_api, bob, alice, campaign):
    idea = submit(alice, campaign)
    root = bob_api.post(f"{V1}/ideas/{idea.pk}/comments", {"body": "Love it"})
    assert root.status_code == 201, root.content
    root_id = root.json()["id"]
    reply = bob_api.post(f"{V1}/ideas/{idea.pk}/comments", {"body": "More", "parent_id": root_id})
    assert reply.json()["parent_id"] == root_id
    assert Notification.objects.filter(recipient=alice.user, kind="new_comment").exists()
    assert EngagementEvent.objects.filter(kind="comment_posted", member=bob).count() == 2
    listed = bob_api.get(f"{V1}/ideas/{idea.pk}/comments").json()["items"]
    assert [c["body"] for c in listed] == ["Love it", "More"]
    alice_api = make_client(alice)
    assert alice_api.post(f"{V1}/comments/{root_id}/upvote").json()["upvote_count"] == 1
    edited = bob_api.patch(f"{V1}/comments/{root_id}", {"body": "Really love it"})
    assert edited.json()["body"] == "Really love it"
    assert alice_api.patch(f"{V1}/comments/{root_id}", {"body": "x"}).status_code == 403
    assert bob_api.delete(f"{V1}/comments/{root_id}").status_code == 204
    assert Comment.objects.get(pk=root_id).deleted_at is not None


def test_a_reply_to_another_brands_comment_is_404(bob_api, alice, charlie, campaign, other_brand):
    theirs = submit(charlie, CampaignFactory(brand=other_brand))
    foreign = comment_post(member=charlie, idea=theirs, body="Globex")
    idea = submit(alice, campaign)
    response = bob_api.post(
        f"{V1}/ideas/{idea.pk}/comments", {"body": "x", "parent_id": foreign.pk}
    )
    assert response.status_code == 404 and Comment.objects.filter(idea=idea).count() == 0


def test_rating_and_following(bob_api, alice, campaign):
    idea = submit(alice, campaign)
    rated = bob_api.put(f"{V1}/ideas/{idea.pk}/rating", {"stars": 4})
    expected = {"idea_id": idea.pk, "stars": 4, "rating_count": 1, "rating_average": 4.0}
    assert rated.json() == expected
    assert bob_api.put(f"{V1}/ideas/{idea.pk}/rating", {"stars": 9}).status_code == 422
    assert bob_api.put(f"{V1}/ideas/{idea.pk}/follow").json()["is_following"] is True
    assert bob_api.delete(f"{V1}/ideas/{idea.pk}/follow").json()["is_following"] is False


def test_the_team_answers_and_merges_with_the_admin_scope(alice_api, alice, bob, campaign):
    idea = submit(bob, campaign, title="Refill")
    twin = submit(bob, campaign, title="Refill too")
    answered = alice_api.post(
        f"{V1}/ideas/{idea.pk}/status", {"to_status": "accepted", "answer": "Yes, we will."}
    )
    assert answered.status_code == 201 and answered.json()["to_status"] == "accepted"
    assert Notification.objects.filter(recipient=bob.user, kind="status_changed").exists()
    assert EngagementEvent.objects.filter(kind="idea_accepted", member=bob).exists()
    history = alice_api.get(f"{V1}/ideas/{idea.pk}/status-changes").json()["items"]
    assert history[0]["answer"] and history[0]["to_status"] == "accepted"
    declined = alice_api.post(f"{V1}/ideas/{twin.pk}/status", {"to_status": "declined"})
    assert declined.status_code == 422 and declined.json()["code"] == "answer_required"
    merged = alice_api.post(f"{V1}/ideas/{twin.pk}/merge", {"target_id": idea.pk})
    assert merged.status_code == 201
    assert Idea.objects.get(pk=twin.pk).status == "merged"
    writer = make_client(alice, scope="write")
    refused = writer.post(f"{V1}/ideas/{idea.pk}/status", {"to_status": "launched"})
    assert refused.status_code == 403 and refused.json()["code"] == "insufficient_scope"
    assert StatusChange.objects.filter(idea=idea).count() == 1


def test_a_merge_into_another_brands_idea_is_404(alice_api, alice, charlie, campaign, other_brand):
    theirs = submit(charlie, CampaignFactory(brand=other_brand))
    ours = submit(alice, campaign)
    response = alice_api.post(f"{V1}/ideas/{ours.pk}/merge", {"target_id": theirs.pk})
    assert response.status_code == 404
    assert Idea.objects.get(pk=ours.pk).status == "new" and not StatusChange.objects.exists()


def test_members_are_for_the_team_with_tier_score_and_consent(alice_api, bob_api, bob):
    listed = alice_api.get(f"{V1}/members").json()["items"]
    row = next(m for m in listed if m["id"] == bob.pk)
    assert row["role"] == "member" and row["email"] is None and row["consent"] == {"contact": False}
    assert {"tier", "score"} <= set(row)
    assert alice_api.get(f"{V1}/members/{bob.pk}").json()["display_name"] == "Bob"
    refused = bob_api.get(f"{V1}/members")
    assert refused.status_code == 403 and "Bob" not in refused.content.decode()


def test_notifications_are_the_callers_own(bob_api, bob, alice, dan, campaign):
    idea = submit(bob, campaign)
    comment_post(member=dan, idea=idea, body="Nice")
    listed = bob_api.get(f"{V1}/notifications").json()["items"]
    assert len(listed) == 1 and listed[0]["kind"] == "new_comment" and listed[0]["text"]
    note = listed[0]["id"]
    assert bob_api.post(f"{V1}/notifications/{note}/read").json()["read_at"] is not None
    assert bob_api.get(f"{V1}/notifications", {"unread": "true"}).json()["items"] == []
    dan_api = make_client(dan, "personal", "write")
    assert dan_api.post(f"{V1}/notifications/{note}/read").status_code == 404
    brand_key = make_client(alice, scope="admin")
    assert brand_key.get(f"{V1}/notifications").json()["code"] == "personal_only"


def test_the_ledger_and_rewards(alice_api, bob_api, bob, alice, campaign):
    submit(bob, campaign)
    created = alice_api.post(
        f"{V1}/engagement-events", {"member_id": bob.pk, "kind": "event_attended"}
    )
    assert created.status_code == 201, created.content
    assert EngagementEvent.objects.filter(member=bob, kind="event_attended").count() == 1
    wrong = {"member_id": bob.pk, "kind": "vote_given"}
    assert alice_api.post(f"{V1}/engagement-events", wrong).status_code == 422
    own = bob_api.get(f"{V1}/engagement-events").json()["items"]
    assert {e["kind"] for e in own} == {"idea_submitted", "event_attended"}
    assert bob_api.get(f"{V1}/engagement-events", {"member_id": alice.pk}).status_code == 404
    body = {"member_id": bob.pk, "kind": "points", "label": "Thanks", "amount": "50"}
    granted = alice_api.post(f"{V1}/rewards", body)
    assert granted.status_code == 201 and Reward.objects.get().member == bob
    assert Notification.objects.filter(recipient=bob.user, kind="reward_granted").exists()
    assert [r["label"] for r in bob_api.get(f"{V1}/rewards").json()["items"]] == ["Thanks"]
    assert bob_api.post(f"{V1}/rewards", {**body, "label": "Self"}).status_code == 403
    assert Reward.objects.count() == 1


def test_body_ids_of_another_brand_are_404(alice_api, charlie, campaign, alice):
    theirs = charlie.pk
    for path, body in (
        ("engagement-events", {"member_id": theirs, "kind": "event_attended"}),
        ("rewards", {"member_id": theirs, "kind": "points", "label": "x", "amount": "1"}),
    ):
        assert alice_api.post(f"{V1}/{path}", body).status_code == 404
    assert Reward.objects.count() == 0
    assert not EngagementEvent.objects.filter(member=charlie).exists()
