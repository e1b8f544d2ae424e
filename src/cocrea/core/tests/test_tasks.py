from __future__ import annotations

import pytest
from django.conf import settings

from cocrea.celery import app


def test_every_periodic_job_names_a_registered_task():
    app.loader.import_default_modules()
    for name, entry in settings.CELERY_BEAT_SCHEDULE.items():
        assert entry["task"] in app.tasks, name


def test_the_schedule_holds_every_periodic_job():
    tasks = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert tasks == {
        "cocrea.core.tasks.purge_rate_limits",
        "cocrea.insights.tasks.recompute_all_themes",  # themes are recomputed on a schedule
        "cocrea.exports.tasks.purge_expired_exports",  # export files are deleted in time
        "cocrea.api.tasks.purge_idempotency",  # answers kept for Idempotency-Key retries
        "cocrea.webhooks.tasks.sweep_deliveries",  # webhook retries and lost deliveries
        "cocrea.notifications.tasks.sweep_outbox",  # e-mails retried, dead claims taken back
        "cocrea.core.tasks.heartbeat",  # one per queue, for /healthz
        "cocrea.accounts.tasks.purge_personal_exports",  # "download my data" files expire
        "cocrea.accounts.tasks.retention_sweep",  # inactive accounts (off unless configured)
        "cocrea.notifications.tasks.send_daily_digests",  # digests gather the notifications
        "cocrea.notifications.tasks.send_weekly_digests",
        "cocrea.programmes.tasks.aggregate_all_figures",  # the ratio dashboard's figures
        "cocrea.programmes.tasks.send_weekly_digests",  # the admins' weekly digest
    }
    heartbeats = [e for e in settings.CELERY_BEAT_SCHEDULE.values() if "heartbeat" in e["task"]]
    assert sorted(e["options"]["queue"] for e in heartbeats) == [
        "batch",
        "email",
        "interactive",
        "webhooks",
    ]


@pytest.mark.django_db
def test_purge_task_runs_twice_safely():
    from cocrea.core.tasks import purge_rate_limits

    assert purge_rate_limits.delay().get() == 0
    assert purge_rate_limits.delay().get() == 0
