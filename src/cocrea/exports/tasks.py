"""Background work of exports, on the ``batch`` queue: thin, idempotent, safe to run twice."""

from __future__ import annotations

from celery import shared_task


@shared_task(acks_late=True, ignore_result=True, queue="batch")
def run_export(job_id: str) -> str | None:
    """Write a queued export (a second delivery of the same message finds it claimed)."""
    from cocrea.exports.services import export_run

    job = export_run(job_id=job_id)
    return job.state if job is not None else None


@shared_task(acks_late=True, ignore_result=True, queue="batch")
def purge_expired_exports() -> int:
    """The periodic job: delete the export files whose time is up."""
    from cocrea.exports.services import exports_purge

    return exports_purge()
