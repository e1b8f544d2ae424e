"""Celery application. Without a broker (embedded default) tasks run inline (always-eager)."""

import os
from typing import Any

from celery import Celery
from celery.signals import task_postrun, task_prerun

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cocrea.settings")
app = Celery("cocrea")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


# Celery's signals are the only place that sees every task start and end (not domain flow):
# they feed the task counters of /metrics (core/metrics.py).
@task_prerun.connect
def _task_started(task_id: str = "", **kwargs: Any) -> None:
    from cocrea.core.metrics import task_started

    task_started(task_id)


@task_postrun.connect
def _task_finished(task_id: str = "", task: Any = None, state: str = "", **kwargs: Any) -> None:
    from cocrea.core.metrics import task_finished

    task_finished(task_id, getattr(task, "name", "unknown"), state or "UNKNOWN")
