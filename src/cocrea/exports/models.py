"""An export job: one dataset of one brand in one format, written in the background.

The file lives in the private ``EXPORTS_ROOT`` folder (never under ``MEDIA_ROOT``) until
``expires_at``; the periodic purge then deletes it and marks the job expired (the row stays: who
exported what, and when, is worth keeping). The id is a random UUID, so a job cannot be found
by counting; every read still goes through the brand and the viewer's role.
"""

from __future__ import annotations

import uuid

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from cocrea.brands.models import Brand, Membership


class ExportJob(models.Model):
    class State(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        DONE = "done", _("Ready")
        FAILED = "failed", _("Failed")
        EXPIRED = "expired", _("Expired")

    class Format(models.TextChoices):
        CSV = "csv", "CSV"
        JSON = "json", "JSON"
        XLSX = "xlsx", "XLSX"

    ACTIVE = (State.QUEUED, State.RUNNING)

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    brand = models.ForeignKey(Brand, on_delete=models.CASCADE, related_name="+", db_index=False)
    requested_by = models.ForeignKey(
        Membership, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    dataset = models.CharField(max_length=20)
    format = models.CharField(max_length=4, choices=Format.choices)
    state = models.CharField(max_length=10, choices=State.choices, default=State.QUEUED)
    total = models.PositiveBigIntegerField(default=0)  # rows to write (counted when it starts)
    done = models.PositiveBigIntegerField(default=0)  # rows written
    file_name = models.CharField(max_length=200, blank=True)  # relative to EXPORTS_ROOT
    download_name = models.CharField(max_length=200, blank=True)
    size = models.PositiveBigIntegerField(default=0)  # bytes
    error = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    heartbeat_at = models.DateTimeField(null=True, blank=True)  # last progress written
    finished_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            # The same export asked twice at once is one job (the service returns the first).
            models.UniqueConstraint(
                fields=["brand", "dataset", "format"],
                condition=Q(state__in=["queued", "running"]),
                name="export_once_at_a_time",
            ),
        ]
        indexes = [
            models.Index(fields=["brand", "-created_at"], name="export_brand_recent"),
            models.Index(fields=["state", "expires_at"], name="export_expiry"),
        ]
        verbose_name = _("export")

    def __str__(self) -> str:
        return f"{self.dataset}.{self.format} ({self.state})"

    @property
    def is_active(self) -> bool:
        return self.state in self.ACTIVE

    @property
    def label(self) -> str:
        from cocrea.exports.datasets import get

        dataset = get(self.dataset)
        return str(dataset.label) if dataset is not None else self.dataset

    @property
    def percent(self) -> int:
        if self.state == self.State.DONE:
            return 100
        if not self.total:
            return 0
        return min(99, int(100 * self.done / self.total))
