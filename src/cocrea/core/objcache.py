"""Rows that nearly every request reads (brand, membership, user, campaign), kept in the shared
cache when the deployment has one (Redis: ``settings.OBJECT_CACHE``).

Never in process memory: every web process sees the same entries, and a write deletes the entry
it changes for all of them. Each key names its row by primary key (or the brand's slug, checked
again on read), so an entry can only ever answer for its own tenant.

Invalidation closes the read-then-write race with a short-lived tombstone: a write replaces the
entry by ``_GONE`` (now and again after its commit); a reader that finds the tombstone reads the
database and does not store what it read, and readers store with ``add`` (never over a
tombstone). So a request that read the row before the write committed cannot put the old row
back. Entries also expire after ``TTL`` seconds, a safety net only.

Without a shared cache (the embedded mode: SQLite, no Redis) every read goes to the database:
the database cache table would cost the query it saves.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django.conf import settings
from django.core.cache import caches
from django.db import transaction

T = TypeVar("T")
TTL = 3600
TOMBSTONE_SECONDS = 10
PREFIX = "obj1:"  # changes when the shape of a cached object changes
_GONE = "__gone__"
_NONE = "__none__"  # a cached "there is no such row" (e.g. not a member)


def enabled() -> bool:
    return bool(getattr(settings, "OBJECT_CACHE", False))


def _cache() -> Any:
    return caches["default"]


def cached(key: str, load: Callable[[], T]) -> T:
    """The cached value of ``key``, or ``load()`` (stored unless a write is under way)."""
    if not enabled():
        return load()
    value = _cache().get(PREFIX + key)
    if value is _GONE or value == _GONE:
        return load()
    if value is None:
        value = load()
        _cache().add(PREFIX + key, _NONE if value is None else value, TTL)
        return value
    return None if value == _NONE else value  # type: ignore[return-value]


def invalidate(*keys: str) -> None:
    """Forget ``keys`` now and after the current transaction commits (call from any write)."""
    if not enabled() or not keys:
        return
    names = {PREFIX + key: _GONE for key in keys}
    _cache().set_many(names, TOMBSTONE_SECONDS)
    transaction.on_commit(lambda: _cache().set_many(names, TOMBSTONE_SECONDS))
