"""Deliveries to a real HTTP receiver: signed, retried, bounded, never sent for a rollback."""

from __future__ import annotations

import hashlib
import hmac
import json
from datetime import timedelta

import pytest
from django.db import transaction
from django.utils import timezone

from cocrea.ideas.services import idea_submit
from cocrea.notifications.models import Notification
from cocrea.webhooks import receiver as behaviours
from cocrea.webhooks.models import Delivery, Endpoint, Event
from cocrea.webhooks.services import (
    deliveries_sweep,
    delivery_attempt,
    emit,
    endpoint_rotate_secret,
)

pytestmark = pytest.mark.django_db


def _submit(member, campaign, title="A cup that stays warm"):  # type: ignore[no-untyped-def]
    return idea_submit(member=member, campaign=campaign, title=title, body="Keeps coffee hot.")


def _make_due(delivery: Delivery) -> None:
    Delivery.objects.filter(pk=delivery.pk).update(next_attempt_at=timezone.now())


def test_a_new_idea_is_delivered_signed_with_the_documented_recipe(
    endpoint, receiver, bob, campaign, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        idea = _submit(bob, campaign)
    [got] = receiver.wait_for(1)
    # The recipe of docs/webhooks.md, written out again here rather than imported.
    timestamp = got.headers["Cocrea-Timestamp"]
    expected = hmac.new(
        endpoint.secret.encode(), timestamp.encode() + b"." + got.body, hashlib.sha256
    ).hexdigest()
    assert got.headers["Cocrea-Signature"] == f"v1={expected}"
    assert got.verified is True
    body = json.loads(got.body)
    assert body["type"] == "idea.created" == got.headers["Cocrea-Event-Type"]
    assert body["id"] == got.headers["Cocrea-Event-Id"]
    assert body["brand"]["slug"] == "cafe-lumiere"
    assert body["data"]["id"] == idea.pk
    assert body["data"]["title"] == "A cup that stays warm"
    assert body["data"]["author"] == {"id": bob.pk, "name": "Bob"}
    assert "bob@example.org" not in got.body.decode()
    delivery = Delivery.objects.get()
    assert delivery.state == Delivery.State.SUCCEEDED and delivery.attempts == 1
    attempt = delivery.attempt_log.get()
    assert attempt.ok and attempt.status == 200 and '"received": true' in attempt.response_excerpt


def test_a_tampered_body_does_not_verify(
    endpoint, receiver, bob, campaign, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _submit(bob, campaign)
    [got] = receiver.wait_for(1)
    assert not receiver.check(got.headers, got.body.replace(b"warm", b"cold"))


@pytest.mark.django_db(transaction=True)
def test_an_event_of_a_rolled_back_transaction_is_never_delivered(
    endpoint, receiver, bob, campaign
):
    with pytest.raises(RuntimeError), transaction.atomic():
        _submit(bob, campaign)
        assert Event.objects.count() == 1  # written beside the idea, in its transaction
        raise RuntimeError("the request failed after the idea")
    assert Event.objects.count() == 0 and Delivery.objects.count() == 0
    deliveries_sweep()
    assert receiver.wait_for(1, timeout=1.0) == []
    _submit(bob, campaign, title="Committed")  # a committed one is sent at once
    [got] = receiver.wait_for(1)
    assert got.json()["data"]["title"] == "Committed"


def test_nothing_is_written_when_no_endpoint_listens(brand, bob, campaign, endpoint):
    Endpoint.objects.filter(pk=endpoint.pk).update(event_types=["comment.created"])
    _submit(bob, campaign)
    assert Event.objects.count() == 0


def test_another_brands_endpoint_never_hears_this_brand(
    other_brand, charlie, bob, campaign, receiver
):
    from cocrea.webhooks.services import endpoint_create

    endpoint_create(
        actor=charlie, brand=other_brand, url=receiver.url, event_types=["idea.created"]
    )
    _submit(bob, campaign)
    assert Event.objects.count() == 0


@pytest.mark.parametrize(
    ("behaviour", "error"),
    [
        (behaviours.FAIL, "HTTP 500"),
        (behaviours.REDIRECT, "redirect to 'http://127.0.0.1:"),
        (behaviours.HUGE, "answer longer than"),
        (behaviours.STREAM, "answer longer than"),
        (behaviours.HANG, "timeout after 1 s"),
    ],
)
def test_a_misbehaving_receiver_fails_cleanly_and_is_retried(
    endpoint, receiver, bob, campaign, settings, behaviour, error
):
    settings.WEBHOOK_TIMEOUT_S = 1
    settings.WEBHOOK_MAX_RESPONSE_BYTES = 1024 * 1024
    receiver.behaviour = behaviour
    receiver.hang_s = 3.0
    _submit(bob, campaign)
    delivery = Delivery.objects.get()
    before = timezone.now()
    done = delivery_attempt(delivery_id=delivery.pk)
    assert done is not None
    assert done.state == Delivery.State.PENDING and done.attempts == 1
    assert error in done.last_error
    assert done.next_attempt_at > before + timedelta(seconds=20)  # backed off, not hammered
    attempt = done.attempt_log.get()
    assert not attempt.ok and attempt.duration_ms < 3000 and "\x00" not in attempt.response_excerpt
    if behaviour == behaviours.REDIRECT:
        assert [r.path for r in receiver.received] == ["/hooks"]  # /moved never asked
    # Not due yet: a second worker's message does nothing.
    assert delivery_attempt(delivery_id=delivery.pk) is None
    # Due again, the receiver mended: delivered on the second attempt.
    receiver.behaviour = behaviours.OK
    _make_due(delivery)
    again = delivery_attempt(delivery_id=delivery.pk)
    assert again is not None and again.state == Delivery.State.SUCCEEDED and again.attempts == 2
    assert Endpoint.objects.get(pk=endpoint.pk).consecutive_failures == 0


def test_retries_stop_after_the_retry_window(endpoint, receiver, bob, campaign, settings):
    receiver.behaviour = behaviours.FAIL
    _submit(bob, campaign)
    delivery = Delivery.objects.get()
    Delivery.objects.filter(pk=delivery.pk).update(
        created_at=timezone.now()
        - timedelta(hours=settings.WEBHOOK_RETRY_HOURS)
        + timedelta(seconds=10)  # the next try (30 s) would fall after the window
    )
    done = delivery_attempt(delivery_id=delivery.pk)
    assert done is not None and done.state == Delivery.State.FAILED and done.finished_at


def test_backoff_doubles_up_to_an_hour():
    from cocrea.webhooks.services import backoff

    assert 27 <= backoff(1).total_seconds() <= 33
    assert 54 <= backoff(2).total_seconds() <= 66
    assert 3240 <= backoff(30).total_seconds() <= 3960


def test_private_addresses_are_refused_unless_allowed(endpoint, receiver, bob, campaign, settings):
    settings.WEBHOOK_ALLOWED_NETWORKS = []
    _submit(bob, campaign)
    done = delivery_attempt(delivery_id=Delivery.objects.get().pk)
    assert done is not None and done.state == Delivery.State.PENDING
    assert "refused: address 127.0.0.1 is not public" in done.last_error
    assert receiver.wait_for(1, timeout=0.5) == []


def test_after_rotation_both_secrets_sign_until_the_old_one_expires(
    endpoint, receiver, alice, bob, campaign, django_capture_on_commit_callbacks
):
    old = endpoint.secret
    endpoint = endpoint_rotate_secret(actor=alice, endpoint=endpoint)
    assert endpoint.secret != old and endpoint.previous_secret == old
    receiver.secrets = [old]  # a receiver that has not switched yet
    with django_capture_on_commit_callbacks(execute=True):
        _submit(bob, campaign)
    [got] = receiver.wait_for(1)
    assert got.verified is True
    assert got.headers["Cocrea-Signature"].count("v1=") == 2
    Endpoint.objects.filter(pk=endpoint.pk).update(previous_secret_expires_at=timezone.now())
    with django_capture_on_commit_callbacks(execute=True):
        _submit(bob, campaign, title="After the grace")
    last = receiver.wait_for(2)[-1]
    assert last.verified is False and last.headers["Cocrea-Signature"].count("v1=") == 1
    receiver.secrets = [endpoint.secret]
    assert receiver.check(last.headers, last.body) is True


def test_an_endpoint_failing_again_and_again_is_switched_off_and_admins_told(
    endpoint, receiver, alice, mona, bob, campaign, settings
):
    settings.WEBHOOK_DISABLE_AFTER_FAILURES = 3
    settings.WEBHOOK_DISABLE_AFTER_HOURS = 0
    receiver.behaviour = behaviours.FAIL
    for n in range(4):
        _submit(bob, campaign, title=f"Idea {n}")
    deliveries = list(Delivery.objects.order_by("created_at"))
    for delivery in deliveries[:3]:
        delivery_attempt(delivery_id=delivery.pk)
    endpoint.refresh_from_db()
    assert not endpoint.is_active and endpoint.disabled_at is not None
    assert endpoint.consecutive_failures == 3
    # The one never tried is given up (it can be sent again by hand), and nothing more is sent.
    assert Delivery.objects.get(pk=deliveries[3].pk).state == Delivery.State.FAILED
    assert delivery_attempt(delivery_id=deliveries[3].pk) is None
    told = Notification.objects.filter(kind="webhook_disabled")
    assert [n.recipient_id for n in told] == [alice.user_id]  # admins only, not mona
    from cocrea.notifications.texts import notification_text, target_path

    assert "switched off" in notification_text(told[0])
    assert target_path(told[0]) == "/b/cafe-lumiere/console/webhooks/"
    _submit(bob, campaign, title="While off")
    assert Delivery.objects.count() == 4  # a switched-off endpoint gets no new deliveries


def test_the_sweep_hands_due_deliveries_to_workers_once(endpoint, receiver, bob, campaign):
    receiver.behaviour = behaviours.FAIL
    _submit(bob, campaign)
    delivery = Delivery.objects.get()
    delivery_attempt(delivery_id=delivery.pk)  # fails, due again later
    assert deliveries_sweep() == 0  # not due yet
    receiver.behaviour = behaviours.OK
    _make_due(delivery)
    assert deliveries_sweep() == 1  # eager in tests: sent in line
    assert Delivery.objects.get().state == Delivery.State.SUCCEEDED
    assert deliveries_sweep() == 0


def test_a_worker_killed_mid_way_leaves_a_lease_that_expires(endpoint, receiver, bob, campaign):
    _submit(bob, campaign)
    delivery = Delivery.objects.get()
    # A worker claimed it and died before recording anything.
    Delivery.objects.filter(pk=delivery.pk).update(
        state=Delivery.State.SENDING,
        attempts=1,
        next_attempt_at=timezone.now() + timedelta(minutes=1),
    )
    assert delivery_attempt(delivery_id=delivery.pk) is None  # its lease still runs
    Delivery.objects.filter(pk=delivery.pk).update(next_attempt_at=timezone.now())
    done = delivery_attempt(delivery_id=delivery.pk)
    assert done is not None and done.state == Delivery.State.SUCCEEDED and done.attempts == 2
    assert [r.headers["Cocrea-Delivery-Attempt"] for r in receiver.received] == ["2"]


def test_emit_refuses_an_unregistered_type(brand):
    with pytest.raises(ValueError, match="unregistered"):
        emit(brand=brand, event_type="idea.exploded", payload={})


def test_a_milestone_is_told_once(endpoint, receiver, bob, campaign):
    from cocrea.webhooks.events import vote_counted

    idea = _submit(bob, campaign)
    vote_counted(idea, 10)
    vote_counted(idea, 10)  # reached again after a withdrawal
    vote_counted(idea, 11)  # not a milestone
    assert Event.objects.filter(type="idea.vote_milestone").count() == 1
