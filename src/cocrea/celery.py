"""Celery application. Without a broker (embedded default) tasks run inline (always-eager)."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cocrea.settings")
app = Celery("cocrea")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
