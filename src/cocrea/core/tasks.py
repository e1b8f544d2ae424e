from __future__ import annotations

from celery import shared_task

from cocrea.core import ratelimit


@shared_task
def purge_rate_limits() -> int:
    """Drop expired rate-limit buckets (idempotent)."""
    return ratelimit.purge_expired()
