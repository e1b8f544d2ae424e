"""/metrics: request, vote, task, queue and outbox figures, behind a bearer token."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from cocrea.core.tasks import purge_rate_limits
from cocrea.ideas.services import vote_cast
from cocrea.ideas.tests.factories import IdeaFactory
from cocrea.notifications.models import OutgoingEmail

pytestmark = pytest.mark.django_db
TOKEN = "s3cret-metrics-token"


@pytest.fixture
def scrape(settings):  # type: ignore[no-untyped-def]
    settings.METRICS_TOKEN = TOKEN

    def _scrape() -> str:
        response = Client().get("/metrics", HTTP_AUTHORIZATION=f"Bearer {TOKEN}")
        assert response.status_code == 200
        assert response["Content-Type"].startswith("text/plain")
        return response.content.decode()

    return _scrape


def _value(text: str, series: str) -> float:
    match = re.search(rf"^{re.escape(series)} ([0-9.e+-]+)$", text, re.M)
    return float(match.group(1)) if match else 0.0


def test_metrics_need_the_token(settings, client: Client):
    settings.METRICS_TOKEN = ""
    assert client.get("/metrics").status_code == 404  # not configured: not there
    settings.METRICS_TOKEN = TOKEN
    assert client.get("/metrics").status_code == 401
    assert client.get("/metrics", HTTP_AUTHORIZATION="Bearer wrong").status_code == 401


def test_requests_are_counted_by_route_and_status(scrape, client: Client, brand, campaign):
    series = 'cocrea_http_requests_total{method="GET",route="ideas:list",status="200"}'
    before = _value(scrape(), series)
    for _ in range(3):
        assert client.get(f"/b/{brand.slug}/c/{campaign.slug}/").status_code == 200
    client.get(f"/b/{brand.slug}/ideas/999999/")
    text = scrape()
    assert _value(text, series) == before + 3
    assert 'route="ideas:detail",status="404"' in text
    assert (
        'cocrea_http_request_duration_seconds_bucket{le="0.3",method="GET",route="ideas:list"}'
        in text
    )
    assert "/b/" not in text  # routes, never paths


def test_votes_tasks_and_the_outbox_are_counted(scrape, campaign, bob, dan):
    votes = 'cocrea_votes_cast_total{kind="idea"}'
    tasks = 'cocrea_tasks_total{state="SUCCESS",task="cocrea.core.tasks.purge_rate_limits"}'
    text = scrape()
    before_votes, before_tasks = _value(text, votes), _value(text, tasks)
    vote_cast(member=dan, idea=IdeaFactory(campaign=campaign, author=bob))
    purge_rate_limits.delay()
    OutgoingEmail.objects.create(to="x@example.org", subject="s", message={}, state="failed")
    text = scrape()
    assert _value(text, votes) == before_votes + 1
    assert _value(text, tasks) == before_tasks + 1
    assert _value(text, 'cocrea_outbox_emails{state="failed"}') == 1
    assert _value(text, "cocrea_degraded") == 0  # tasks inline: nothing waits
