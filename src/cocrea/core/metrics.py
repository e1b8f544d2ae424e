"""Prometheus metrics: requests, votes, background tasks, queues and the e-mail outbox.

Counted in every process (web and workers) with ``prometheus_client``. With several processes
(gunicorn, celery prefork) set ``PROMETHEUS_MULTIPROC_DIR`` to one empty folder shared by every
process of the machine (deploy/ does): each process writes its own file there and ``/metrics``
adds them up. Queue depths, worker heartbeats and the outbox are read when scraped.

``/metrics`` answers only with ``Authorization: Bearer <METRICS_TOKEN>``; without a token
configured it does not exist (404).
"""

from __future__ import annotations

import hmac
import os
import time
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.views.decorators.cache import never_cache
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
    multiprocess,
)
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector

REQUESTS = Counter("cocrea_http_requests", "HTTP requests answered", ["method", "route", "status"])
LATENCY = Histogram(
    "cocrea_http_request_duration_seconds",
    "Time to answer an HTTP request",
    ["method", "route"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.2, 0.3, 0.5, 1.0, 2.5, 5.0, 10.0),
)
VOTES = Counter("cocrea_votes_cast", "Votes cast", ["kind"])  # kind: idea, contest
TASKS = Counter("cocrea_tasks", "Background tasks finished", ["task", "state"])
TASK_DURATION = Histogram(
    "cocrea_task_duration_seconds",
    "Time a background task ran",
    ["task"],
    buckets=(0.01, 0.05, 0.1, 0.5, 1.0, 5.0, 15.0, 60.0, 300.0, 1800.0),
)


def vote_cast(kind: str) -> None:
    VOTES.labels(kind).inc()


class MetricsMiddleware:
    """First in the list: times every request, labelled by its route name (never the raw path,
    which would make one series per idea)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        start = time.perf_counter()
        response = self.get_response(request)
        match = getattr(request, "resolver_match", None)
        route = (match.view_name or match.route) if match is not None else "unmatched"
        method = request.method if request.method in _METHODS else "other"
        LATENCY.labels(method, route).observe(time.perf_counter() - start)
        REQUESTS.labels(method, route, str(response.status_code)).inc()
        return response


_METHODS = {"GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"}


Provider = Callable[[], Iterable[GaugeMetricFamily]]
_providers: list[Provider] = []


def provide(provider: Provider) -> Provider:
    """Register figures read when scraped (apps call it from ``AppConfig.ready``)."""
    _providers.append(provider)
    return provider


class BackgroundCollector(Collector):
    """Read when scraped: queue depths, seconds since each queue's heartbeat and beat's tick,
    whether /healthz says degraded, and what the apps provide."""

    def collect(self) -> Iterator[GaugeMetricFamily]:
        from cocrea.core.health import background_status

        report, problems = background_status()
        if report.get("mode") == "workers":
            yield from _worker_figures(report)
        yield GaugeMetricFamily(
            "cocrea_degraded", "1 when /healthz says degraded", value=1 if problems else 0
        )
        for provider in _providers:
            yield from provider()


def _worker_figures(report: dict[str, Any]) -> Iterator[GaugeMetricFamily]:
    depth = GaugeMetricFamily("cocrea_queue_depth", "Tasks waiting", labels=["queue"])
    queues = report["queues"] if isinstance(report["queues"], dict) else {}
    for queue, count in queues.items():
        depth.add_metric([queue], count)
    yield depth
    seen = GaugeMetricFamily(
        "cocrea_worker_last_seen_seconds",
        "Seconds since a worker took the queue's heartbeat (-1: never)",
        labels=["queue"],
    )
    for queue, age in report["worker_last_seen_s"].items():
        seen.add_metric([queue], -1 if age is None else age)
    yield seen
    beat = report["beat_last_tick_s"]
    yield GaugeMetricFamily(
        "cocrea_beat_last_tick_seconds",
        "Seconds since beat ticked (-1: never)",
        value=-1 if beat is None else beat,
    )


def _registry() -> CollectorRegistry:
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
    else:
        registry = REGISTRY
    return registry


_background = BackgroundCollector()


@never_cache
def metrics_view(request: HttpRequest) -> HttpResponse:
    token = settings.METRICS_TOKEN
    if not token:
        raise Http404
    given = request.headers.get("Authorization", "").removeprefix("Bearer ").strip()
    if not hmac.compare_digest(given.encode(), token.encode()):
        response = HttpResponse("metrics need a bearer token\n", status=401)
        response["WWW-Authenticate"] = 'Bearer realm="metrics"'
        return response
    registry = _registry()
    extra = CollectorRegistry(auto_describe=True)
    extra.register(_background)
    body = generate_latest(registry) + generate_latest(extra)
    return HttpResponse(body, content_type=CONTENT_TYPE_LATEST)


def task_started(task_id: str) -> None:
    _started[task_id] = time.perf_counter()


def task_finished(task_id: str, name: str, state: str) -> None:
    start = _started.pop(task_id, None)
    TASKS.labels(name, state).inc()
    if start is not None:
        TASK_DURATION.labels(name).observe(time.perf_counter() - start)


_started: dict[str, float] = {}
