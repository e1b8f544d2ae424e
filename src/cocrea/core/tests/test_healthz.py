"""/healthz: the database, Redis, and the background work (queues, workers, beat)."""

from __future__ import annotations

import time

import pytest
from django.core.cache import cache
from django.test import Client

from cocrea.core.health import BEAT_KEY, QUEUES, heartbeat_key

pytestmark = pytest.mark.django_db


def test_inline_tasks_have_nothing_to_wait_for(client: Client):
    body = client.get("/healthz").json()
    assert body["status"] == "ok" and body["database"] == "ok"
    assert body["tasks"] == {"mode": "inline"} and body["problems"] == []


@pytest.fixture
def with_workers(settings):  # type: ignore[no-untyped-def]
    """The settings of a deployment with a broker (its queues asked of the test's broker)."""
    settings.CELERY_TASK_ALWAYS_EAGER = False
    for key in [BEAT_KEY, *(heartbeat_key(q) for q in QUEUES)]:
        cache.delete(key)
    return settings


def test_without_workers_and_beat_the_platform_is_degraded(client: Client, with_workers):
    response = client.get("/healthz")
    body = response.json()
    assert response.status_code == 200  # pages still answer
    assert body["status"] == "degraded"
    assert "beat is not running" in body["problems"]
    assert {f"no worker consumes queue {q}" for q in QUEUES} <= set(body["problems"])
    assert set(body["tasks"]["queues"]) == set(QUEUES)


def test_a_queue_whose_worker_stopped_is_named(client: Client, with_workers):
    now = time.time()
    cache.set(BEAT_KEY, now)
    for queue in QUEUES:
        cache.set(heartbeat_key(queue), now if queue != "email" else now - 600)
    body = client.get("/healthz").json()
    assert body["status"] == "degraded"
    assert body["problems"] == ["no worker consumes queue email"]
    assert body["tasks"]["worker_last_seen_s"]["email"] >= 600
    cache.set(heartbeat_key("email"), now)
    assert client.get("/healthz").json()["status"] == "ok"


def test_the_heartbeat_task_notes_its_queue():
    from cocrea.core.tasks import heartbeat

    cache.delete(heartbeat_key("email"))
    heartbeat.delay("email")
    assert time.time() - cache.get(heartbeat_key("email")) < 5


def test_pages_that_need_no_embedding_do_not_load_the_model(client, bob, campaign, monkeypatch):
    """The model is loaded by the processes that analyse (workers) or suggest similar ideas,
    at first use: a web process serving pages does not carry it."""
    from cocrea.ideas.tests.factories import IdeaFactory
    from cocrea.insights.analysis import embedding

    monkeypatch.setattr(embedding, "_model", None)
    idea = IdeaFactory(campaign=campaign, author=bob)
    client.force_login(bob.user)
    slug = campaign.brand.slug
    for path in [f"/b/{slug}/", f"/b/{slug}/c/{campaign.slug}/", f"/b/{slug}/ideas/{idea.pk}/"]:
        assert client.get(path).status_code == 200
    assert embedding._model is None
