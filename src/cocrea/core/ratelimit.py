"""Fixed-window rate limits stored in Redis (when configured) or in the database.

Never in process memory: with several web processes each would count on its own.
"""

from __future__ import annotations

import time

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils.translation import gettext_lazy as _

from cocrea.core.errors import RateLimited
from cocrea.core.models import RateLimitBucket


def _redis_hit(key: str, window: int) -> int:
    import redis

    client = redis.Redis.from_url(settings.REDIS_URL)
    pipe = client.pipeline()
    pipe.incr(key)
    pipe.expire(key, window, nx=True)
    count, _expiry = pipe.execute()
    return int(count)


def _db_hit(key: str, window_start: int) -> int:
    with transaction.atomic():
        updated = RateLimitBucket.objects.filter(key=key, window_start=window_start).update(
            count=F("count") + 1
        )
        if not updated:
            try:
                with transaction.atomic():
                    RateLimitBucket.objects.create(key=key, window_start=window_start, count=1)
            except IntegrityError:
                RateLimitBucket.objects.filter(key=key, window_start=window_start).update(
                    count=F("count") + 1
                )
        return RateLimitBucket.objects.get(key=key, window_start=window_start).count


def hit(action: str, subject: str) -> None:
    """Count one ``action`` by ``subject``; raise ``RateLimited`` past the configured limit."""
    limit, window = settings.RATE_LIMITS[action]
    if limit <= 0:
        return
    window_start = int(time.time()) // window * window
    key = f"rl:{action}:{subject}:{window_start}"
    count = _redis_hit(key, window) if settings.REDIS_URL else _db_hit(key[:200], window_start)
    if count > limit:
        raise RateLimited(_("Too many attempts. Please wait a moment and try again."), code="rate")


def purge_expired(now: float | None = None) -> int:
    """Delete database buckets older than a day (run by a periodic task)."""
    cutoff = int(now if now is not None else time.time()) - 86400
    deleted, _ = RateLimitBucket.objects.filter(window_start__lt=cutoff).delete()
    return deleted
