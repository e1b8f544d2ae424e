"""Background work of accounts, on the ``batch`` queue (e-mails go through the e-mail layer)."""

from __future__ import annotations

from celery import shared_task


@shared_task(acks_late=True, ignore_result=True, queue="batch")
def build_personal_export(export_id: str) -> str | None:
    """Build a queued "download my data" ZIP (a second delivery finds it claimed)."""
    from cocrea.accounts.personal_export import personal_export_run

    export = personal_export_run(export_id=export_id)
    return export.state if export is not None else None


@shared_task(acks_late=True, ignore_result=True, queue="batch")
def purge_personal_exports() -> int:
    from cocrea.accounts.personal_export import personal_exports_purge

    return personal_exports_purge()


@shared_task(acks_late=True, ignore_result=True, queue="batch")
def retention_sweep() -> dict[str, int]:
    """Daily: warn, then delete, accounts inactive past ``ACCOUNT_RETENTION_DAYS``."""
    from cocrea.accounts.privacy import retention_sweep as sweep

    return sweep()


@shared_task(acks_late=True, ignore_result=True)
def send_retention_warning(user_id: int) -> bool:
    from cocrea.accounts.privacy_mail import send_retention_warning as send

    return send(user_id)
