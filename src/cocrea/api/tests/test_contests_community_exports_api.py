"""Contests, the customizer, the community, the insight engine and exports through the API."""

from __future__ import annotations

import io
import zipfile

from cocrea.api.tests.conftest import make_client
from cocrea.campaigns.models import Phase
from cocrea.community.models import Answer, Question, Story
from cocrea.contests.models import Entry, EntryVote, VoteEvent
from cocrea.contests.tests.helpers import (
    add_entry,
    make_contest,
    make_design,
    make_product,
    set_phase,
)
from cocrea.customizer.models import Design
from cocrea.engagement.models import EngagementEvent
from cocrea.exports.models import ExportJob

V1 = "/api/v1/brands/cafe-lumiere"


def test_a_member_enters_a_design_and_others_vote(bob_api, bob, dan, alice):
    product = make_product(alice.brand, alice)
    contest = make_contest(alice.brand, alice, product)
    design = make_design(bob, product, title="Sunrise")
    listed = bob_api.get(f"{V1}/contests").json()["items"]
    assert [c["id"] for c in listed] == [contest.pk] and listed[0]["phase"] == "submission"
    entered = bob_api.post(
        f"{V1}/contests/{contest.pk}/entries",
        {"design_id": design.pk, "title": "Sunrise", "story": "Mornings"},
    )
    assert entered.status_code == 201, entered.content
    assert EngagementEvent.objects.filter(member=bob, kind="contest_entry").exists()
    twice = bob_api.post(
        f"{V1}/contests/{contest.pk}/entries", {"design_id": design.pk, "title": "Again"}
    )
    assert twice.status_code in (409, 422) and Entry.objects.count() == 1
    set_phase(contest, Phase.Kind.VOTING)
    dan_api = make_client(dan, "personal", "write")
    entry_id = entered.json()["id"]
    voted = dan_api.post(f"{V1}/entries/{entry_id}/vote")
    assert voted.status_code == 201 and voted.json()["vote_count"] == 1
    assert VoteEvent.objects.filter(member=dan).exists()  # the audit log sees API votes
    assert bob_api.post(f"{V1}/entries/{entry_id}/vote").status_code == 403  # own design
    gallery = dan_api.get(f"{V1}/contests/{contest.pk}/entries").json()["items"]
    assert gallery[0]["has_voted"] is True
    assert dan_api.delete(f"{V1}/entries/{entry_id}/vote").status_code == 204
    assert not EntryVote.objects.filter(voided_at=None).exists()
    assert dan_api.get(f"{V1}/contests/{contest.pk}/results").status_code == 404  # not yet


def test_someone_elses_design_cannot_be_entered(bob_api, dan, alice):
    product = make_product(alice.brand, alice)
    contest = make_contest(alice.brand, alice, product)
    theirs = make_design(dan, product)
    response = bob_api.post(
        f"{V1}/contests/{contest.pk}/entries", {"design_id": theirs.pk, "title": "Mine?"}
    )
    assert response.status_code == 404 and not Entry.objects.exists()


def test_designs_are_checked_as_on_the_site(bob_api, bob, alice):
    product = make_product(alice.brand, alice)
    part = product.parts.get()
    options = list(part.options.all())
    products = bob_api.get(f"{V1}/products").json()["items"]
    assert products[0]["parts"][0]["options"][0]["id"] == options[0].pk
    body = {"product_id": product.pk, "title": "Mine", "choices": {str(part.pk): options[1].pk}}
    made = bob_api.post(f"{V1}/designs", body)
    assert made.status_code == 201, made.content
    design_id = made.json()["id"]
    assert made.json()["choices"] == {str(part.pk): options[1].pk}
    wrong = {**body, "choices": {str(part.pk): 999999}}
    assert bob_api.post(f"{V1}/designs", wrong).status_code in (400, 422)
    assert bob_api.post(f"{V1}/designs", {**body, "choices": {"abc": 1}}).status_code == 422
    patched = bob_api.patch(f"{V1}/designs/{design_id}", {**body, "title": "Renamed"})
    assert patched.json()["title"] == "Renamed"
    assert make_client(alice).get(f"{V1}/designs/{design_id}").status_code == 404  # own only
    assert bob_api.delete(f"{V1}/designs/{design_id}").status_code == 204
    assert not Design.objects.filter(pk=design_id).exists()


def test_stories_questions_and_the_helpful_answer(bob_api, bob, dan, alice):
    story = bob_api.post(f"{V1}/stories", {"title": "My V60", "body": "Every morning."})
    assert story.status_code == 201, story.content
    story_id = story.json()["id"]
    assert EngagementEvent.objects.filter(member=bob, kind="experience_shared").exists()
    dan_api = make_client(dan, "personal", "write")
    assert dan_api.post(f"{V1}/stories/{story_id}/comments", {"body": "Nice"}).status_code == 201
    assert dan_api.put(f"{V1}/stories/{story_id}/rating", {"stars": 5}).json()["rating_count"] == 1
    assert bob_api.put(f"{V1}/stories/{story_id}/rating", {"stars": 5}).status_code == 403
    detail = bob_api.get(f"{V1}/stories/{story_id}").json()
    assert detail["comments"][0]["body"] == "Nice" and detail["rating_average"] == 5.0
    asked = bob_api.post(f"{V1}/questions", {"title": "Which grind?", "body": ""})
    assert asked.status_code == 201
    question_id = asked.json()["id"]
    answered = dan_api.post(f"{V1}/questions/{question_id}/answers", {"body": "Medium-fine"})
    assert answered.status_code == 201
    answer_id = answered.json()["id"]
    assert dan_api.post(f"{V1}/answers/{answer_id}/helpful").status_code == 403  # not the asker
    helpful = bob_api.post(f"{V1}/answers/{answer_id}/helpful")
    assert helpful.status_code == 200 and helpful.json()["is_helpful"] is True
    assert EngagementEvent.objects.filter(member=dan, kind="helpful_answer").exists()
    assert bob_api.post(f"{V1}/answers/{answer_id}/upvote").status_code == 204
    assert Answer.objects.get(pk=answer_id).upvote_count == 1
    listed = bob_api.get(f"{V1}/questions", {"state": "resolved"}).json()["items"]
    assert [q["id"] for q in listed] == [question_id]
    assert Story.objects.count() == 1 and Question.objects.count() == 1


def test_insights_are_for_the_team(alice_api, bob_api):
    for path in ("voices", "themes", "needs", "duplicates"):
        assert alice_api.get(f"{V1}/insights/{path}").status_code == 200, path
        refused = bob_api.get(f"{V1}/insights/{path}")
        assert refused.status_code == 403 and refused.json()["code"] == "insufficient_scope"


def test_an_export_is_started_polled_and_downloaded(
    alice_api, bob, campaign, django_capture_on_commit_callbacks
):
    from cocrea.ideas.tests.helpers import submit

    submit(bob, campaign, title="Exported idea")
    with django_capture_on_commit_callbacks(execute=True):  # the task runs inline after commit
        started = alice_api.post(f"{V1}/exports", {"dataset": "ideas", "format": "csv"})
    assert started.status_code in (200, 202), started.content
    job_id = started.json()["id"]
    assert started.json()["state"] == "queued"
    polled = alice_api.get(f"{V1}/exports/{job_id}").json()
    assert polled["state"] == "done" and polled["download_url"]  # inline in the embedded mode
    file = alice_api.get(f"{V1}/exports/{job_id}/download")
    assert file.status_code == 200
    archive = zipfile.ZipFile(io.BytesIO(b"".join(file.streaming_content)))  # one CSV per table
    texts = [archive.read(name).decode("utf-8-sig") for name in archive.namelist()]
    assert any("Exported idea" in text for text in texts)
    assert alice_api.get(f"{V1}/exports/not-a-uuid").status_code == 422
    bad = alice_api.post(f"{V1}/exports", {"dataset": "nope", "format": "csv"})
    assert bad.status_code == 404 and ExportJob.objects.count() == 1
    kinds = {d["key"] for d in alice_api.get(f"{V1}/exports/datasets").json()["items"]}
    assert "members" in kinds


def test_voting_keeps_working_in_the_gallery_after_the_vote_opens(bob_api, dan, alice):
    product = make_product(alice.brand, alice)
    contest = set_phase(make_contest(alice.brand, alice, product), Phase.Kind.VOTING)
    entries = [add_entry(contest, dan, title=f"Design {n}", colour=n % 2) for n in range(2)]
    page = bob_api.get(f"{V1}/contests/{contest.pk}/entries", {"limit": 1}).json()
    rest = bob_api.get(
        f"{V1}/contests/{contest.pk}/entries", {"limit": 1, "cursor": page["next_cursor"]}
    ).json()
    assert {page["items"][0]["id"], rest["items"][0]["id"]} == {e.pk for e in entries}
