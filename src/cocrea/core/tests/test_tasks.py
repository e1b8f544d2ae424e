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
        "cocrea.webhooks.tasks.sweep_deliveries",  # deliveries due again are sent
    }


@pytest.mark.django_db
def test_purge_task_runs_twice_safely():
    from cocrea.core.tasks import purge_rate_limits

    assert purge_rate_limits.delay().get() == 0
    assert purge_rate_limits.delay().get() == 0
