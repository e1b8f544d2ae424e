"""Fixed-window rate limits stored in Redis (when configured) or in the database.

Never in process memory: with several web processes each would count on its own.
"""

from __future__ import annotations

import functools
import time
from typing import Any

from django.conf import settings
from django.db import connection
from django.utils.translation import gettext_lazy as _

from cocrea.core.errors import RateLimited
from cocrea.core.models import RateLimitBucket


@functools.cache
def _redis_client(url: str) -> Any:
    """One client (and its connection pool) per process and URL: a client per hit would open
    a new connection to Redis every time."""
    import redis

    return redis.Redis.from_url(url)


def _redis_hit(key: str, window: int) -> int:
    pipe = _redis_client(settings.REDIS_URL).pipeline(transaction=False)
    pipe.incr(key)
    pipe.expire(key, window, nx=True)
    count, _expiry = pipe.execute()
    return int(count)


# One statement, in autocommit or in the caller's transaction: no transaction or savepoint of
# its own (PostgreSQL and SQLite 3.35+ both upsert and return the new count).
_TABLE = RateLimitBucket._meta.db_table  # from the model: no value is joined into the SQL
_UPSERT = (
    f"INSERT INTO {_TABLE} (key, window_start, count) VALUES (%s, %s, 1)"  # noqa: S608
    f" ON CONFLICT (key, window_start) DO UPDATE SET count = {_TABLE}.count + 1 RETURNING count"
)


def _db_hit(key: str, window_start: int) -> int:
    with connection.cursor() as cursor:
        cursor.execute(_UPSERT, [key, window_start])
        return int(cursor.fetchone()[0])


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
