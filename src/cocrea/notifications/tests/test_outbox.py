"""The e-mail outbox: written in the caller's transaction, delivered after commit, retried with
growing waits, never sent twice, claims of dead workers taken back by the sweep."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.core.mail import EmailMessage, EmailMultiAlternatives
from django.db import transaction
from django.utils import timezone

from cocrea.celery import app
from cocrea.ideas.tests.factories import IdeaFactory
from cocrea.notifications.models import Notification, OutgoingEmail
from cocrea.notifications.outbox import backoff, deliver, outbox_put, rebuild, sweep

pytestmark = pytest.mark.django_db
LOCMEM = "django.core.mail.backends.locmem.EmailBackend"
State = OutgoingEmail.State


@pytest.fixture
def idea(campaign, bob):  # type: ignore[no-untyped-def]
    return IdeaFactory(campaign=campaign, author=bob, title="Cup with a lid")


@pytest.fixture
def outbox(settings):  # type: ignore[no-untyped-def]
    settings.EMAIL_BACKEND = "cocrea.notifications.outbox.OutboxBackend"
    settings.EMAIL_DELIVERY_BACKEND = LOCMEM
    return settings


class Refusing:
    """A delivery backend whose server is down."""

    def __init__(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        pass

    def __enter__(self):  # type: ignore[no-untyped-def]
        return self

    def __exit__(self, *exc):  # type: ignore[no-untyped-def]
        return False

    def send_messages(self, messages):  # type: ignore[no-untyped-def]
        raise ConnectionRefusedError("smtp down")


def _message(subject: str = "Bonjour") -> EmailMultiAlternatives:
    message = EmailMultiAlternatives(
        subject, "Texte", "Cocréa <no-reply@x.test>", ["bob@example.org"], cc=["c@x.test"]
    )
    message.attach_alternative("<p>Texte</p>", "text/html")
    message.attach("a.txt", b"\x00\x01binary", "application/octet-stream")
    return message


def test_an_e_mail_is_written_then_delivered_after_commit(
    outbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        assert _message().send() == 1
        assert OutgoingEmail.objects.get().state == State.PENDING
        assert mail.outbox == []  # nothing leaves before the commit
    row = OutgoingEmail.objects.get()
    assert row.state == State.SENT and row.attempts == 1 and row.sent_at is not None
    (sent,) = mail.outbox
    assert sent.subject == "Bonjour" and sent.to == ["bob@example.org"] and sent.cc == ["c@x.test"]
    assert sent.alternatives[0][0] == "<p>Texte</p>"
    assert sent.attachments[0][1] == b"\x00\x01binary"


def test_a_rolled_back_change_sends_nothing(outbox, django_capture_on_commit_callbacks):
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        EmailMessage("x", "y", to=["bob@example.org"]).send()
        raise RuntimeError
    assert OutgoingEmail.objects.count() == 0 and mail.outbox == []


def test_a_failed_delivery_waits_longer_each_time_then_gives_up(outbox, monkeypatch):
    outbox.EMAIL_MAX_ATTEMPTS = 3
    monkeypatch.setattr("cocrea.notifications.outbox.get_connection", Refusing)
    row = outbox_put(_message())
    assert deliver(row.pk) == State.PENDING
    row.refresh_from_db()
    assert row.attempts == 1 and "smtp down" in row.last_error
    assert row.next_attempt_at > timezone.now() + timedelta(seconds=50)
    assert deliver(row.pk) == "skipped"  # not due yet
    for _attempt in (2, 3):
        OutgoingEmail.objects.filter(pk=row.pk).update(next_attempt_at=timezone.now())
        deliver(row.pk)
    row.refresh_from_db()
    assert row.state == State.FAILED and row.attempts == 3
    assert [backoff(n).total_seconds() for n in (1, 2, 3, 4, 5, 9)] == [
        60,
        300,
        1800,
        7200,
        21600,
        21600,
    ]


def test_a_row_is_delivered_once_and_only_its_own_task_takes_its_claim_back(outbox):
    row = outbox_put(_message())
    OutgoingEmail.objects.filter(pk=row.pk).update(state=State.SENDING, claimed_by="task-1")
    assert deliver(row.pk, claimer="task-2") == "skipped"  # another task: hands off
    assert deliver(row.pk, claimer="task-1") == State.SENT  # the same task, redelivered
    assert deliver(row.pk, claimer="task-1") == "skipped"
    assert len(mail.outbox) == 1


def test_the_sweep_takes_back_dead_claims_queues_due_rows_and_purges_old_ones(outbox):
    now = timezone.now()
    old = now - timedelta(hours=1)
    stale = outbox_put(_message("stale"))
    due = outbox_put(_message("due"))
    done = outbox_put(_message("done"))
    OutgoingEmail.objects.filter(pk=stale.pk).update(
        state=State.SENDING, claimed_at=old, claimed_by="dead", created_at=old, next_attempt_at=old
    )
    OutgoingEmail.objects.filter(pk=due.pk).update(created_at=old, next_attempt_at=old)
    OutgoingEmail.objects.filter(pk=done.pk).update(
        state=State.SENT, sent_at=now - timedelta(days=30)
    )
    result = sweep(now)
    assert result == {"released": 1, "queued": 2, "purged": 1}
    assert sorted(m.subject for m in mail.outbox) == ["due", "stale"]  # inline: sent by the sweep
    assert not OutgoingEmail.objects.filter(pk=done.pk).exists()


def test_notifications_whose_task_was_lost_are_e_mailed_by_the_sweep(
    outbox, bob, idea, django_capture_on_commit_callbacks
):
    from cocrea.notifications.emails import sweep_unsent

    note = Notification.objects.create(
        recipient=bob.user,
        brand=idea.campaign.brand,
        kind="status_changed",
        idea=idea,
        data={"from": "new", "to": "accepted"},
    )
    assert sweep_unsent() == 0  # too young: its own task may still come
    Notification.objects.filter(pk=note.pk).update(created_at=timezone.now() - timedelta(minutes=5))
    with django_capture_on_commit_callbacks(execute=True):
        assert sweep_unsent() == 1
    assert sweep_unsent() == 0
    assert [m.to for m in mail.outbox] == [[bob.user.email]]


def test_a_serialised_message_comes_back_whole():
    data = {
        "subject": "S",
        "body": "B",
        "from_email": "f@x.test",
        "to": ["t@x.test"],
        "cc": [],
        "bcc": ["b@x.test"],
        "reply_to": ["r@x.test"],
        "headers": {"X-Tag": "1"},
        "alternatives": [["<b>B</b>", "text/html"]],
        "attachments": [],
        "content_subtype": "plain",
    }
    message = rebuild(data)
    assert message.recipients() == ["t@x.test", "b@x.test"]
    assert message.extra_headers == {"X-Tag": "1"} and message.reply_to == ["r@x.test"]


@pytest.mark.parametrize(
    ("task", "queue"),
    [
        ("cocrea.notifications.tasks.deliver_email", "email"),
        ("cocrea.notifications.tasks.send_notification_emails", "email"),
        ("cocrea.insights.tasks.ingest_contribution", "interactive"),
        ("cocrea.insights.tasks.analyse_voice", "interactive"),
        ("cocrea.insights.tasks.analyse_voices", "interactive"),
        ("cocrea.webhooks.tasks.deliver", "webhooks"),
        ("cocrea.insights.tasks.recompute_themes", "batch"),
        ("cocrea.exports.tasks.run_export", "batch"),
        ("cocrea.notifications.tasks.sweep_outbox", "batch"),
        ("cocrea.anything.else", "batch"),
    ],
)
def test_tasks_are_routed_to_the_queue_of_their_kind(task, queue):
    route = app.amqp.router.route({}, task)
    assert route["queue"].name == queue
