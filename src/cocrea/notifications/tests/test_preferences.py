"""Notification preferences, digests, one-click unsubscribe, grouping, supporters told."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from cocrea.ideas.comment_services import comment_post
from cocrea.ideas.models import Follow
from cocrea.ideas.tests.factories import IdeaFactory
from cocrea.notifications.digests import send_digests
from cocrea.notifications.models import Notification, NotificationPreference
from cocrea.notifications.preferences import preferences_set
from cocrea.notifications.services import notify
from cocrea.notifications.unsubscribe import unsubscribe_token

pytestmark = pytest.mark.django_db


def test_a_digest_groups_a_days_notifications(
    brand, campaign, alice, bob, dan, mona, django_capture_on_commit_callbacks
):
    idea = IdeaFactory(campaign=campaign, author=bob, title="Refill stations")
    other = IdeaFactory(campaign=campaign, author=bob, title="Paper straws")
    Follow.objects.create(idea=idea, member=bob)  # as idea_submit does for its author
    Follow.objects.create(idea=other, member=bob)
    with django_capture_on_commit_callbacks(execute=True):
        for member, text in [(dan, "Yes!"), (mona, "Good idea"), (alice, "We look at it"),
                             (dan, "And in trains")]:  # fmt: skip
            comment_post(member=member, idea=idea, body=text)
        comment_post(member=dan, idea=other, body="Better")
    # New comments are daily by default: nothing was e-mailed at once
    assert mail.outbox == []
    assert set(
        Notification.objects.filter(recipient=bob.user).values_list("email_mode", flat=True)
    ) == {"daily"}
    sent = send_digests(mode="daily", now=timezone.now() + timedelta(seconds=1))
    # One e-mail per person (the commenters follow the idea too, and hear of later comments)
    assert sent == len(mail.outbox) == len({m.to[0] for m in mail.outbox})
    [message] = [m for m in mail.outbox if m.to == ["bob@example.org"]]
    assert "4 new comments on “Refill stations”" in message.body
    assert "New comment on “Paper straws”" in message.body
    assert "And in trains" in message.body  # the latest one's snippet
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert "/notifications/unsubscribe/" in message.extra_headers["List-Unsubscribe"]
    # Run twice: nothing sent twice
    assert send_digests(mode="daily", now=timezone.now() + timedelta(seconds=1)) == 0


def test_the_unsubscribe_link_works_without_login_and_only_for_its_member(client, bob, dan):
    token = unsubscribe_token(bob.user, "new_comment")
    url = reverse("notifications:unsubscribe", args=[token])
    page = client.get(url)
    assert page.status_code == 200 and not NotificationPreference.objects.exists()
    # The mail client's one-click POST, without a session or CSRF token
    response = client.post(url, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    assert NotificationPreference.objects.get(user=bob.user, kind="new_comment").channel == "in_app"
    assert not NotificationPreference.objects.filter(user=dan.user).exists()
    # A changed id or kind breaks the signature: nothing happens
    forged = token[:-3] + ("AAA" if not token.endswith("AAA") else "BBB")
    assert client.post(reverse("notifications:unsubscribe", args=[forged])).status_code == 404
    assert client.post(reverse("notifications:unsubscribe", args=["x" * 400])).status_code == 404
    assert not NotificationPreference.objects.filter(user=dan.user).exists()


def test_an_unsubscribe_from_everything_keeps_the_app(client, brand, bob, alice):
    client.post(reverse("notifications:unsubscribe", args=[unsubscribe_token(bob.user)]))
    notify(recipients=[bob.user], brand=brand, kind="status_changed", actor=alice.user)
    note = Notification.objects.get(recipient=bob.user)
    assert note.email_mode == "none"


def test_off_means_no_notification_at_all(brand, bob, alice):
    preferences_set(user=bob.user, channels={"badge_awarded": "off"})
    notify(recipients=[bob.user], brand=brand, kind="badge_awarded", actor=alice.user)
    assert not Notification.objects.filter(recipient=bob.user).exists()


def test_preferences_page_saves_choices_and_refuses_bad_values(client, bob):
    client.force_login(bob.user)
    page = client.get(reverse("notifications:preferences"))
    assert page.status_code == 200 and b"weekly" in page.content
    client.post(reverse("notifications:preferences"), {"new_comment": "weekly"})
    assert NotificationPreference.objects.get(user=bob.user, kind="new_comment").channel == "weekly"
    bad = client.post(reverse("notifications:preferences"), {"new_comment": "sometimes"})
    assert bad.status_code == 200
    assert NotificationPreference.objects.get(user=bob.user, kind="new_comment").channel == "weekly"


def test_notifications_are_grouped_in_the_app(client, brand, campaign, bob, dan, mona):
    idea = IdeaFactory(campaign=campaign, author=bob, title="Refill stations")
    Follow.objects.create(idea=idea, member=bob)
    for member in (dan, mona, dan):
        comment_post(member=member, idea=idea, body=f"From {member.user.display_name}")
    client.force_login(bob.user)
    page = client.get(reverse("notifications:list")).content.decode()
    assert "3 new comments on “Refill stations”" in page
    assert page.count("notification__link") == 1
    # Opening the group marks all three read
    note = Notification.objects.filter(recipient=bob.user).order_by("-id").first()
    client.get(reverse("notifications:open", args=[note.pk]))
    assert not Notification.objects.filter(recipient=bob.user, read_at=None).exists()
