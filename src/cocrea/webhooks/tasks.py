"""Background work of webhooks, on the ``webhooks`` queue: thin, idempotent, safe to run twice.

``acks_late`` with ``reject_on_worker_lost``: a worker killed while sending leaves its message
in the broker, which hands it out again; the delivery row's lease decides who sends.
"""

from __future__ import annotations

from celery import shared_task

BUSY_RECHECK_MAX_S = 120


@shared_task(acks_late=True, reject_on_worker_lost=True, ignore_result=True, queue="webhooks")
def deliver(delivery_id: str) -> str | None:
    """Try a delivery once if it is due; if another worker holds it, look again after its
    lease (that worker may have died)."""
    from cocrea.webhooks.services import busy_for, delivery_attempt

    delivery = delivery_attempt(delivery_id=delivery_id)
    if delivery is not None:
        return delivery.state
    left = busy_for(delivery_id)
    if left is not None and left < BUSY_RECHECK_MAX_S:
        deliver.apply_async(args=[delivery_id], countdown=left + 1)
    return None


@shared_task(acks_late=True, ignore_result=True, queue="webhooks")
def sweep_deliveries() -> int:
    """The periodic job: hand every due delivery (a retry, a lost message) to the workers."""
    from cocrea.webhooks.services import deliveries_sweep

    return deliveries_sweep()
