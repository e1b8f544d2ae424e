"""Webhook deliveries through real Celery workers on Redis: a worker killed mid-way (SIGKILL),
a message lost with the broker, a retry, each delivered in the end."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from cocrea.ideas.services import idea_submit
from cocrea.webhooks import receiver as behaviours
from cocrea.webhooks.models import Attempt, Delivery, Event
from cocrea.webhooks.receiver import Receiver
from cocrea.webhooks.services import endpoint_create
from cocrea.webhooks.tests.conftest import port_range
from tests.workers.conftest import wait_until

pytestmark = [pytest.mark.workers, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def receiver():  # type: ignore[no-untyped-def]
    with Receiver(ports=port_range()) as server:
        yield server


@pytest.fixture
def endpoint(brand, alice, receiver):  # type: ignore[no-untyped-def]
    hook = endpoint_create(actor=alice, brand=brand, url=receiver.url, event_types=["idea.created"])
    receiver.secrets = [hook.secret]
    return hook


def _submit(member, campaign, title="A cup that stays warm"):  # type: ignore[no-untyped-def]
    return idea_submit(member=member, campaign=campaign, title=title, body="Keeps coffee hot.")


def _state() -> str:
    return Delivery.objects.get().state


def test_a_delivery_whose_worker_is_killed_mid_way_is_delivered_once_it_restarts(
    celery_worker, endpoint, receiver, bob, campaign
):
    receiver.behaviour, receiver.hang_s = behaviours.HANG, 60.0
    worker = celery_worker(
        queues="webhooks", env={"WEBHOOK_TIMEOUT_S": "8", "WEBHOOK_LEASE_MARGIN_S": "1"}
    )
    _submit(bob, campaign)  # committed: the message goes to Redis after commit
    [first] = receiver.wait_for(1, timeout=120)  # the worker is sending; the receiver hangs
    worker.kill()  # SIGKILL, mid-request: no answer recorded, no acknowledgement sent
    delivery = Delivery.objects.get()
    assert delivery.state == Delivery.State.SENDING and not Attempt.objects.exists()
    receiver.behaviour = behaviours.OK
    worker.start()  # the broker hands the unacknowledged message out again
    wait_until(lambda: _state() == Delivery.State.SUCCEEDED, timeout=120)
    received = receiver.received
    assert [r.json()["id"] for r in received] == [first.json()["id"]] * len(received)
    assert all(r.verified for r in received)
    delivery.refresh_from_db()
    assert delivery.attempts == 2
    assert list(Attempt.objects.values_list("number", "ok")) == [(2, True)]


def test_the_periodic_sweep_sends_a_delivery_whose_message_was_lost(
    celery_worker, endpoint, receiver, brand
):
    event = Event.objects.create(brand=brand, type="idea.created", payload={"id": 1})
    long_ago = timezone.now() - timedelta(minutes=10)
    Delivery.objects.create(
        brand=brand, event=event, endpoint=endpoint, next_attempt_at=long_ago, enqueued_at=long_ago
    )
    celery_worker(queues="webhooks", beat=True, env={"WEBHOOK_SWEEP_EVERY_S": "1"})
    [got] = receiver.wait_for(1, timeout=120)
    assert got.verified and got.json()["id"] == str(event.pk)
    wait_until(lambda: _state() == Delivery.State.SUCCEEDED, timeout=60)


def test_a_failed_delivery_is_retried_by_the_sweep(
    celery_worker, endpoint, receiver, bob, campaign
):
    receiver.behaviour = behaviours.FAIL
    celery_worker(
        queues="webhooks",
        beat=True,
        env={"WEBHOOK_SWEEP_EVERY_S": "1", "WEBHOOK_BACKOFF_BASE_S": "1"},
    )
    _submit(bob, campaign)
    receiver.wait_for(1, timeout=120)
    receiver.behaviour = behaviours.OK
    wait_until(lambda: _state() == Delivery.State.SUCCEEDED, timeout=120)
    assert list(Attempt.objects.order_by("number").values_list("number", "ok", "status")) == [
        (1, False, 500),
        (2, True, 200),
    ]
