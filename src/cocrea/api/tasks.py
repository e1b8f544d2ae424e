from __future__ import annotations

from celery import shared_task


@shared_task
def purge_idempotency() -> int:
    """Forget the answers kept for Idempotency-Key retries after a day (idempotent)."""
    from cocrea.api.middleware import purge_idempotent_requests

    return purge_idempotent_requests()
