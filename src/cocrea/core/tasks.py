from __future__ import annotations

from celery import shared_task

from cocrea.core import ratelimit


@shared_task
def purge_rate_limits() -> int:
    """Drop expired rate-limit buckets (idempotent)."""
    return ratelimit.purge_expired()


@shared_task(ignore_result=True)
def heartbeat(queue: str) -> None:
    """Sent by beat to each queue: the worker that takes it notes the time (core/health.py)."""
    from cocrea.core.health import worker_seen

    worker_seen(queue)
