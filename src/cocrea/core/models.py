from __future__ import annotations

from django.db import models


class RateLimitBucket(models.Model):
    """One counter per (action, subject, window). Shared by every web process."""

    key = models.CharField(max_length=200)
    window_start = models.BigIntegerField()
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["key", "window_start"], name="ratelimit_unique_window")
        ]
