"""What ``/healthz`` reports about the background work: queue depths, when a worker last took
a heartbeat from each queue, when beat last ticked.

Beat sends ``core.tasks.heartbeat`` to every queue every ``HEARTBEAT_EVERY_S`` seconds; the
worker that takes it writes the time in the shared cache. A queue whose heartbeat is older than
``HEALTH_STALE_S`` has no worker consuming it (or one so far behind that it amounts to the
same): the platform is *degraded* — pages answer, e-mails and analyses wait.
"""

from __future__ import annotations

import time
from typing import Any

from django.conf import settings
from django.core.cache import cache

QUEUES = ("interactive", "email", "webhooks", "batch")
BEAT_KEY = "health:beat:last_tick"


def heartbeat_key(queue: str) -> str:
    return f"health:worker:{queue}"


def beat_ticked(now: float | None = None) -> None:
    cache.set(BEAT_KEY, now or time.time(), 24 * 3600)


def worker_seen(queue: str, now: float | None = None) -> None:
    cache.set(heartbeat_key(queue), now or time.time(), 24 * 3600)


def queue_depths() -> dict[str, int]:
    """Messages waiting in each queue, asked of the broker (Redis or RabbitMQ alike)."""
    from cocrea.celery import app

    depths: dict[str, int] = {}
    with app.connection_for_read() as connection:
        connection.ensure_connection(max_retries=1, timeout=2)
        channel = connection.default_channel
        for queue in QUEUES:
            try:
                depths[queue] = int(channel.queue_declare(queue=queue, passive=True).message_count)
            except Exception:  # never declared yet (no worker ever started): nothing waits
                channel = connection.channel()
                depths[queue] = 0
    return depths


def _age(value: Any, now: float) -> int | None:
    return None if value is None else max(0, int(now - float(value)))


def background_status(now: float | None = None) -> tuple[dict[str, Any], list[str]]:
    """The report and its problems (empty: healthy). Inline tasks have nothing to report."""
    if settings.CELERY_TASK_ALWAYS_EAGER:
        return {"mode": "inline"}, []
    now = now or time.time()
    stale = settings.HEALTH_STALE_S
    problems: list[str] = []
    try:
        depths: dict[str, int] | str = queue_depths()
    except Exception as error:
        depths = f"error: {error.__class__.__name__}"
        problems.append("broker unreachable")
    seen = {queue: _age(cache.get(heartbeat_key(queue)), now) for queue in QUEUES}
    for queue, age in seen.items():
        if age is None or age > stale:
            problems.append(f"no worker consumes queue {queue}")
    beat = _age(cache.get(BEAT_KEY), now)
    if beat is None or beat > stale:
        problems.append("beat is not running")
    report = {
        "mode": "workers",
        "queues": depths,
        "worker_last_seen_s": seen,
        "beat_last_tick_s": beat,
    }
    return report, problems
