"""The notification centre: list, open, mark all read, and the e-mails."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from cocrea.campaigns.tests.factories import CampaignFactory
from cocrea.ideas.models import Follow, Idea
from cocrea.ideas.tests.factories import CommentFactory, IdeaFactory
from cocrea.ideas.workflow import idea_set_status
from cocrea.notifications.emails import send_pending
from cocrea.notifications.models import Notification
from cocrea.notifications.services import notify

Kind = Notification.Kind
LIST = "/notifications/"


@pytest.fixture
def idea(campaign, bob):
    return IdeaFactory(campaign=campaign, author=bob, title="Cup with a lid")


def _status_note(recipient, idea, to="accepted", **extra):
    return Notification.objects.create(
        recipient=recipient,
        brand=idea.brand,
        kind=Kind.STATUS_CHANGED,
        idea=idea,
        data={"from": "new", "to": to},
        **extra,
    )


def test_urls_are_where_base_html_expects_them():
    assert reverse("notifications:list") == LIST
    assert reverse("notifications:open", args=[3]) == "/notifications/3/open/"


def test_anonymous_is_sent_to_login(client, idea, bob):
    note = _status_note(bob.user, idea)
    for response in (
        client.get(LIST),
        client.get(reverse("notifications:open", args=[note.pk])),
        client.post(reverse("notifications:mark_all_read")),
    ):
        assert response.status_code == 302
        assert reverse("account_login") in response["Location"]
    assert Notification.objects.get(pk=note.pk).read_at is None


def test_list_shows_only_my_notifications_unread_highlighted(as_bob, bob, dan, idea):
    _status_note(bob.user, idea)
    _status_note(bob.user, idea, to="launched", read_at=timezone.now())
    _status_note(dan.user, idea, to="declined")
    response = as_bob.get(LIST, HTTP_ACCEPT_LANGUAGE="en")
    page = response.content.decode()
    assert page.count('class="notification notification--unread"') == 1
    assert page.count('class="notification"') == 1
    assert "Your idea “Cup with a lid” is now Accepted" in page
    assert "Your idea “Cup with a lid” is now Launched" in page
    assert "Declined" not in page


def test_follower_reads_a_follower_sentence(as_bob, bob, campaign, dan):
    idea = IdeaFactory(campaign=campaign, author=dan, title="Oat milk")
    _status_note(bob.user, idea, to="under_review")
    page = as_bob.get(LIST).content.decode()
    assert "The idea “Oat milk” you follow is now Under review" in page


@pytest.fixture
def tagged_gettext(monkeypatch):
    """Prefix every notification sentence with the language active when it was rendered."""
    from django.utils.translation import get_language

    def tagged(message):
        return f"[{get_language()}] {message}"

    monkeypatch.setattr("cocrea.notifications.texts.gettext", tagged)


def test_text_is_rendered_in_the_readers_current_language(as_bob, bob, idea, tagged_gettext):
    bob.user.language = "fr"
    bob.user.save(update_fields=["language"])
    notify(recipients=[bob.user], brand=idea.brand, kind=Kind.NEW_COMMENT, idea=idea)
    assert "[fr] New comment on “Cup with a lid”" in as_bob.get(LIST).content.decode()
    as_bob.post(reverse("set_language"), {"language": "en"})
    assert "[en] New comment on “Cup with a lid”" in as_bob.get(LIST).content.decode()


def test_outsider_sees_none_of_the_brand_notifications(as_charlie, bob, idea):
    _status_note(bob.user, idea)
    page = as_charlie.get(LIST).content.decode()
    assert "Cup with a lid" not in page


def test_opening_marks_read_and_redirects_to_the_idea(as_bob, bob, idea):
    note = _status_note(bob.user, idea)
    response = as_bob.get(reverse("notifications:open", args=[note.pk]))
    assert response.status_code == 302
    assert response["Location"].startswith("/b/cafe-lumiere/")
    assert str(idea.pk) in response["Location"]
    assert Notification.objects.get(pk=note.pk).read_at is not None


def test_opening_someone_elses_notification_is_404(as_charlie, bob, idea):
    note = _status_note(bob.user, idea)
    assert as_charlie.get(reverse("notifications:open", args=[note.pk])).status_code == 404
    assert Notification.objects.get(pk=note.pk).read_at is None


def test_opening_an_unknown_notification_is_404(as_bob):
    assert as_bob.get("/notifications/999999/open/").status_code == 404
    assert as_bob.get("/notifications/abc/open/").status_code == 404


def test_mark_all_read(as_bob, bob, dan, idea):
    mine = [_status_note(bob.user, idea) for _ in range(3)]
    theirs = _status_note(dan.user, idea)
    assert as_bob.get(reverse("notifications:mark_all_read")).status_code == 405
    response = as_bob.post(reverse("notifications:mark_all_read"))
    assert response.status_code == 302
    assert all(Notification.objects.get(pk=n.pk).read_at for n in mine)
    assert Notification.objects.get(pk=theirs.pk).read_at is None


def test_unread_count_in_the_top_bar(as_bob, bob, idea):
    _status_note(bob.user, idea)
    _status_note(bob.user, idea)
    page = as_bob.get(LIST).content.decode()
    assert 'data-testid="unread-count">2<' in page


def test_list_query_count(as_bob, bob, campaign, django_assert_max_num_queries):
    for n in range(40):
        idea = IdeaFactory(campaign=campaign, title=f"Idea {n}")
        _status_note(bob.user, idea)
    with django_assert_max_num_queries(8):
        response = as_bob.get(LIST)
    assert response.content.decode().count("notification--unread") == 30


# --- E-mails ----------------------------------------------------------------------------------


def test_status_change_emails_author_and_follower_not_the_actor(
    mona, bob, dan, idea, mailoutbox, django_capture_on_commit_callbacks
):
    Follow.objects.create(idea=idea, member=dan)
    with django_capture_on_commit_callbacks(execute=True):
        idea_set_status(
            actor_membership=mona, idea=idea, to_status="accepted", answer="<p>Yes!</p>"
        )
    assert sorted(m.to[0] for m in mailoutbox) == ["bob@example.org", "dan@example.org"]
    assert not Notification.objects.filter(emailed_at=None).exists()


def test_email_is_in_the_recipients_language(
    mona, bob, dan, idea, mailoutbox, django_capture_on_commit_callbacks
):
    bob.user.language = "en"
    bob.user.save(update_fields=["language"])
    with django_capture_on_commit_callbacks(execute=True):
        idea_set_status(
            actor_membership=mona, idea=idea, to_status="accepted", answer="<p>Well done</p>"
        )
    (mail,) = mailoutbox
    assert "Your idea “Cup with a lid” is now Accepted" in mail.subject
    assert "Hello Bob," in mail.body
    assert "Well done" in mail.body
    assert f"{settings.SITE_URL}/b/cafe-lumiere/" in mail.body
    html, mimetype = mail.alternatives[0]
    assert mimetype == "text/html"
    assert "<p>Well done</p>" in html
    assert 'lang="en"' in html


def test_each_recipient_gets_the_email_in_their_own_language(
    mona, bob, dan, idea, mailoutbox, tagged_gettext, django_capture_on_commit_callbacks
):
    bob.user.language, dan.user.language = "en", "fr"
    bob.user.save(update_fields=["language"])
    dan.user.save(update_fields=["language"])
    Follow.objects.create(idea=idea, member=dan)
    with django_capture_on_commit_callbacks(execute=True):
        idea_set_status(actor_membership=mona, idea=idea, to_status="accepted")
    by_address = {m.to[0]: m for m in mailoutbox}
    assert "[en] Your idea “Cup with a lid” is now Accepted" in by_address["bob@example.org"].body
    assert "[fr] The idea “Cup with a lid” you follow" in by_address["dan@example.org"].subject
    assert 'lang="fr"' in by_address["dan@example.org"].alternatives[0][0]


def test_emails_are_sent_once(bob, idea, mailoutbox):
    note = _status_note(bob.user, idea)
    assert send_pending([note.pk]) == 1
    assert send_pending([note.pk]) == 0
    assert len(mailoutbox) == 1
    assert Notification.objects.get(pk=note.pk).emailed_at is not None


def test_failed_send_releases_the_claim(bob, idea, monkeypatch):
    note = _status_note(bob.user, idea)

    def explode(*args, **kwargs):
        raise OSError("smtp down")

    monkeypatch.setattr("django.core.mail.EmailMultiAlternatives.send", explode)
    with pytest.raises(OSError):
        send_pending([note.pk])
    assert Notification.objects.get(pk=note.pk).emailed_at is None


def test_every_kind_has_a_sentence(bob, idea, mailoutbox, campaign):
    comment = CommentFactory(idea=idea)
    other = IdeaFactory(campaign=campaign)
    rows = [
        Notification.objects.create(
            recipient=bob.user,
            brand=idea.brand,
            kind=kind,
            idea=idea,
            comment=comment if kind != Kind.IDEA_MERGED else None,
            data={"source_title": other.title, "to": "merged"},
        )
        for kind in Kind.values
    ]
    assert send_pending([r.pk for r in rows]) == len(Kind.values)
    subjects = " | ".join(m.subject for m in mailoutbox)
    assert "Cup with a lid" in subjects
    assert other.title in subjects


def test_notification_of_another_brand_links_to_its_own_brand(as_charlie, charlie, other_brand):
    idea = IdeaFactory(campaign=CampaignFactory(brand=other_brand), author=charlie)
    note = _status_note(charlie.user, idea)
    response = as_charlie.get(reverse("notifications:open", args=[note.pk]))
    assert response["Location"].startswith("/b/globex/")
    assert Idea.objects.count() == 1


def test_supporters_are_told_when_the_brand_answers(client, alice, bob, dan, idea):
    """They were not (issue 18): a vote is the first sign of interest a member gives."""
    from cocrea.brands.tests.factories import MembershipFactory
    from cocrea.ideas.services import vote_cast

    eve = MembershipFactory(brand=idea.brand)
    vote_cast(member=dan, idea=idea)
    vote_cast(member=eve, idea=idea)
    Follow.objects.create(idea=idea, member=eve)  # follows and supports: told once
    idea_set_status(actor_membership=alice, idea=idea, to_status="accepted", answer="Oui !")
    told = Notification.objects.filter(kind=Kind.STATUS_CHANGED, idea=idea)
    assert sorted(told.values_list("recipient_id", flat=True)) == sorted(
        [bob.user_id, dan.user_id, eve.user_id]
    )
    client.force_login(dan.user)
    assert (
        "The idea “Cup with a lid” you support is now Accepted" in client.get(LIST).content.decode()
    )
    client.force_login(eve.user)
    assert (
        "The idea “Cup with a lid” you follow is now Accepted" in client.get(LIST).content.decode()
    )


def test_a_supporter_who_opted_out_is_not_told(alice, bob, dan, idea):
    from cocrea.ideas.services import vote_cast
    from cocrea.notifications.preferences import preferences_set

    vote_cast(member=dan, idea=idea)
    preferences_set(user=dan.user, channels={"status_changed": "off"})
    idea_set_status(actor_membership=alice, idea=idea, to_status="accepted", answer="Oui !")
    told = Notification.objects.filter(kind=Kind.STATUS_CHANGED, idea=idea)
    assert list(told.values_list("recipient_id", flat=True)) == [bob.user_id]  # the author
