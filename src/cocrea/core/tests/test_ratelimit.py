from __future__ import annotations

import socket

import pytest

from cocrea.core import ratelimit
from cocrea.core.errors import RateLimited
from cocrea.core.models import RateLimitBucket


def _redis_available() -> bool:
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=0.5).close()
    except OSError:
        return False
    return True


@pytest.mark.django_db
def test_database_limit_refuses_past_the_limit_and_counts_in_one_row(settings):
    settings.REDIS_URL = ""
    settings.RATE_LIMITS = {"vote_cast": (3, 60)}
    for _ in range(3):
        ratelimit.hit("vote_cast", "m1")
    with pytest.raises(RateLimited):
        ratelimit.hit("vote_cast", "m1")
    ratelimit.hit("vote_cast", "m2")  # another member has their own budget
    assert RateLimitBucket.objects.get(key__contains=":m1:").count == 4


@pytest.mark.django_db
def test_zero_limit_means_unlimited(settings):
    settings.RATE_LIMITS = {"vote_cast": (0, 60)}
    for _ in range(10):
        ratelimit.hit("vote_cast", "m1")
    assert not RateLimitBucket.objects.exists()


@pytest.mark.django_db
def test_old_buckets_are_purged(settings):
    RateLimitBucket.objects.create(key="rl:x:m1:0", window_start=0, count=5)
    assert ratelimit.purge_expired() == 1


@pytest.mark.skipif(not _redis_available(), reason="no Redis on 127.0.0.1:6379")
@pytest.mark.django_db
def test_redis_limit_counts_in_redis_not_in_the_database(settings):
    import uuid

    settings.REDIS_URL = "redis://127.0.0.1:6379/15"
    settings.RATE_LIMITS = {"comment_post": (2, 60)}
    subject = uuid.uuid4().hex
    ratelimit.hit("comment_post", subject)
    ratelimit.hit("comment_post", subject)
    with pytest.raises(RateLimited):
        ratelimit.hit("comment_post", subject)
    assert not RateLimitBucket.objects.exists()
