"""Privacy by design: deletion that keeps every count exact, "download my data", consent,
retention and the audit."""

from __future__ import annotations

import json
import zipfile
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from cocrea.accounts.models import AuditEvent, Consent, PersonalExport, User
from cocrea.accounts.personal_export import personal_export_request
from cocrea.accounts.privacy import (
    account_delete,
    consent_record,
    legal_document_publish,
    retention_sweep,
)
from cocrea.brands.models import Membership
from cocrea.campaigns.models import Phase
from cocrea.contests import jury
from cocrea.contests.models import Entry
from cocrea.contests.tests.helpers import add_entry, entry_for_page, make_contest, make_product
from cocrea.contests.votes import contest_counters_rebuild
from cocrea.contests.votes import vote_cast as entry_vote
from cocrea.core.errors import Conflict
from cocrea.engagement.models import EngagementEvent, MemberScore
from cocrea.engagement.services import current_score, scores_rebuild
from cocrea.ideas.comment_services import comment_post, comment_upvote
from cocrea.ideas.models import Comment, Follow, Idea
from cocrea.ideas.services import idea_counters_rebuild, rating_set, vote_cast
from cocrea.ideas.tests.factories import IdeaFactory
from cocrea.insights.models import Voice
from cocrea.notifications.models import Notification

pytestmark = pytest.mark.django_db


def _counts(brand: Any, contest: Any, now: Any) -> dict[str, Any]:
    """Every counter and score a deletion could touch, as the pages show them."""
    ideas = Idea.objects.filter(brand=brand).order_by("pk")
    comments = Comment.objects.filter(brand=brand).order_by("pk")
    entries = Entry.objects.filter(contest=contest).order_by("pk")
    scores = MemberScore.objects.filter(brand=brand).order_by("member_id")
    ranking = jury.compute_ranking(contest, list(entries))
    return {
        "ideas": list(
            ideas.values("pk", "support_count", "comment_count", "rating_count", "rating_sum")
        ),
        "comments": list(comments.values("pk", "upvote_count")),
        "entries": list(entries.values("pk", "vote_count")),
        "scores": {s.member_id: round(current_score(s, now=now), 6) for s in scores},
        "ledger": sorted(
            EngagementEvent.objects.filter(brand=brand).values_list("member_id", "kind", "weight")
        ),
        "ranking": [(t.entry_id, round(t.final_score, 6)) for t in ranking]
        if ranking and hasattr(ranking[0], "entry_id")
        else repr(ranking),
    }


def test_deleting_a_member_keeps_every_counter_and_score_exact(brand, campaign, alice, bob, dan):
    # Given bob took part everywhere: ideas, votes, comments, up-votes, ratings, a contest
    bobs = IdeaFactory(campaign=campaign, author=bob, title="Bob's cup")
    dans = IdeaFactory(campaign=campaign, author=dan, title="Dan's lid")
    vote_cast(member=bob, idea=dans)
    vote_cast(member=dan, idea=bobs)
    vote_cast(member=alice, idea=bobs)
    comment = comment_post(member=bob, idea=dans, body="Love it")
    comment_upvote(member=dan, comment=comment)
    comment_upvote(member=bob, comment=comment_post(member=dan, idea=bobs, body="Thanks"))
    rating_set(member=bob, idea=dans, stars=4)
    contest = make_contest(brand, alice, make_product(brand, alice), phase=Phase.Kind.SUBMISSION)
    bob_entry, dan_entry = add_entry(contest, bob, "Bob's"), add_entry(contest, dan, "Dan's", 1)
    from cocrea.contests.tests.helpers import set_phase

    contest = set_phase(contest, Phase.Kind.VOTING)
    entry_vote(member=bob, entry=entry_for_page(dan_entry))
    entry_vote(member=dan, entry=entry_for_page(bob_entry))
    entry_vote(member=alice, entry=entry_for_page(dan_entry))
    now = timezone.now()
    before = _counts(brand, contest, now)

    # When bob deletes his account
    account_delete(user=bob.user)

    # Then nothing moved, and rebuilding every counter and score from the rows and the ledger
    # gives the same numbers
    assert _counts(brand, contest, now) == before
    idea_counters_rebuild()
    contest_counters_rebuild(contest=contest)
    scores_rebuild(brand=brand, now=now)
    assert _counts(brand, contest, now) == before
    # And his contributions are signed "former member", with no personal data left
    user = User.objects.get(pk=bob.user_id)
    assert user.public_name == "former member" and not user.is_active
    assert "bob" not in user.email and user.display_name == "" and not user.has_usable_password()
    assert Idea.objects.get(pk=bobs.pk).author.user.public_name == "former member"


def test_deletion_removes_what_only_concerned_the_person(client, brand, campaign, bob, dan):
    from allauth.account.models import EmailAddress

    idea = IdeaFactory(campaign=campaign, author=dan)
    Follow.objects.create(idea=idea, member=bob)
    EmailAddress.objects.create(user=bob.user, email=bob.user.email, verified=True, primary=True)
    Notification.objects.create(recipient=bob.user, brand=brand, kind="new_comment", idea=idea)
    client.force_login(bob.user)
    account_delete(user=bob.user)
    assert not Follow.objects.filter(member=bob).exists()
    assert not EmailAddress.objects.filter(user_id=bob.user_id).exists()
    assert not Notification.objects.filter(recipient_id=bob.user_id).exists()
    assert Membership.objects.filter(pk=bob.pk).exists()  # the ledger hangs from it
    # His open session ends with the password hash
    assert client.get(reverse("accounts:profile")).status_code == 302
    event = AuditEvent.objects.get(action="account_deleted")
    assert "bob" not in (event.actor_label + event.subject_label).lower()


def test_the_last_admin_of_a_brand_cannot_delete_her_account(alice, brand):
    with pytest.raises(Conflict, match="last admin of Café Lumière"):
        account_delete(user=alice.user)
    alice.user.refresh_from_db()
    assert alice.user.deleted_at is None and alice.user.is_active
    assert AuditEvent.objects.filter(action="account_deletion_refused").count() == 1


def test_an_admin_with_a_second_admin_may_delete_her_account(alice, mona, brand):
    mona.role = Membership.Role.ADMIN
    mona.save()
    account_delete(user=alice.user)
    alice.refresh_from_db()
    assert alice.user.deleted_at is not None and alice.role == Membership.Role.MEMBER


def test_the_delete_page_asks_for_the_password_and_explains_a_refusal(client, alice, bob):
    client.force_login(alice.user)
    page = client.post(reverse("privacy:delete"), {"password": "correct horse battery staple"})
    assert page.status_code == 200 and b"last admin of" in page.content
    client.force_login(bob.user)
    wrong = client.post(reverse("privacy:delete"), {"password": "nope"})
    assert wrong.status_code == 200 and not User.objects.get(pk=bob.user_id).deleted_at
    done = client.post(reverse("privacy:delete"), {"password": "correct horse battery staple"})
    assert done.status_code == 302
    assert User.objects.get(pk=bob.user_id).deleted_at is not None


def test_download_my_data_is_a_zip_of_json_and_pictures(
    client, brand, campaign, bob, dan, settings, django_capture_on_commit_callbacks
):
    from django.core.files.base import ContentFile

    from cocrea.ideas.models import IdeaImage

    idea = IdeaFactory(campaign=campaign, author=bob, title="Bob's cup")
    image = IdeaImage(idea=idea)
    image.image.save("cup.png", ContentFile(b"\x89PNG fake"), save=True)
    vote_cast(member=bob, idea=IdeaFactory(campaign=campaign, author=dan, title="Dan's"))
    # What the insight engine keeps of her words: the text, and a vector (binary) of it
    Voice.objects.create(
        brand=brand, channel="comment", author=bob, text="Refills, please",
        created_at=timezone.now(), embedding=b"\x00\x01", vectors=b"\x02",
    )  # fmt: skip
    client.force_login(bob.user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("privacy:export"))
    assert response.status_code == 302
    export = PersonalExport.objects.get(user=bob.user)
    assert export.state == "done"  # built inline in tests (no broker)
    download = client.get(reverse("privacy:download", args=[export.pk]))
    assert download.status_code == 200
    path = Path(settings.EXPORTS_ROOT) / export.file_name
    with zipfile.ZipFile(path) as archive:
        names = archive.namelist()
        ideas = json.loads(archive.read("data/ideas.idea.json"))
        votes = json.loads(archive.read("data/ideas.vote.json"))
        profile = json.loads(archive.read("data/accounts.user.json"))
        voices = json.loads(archive.read("data/insights.voice.json"))
    assert [i["title"] for i in ideas] == ["Bob's cup"] and len(votes) == 1
    assert [v["text"] for v in voices] == ["Refills, please"] and "embedding" not in voices[0]
    assert profile[0]["email"] == "bob@example.org" and "password" not in profile[0]
    assert any(name.startswith("pictures/ideas/") for name in names)
    assert "Dan's" not in json.dumps(ideas)


def test_an_export_asked_twice_at_once_is_refused_and_only_its_owner_downloads(client, bob, dan):
    first = PersonalExport.objects.create(user=bob.user)  # queued, not yet built
    with pytest.raises(Conflict):
        personal_export_request(user=bob.user)
    assert PersonalExport.objects.filter(user=bob.user).count() == 1
    PersonalExport.objects.filter(pk=first.pk).update(state="done", file_name="personal/x.zip")
    client.force_login(dan.user)
    assert client.get(reverse("privacy:download", args=[first.pk])).status_code == 404
    assert client.get(reverse("privacy:download", args=["not-a-uuid"])).status_code == 404


def test_members_accept_the_terms_and_are_asked_again_when_they_change(client, brand, alice, bob):
    legal_document_publish(actor=alice, kind="terms", title="Terms", body="Be kind.")
    legal_document_publish(actor=alice, kind="privacy", title="Privacy", body="We keep little.")
    client.force_login(bob.user)
    home = reverse("brands:brand_home", args=[brand.slug])
    response = client.get(home)
    assert response.status_code == 302 and "/consent/" in response["Location"]
    consent_url = response["Location"]
    page = client.get(consent_url)
    assert b"Be kind." in page.content and b"We keep little." in page.content
    refused = client.post(consent_url, {"terms_version": 1, "privacy_version": 1})
    assert refused.status_code == 200  # the box is not ticked
    client.post(consent_url, {"terms_version": 1, "privacy_version": 1, "accept": "on"})
    assert client.get(home).status_code == 200
    bob.refresh_from_db()
    assert (bob.terms_version, bob.privacy_version, bob.marketing_consent) == (1, 1, False)
    # A new version of the terms: asked again, and a stale page cannot accept it unread
    legal_document_publish(actor=alice, kind="terms", title="Terms", body="Be kinder.",
                           summary="Kinder")  # fmt: skip
    assert client.get(home).status_code == 302
    client.post(consent_url, {"terms_version": 1, "privacy_version": 1, "accept": "on"})
    assert client.get(home).status_code == 302
    client.post(consent_url, {"terms_version": 2, "privacy_version": 1, "accept": "on",
                              "marketing": "on"})  # fmt: skip
    assert client.get(home).status_code == 200
    kinds = list(Consent.objects.filter(membership=bob).values_list("kind", "version", "given"))
    assert sorted(kinds) == [("marketing", 0, True), ("privacy", 1, True), ("terms", 1, True),
                             ("terms", 2, True)]  # fmt: skip


def test_marketing_consent_is_kept_apart_and_can_be_withdrawn(client, brand, bob):
    client.force_login(bob.user)
    client.post(reverse("privacy:marketing", args=[bob.pk]), {"given": "1"})
    bob.refresh_from_db()
    assert bob.marketing_consent and bob.terms_version == 0
    client.post(reverse("privacy:marketing", args=[bob.pk]), {"given": "0"})
    bob.refresh_from_db()
    assert not bob.marketing_consent


def test_nobody_changes_anothers_marketing_consent(client, bob, charlie):
    client.force_login(charlie.user)
    assert (
        client.post(reverse("privacy:marketing", args=[bob.pk]), {"given": "1"}).status_code == 404
    )


def test_consent_for_a_stale_version_is_refused(brand, alice, bob):
    legal_document_publish(actor=alice, kind="terms", title="Terms", body="v1")
    with pytest.raises(Conflict):
        consent_record(membership=bob, terms_version=0, privacy_version=0, source="join")


def test_inactive_accounts_are_warned_then_deleted(
    settings, brand, alice, bob, dan, django_capture_on_commit_callbacks
):
    settings.ACCOUNT_RETENTION_DAYS = 365
    settings.ACCOUNT_RETENTION_NOTICE_DAYS = 30
    long_ago = timezone.now() - timedelta(days=400)
    User.objects.filter(pk__in=[bob.user_id, alice.user_id]).update(last_login=long_ago)
    User.objects.filter(pk=dan.user_id).update(last_login=timezone.now())
    with django_capture_on_commit_callbacks(execute=True):
        assert retention_sweep()["warned"] == 2
    assert {m.to[0] for m in mail.outbox} == {"bob@example.org", "alice@example.org"}
    assert retention_sweep()["warned"] == 0  # idempotent
    later = timezone.now() + timedelta(days=31)
    result = retention_sweep(now=later)
    assert result == {"warned": 0, "deleted": 1, "kept": 1}  # alice is the last admin
    assert User.objects.get(pk=bob.user_id).deleted_at is not None
    assert User.objects.get(pk=dan.user_id).deleted_at is None
    assert AuditEvent.objects.filter(action="retention_deleted").count() == 1


def test_retention_is_off_by_default(bob):
    User.objects.filter(pk=bob.user_id).update(last_login=timezone.now() - timedelta(days=5000))
    assert retention_sweep() == {"warned": 0, "deleted": 0, "kept": 0}


def test_every_privacy_action_is_in_the_audit_and_the_operators_read_it(
    client, brand, alice, bob, dan, django_capture_on_commit_callbacks
):
    from cocrea.accounts.personal_export import personal_export_for_download
    from cocrea.accounts.privacy import marketing_consent_set
    from cocrea.accounts.tests.factories import UserFactory

    legal_document_publish(actor=alice, kind="terms", title="Terms", body="Be kind.")
    consent_record(membership=bob, terms_version=1, privacy_version=0, source="join")
    marketing_consent_set(membership=bob, given=True)
    with django_capture_on_commit_callbacks(execute=True):
        export = personal_export_request(user=bob.user)
    personal_export_for_download(user=bob.user, export_id=str(export.pk))
    with pytest.raises(Conflict):
        account_delete(user=alice.user)  # the last admin
    account_delete(user=bob.user)
    expected = {
        "legal_published", "consent_given", "marketing_changed", "data_export_requested",
        "data_export_downloaded", "account_deletion_refused", "account_deleted",
    }  # fmt: skip
    assert expected <= set(AuditEvent.objects.values_list("action", flat=True))
    # A deleted member's past lines keep what happened, not her address
    assert not AuditEvent.objects.filter(actor_label__contains="bob@example.org").exists()
    # The operators' console lists them; nobody else reaches it
    client.force_login(dan.user)
    assert client.get(reverse("operators:audit")).status_code == 404
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    page = client.get(reverse("operators:audit"))
    assert page.status_code == 200 and b"Account deleted" in page.content
