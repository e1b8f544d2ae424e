"""Celery beat's scheduler, noting each tick for ``/healthz`` (core/health.py)."""

from __future__ import annotations

import logging
from typing import Any

from celery.beat import PersistentScheduler

log = logging.getLogger(__name__)


class Scheduler(PersistentScheduler):
    def tick(self, *args: Any, **kwargs: Any) -> float:
        from cocrea.core.health import beat_ticked

        try:
            beat_ticked()
        except Exception as error:  # the cache being down must not stop the schedule
            log.warning("beat: could not note the tick (%s)", error)
        return super().tick(*args, **kwargs)
