"""Webhooks: endpoints a brand registers, the outbox of events, and their deliveries.

``Event`` is the outbox: written in the same transaction as the change it describes
(``services.emit``), so a change that rolls back leaves no event. ``Delivery`` is one event for
one endpoint, created beside it; workers claim it, send it and record each try as an
``Attempt`` (append-only: the delivery log the brand admin reads). Nothing is deleted when an
endpoint is switched off: its deliveries stop, and can be sent again by hand.
"""

from __future__ import annotations

import uuid

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from cocrea.brands.models import Brand, Membership


class Endpoint(models.Model):
    """A URL of the brand's systems that receives the events it subscribed to, signed.

    ``secret`` signs every delivery (kept in clear: an HMAC needs it). After a rotation the
    previous secret stays valid until ``previous_secret_expires_at``: deliveries carry both
    signatures meanwhile, so the receiver can switch at its own pace.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    brand = models.ForeignKey(Brand, on_delete=models.CASCADE, related_name="+", db_index=False)
    url = models.URLField(max_length=2000)
    description = models.CharField(max_length=200, blank=True)
    event_types = models.JSONField(default=list)  # keys of registry.EVENT_TYPES
    is_active = models.BooleanField(default=True)
    secret = models.CharField(max_length=100)
    previous_secret = models.CharField(max_length=100, blank=True)
    previous_secret_expires_at = models.DateTimeField(null=True, blank=True)
    consecutive_failures = models.PositiveIntegerField(default=0)
    failing_since = models.DateTimeField(null=True, blank=True)
    disabled_at = models.DateTimeField(null=True, blank=True)  # switched off after failures
    created_by = models.ForeignKey(
        Membership, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["created_at"]
        indexes = [models.Index(fields=["brand", "is_active"], name="webhook_endpoint_brand")]
        verbose_name = _("webhook endpoint")

    def __str__(self) -> str:
        return self.url


class Event(models.Model):
    """One fact worth telling the brand's systems, frozen when it happened (the outbox)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    brand = models.ForeignKey(Brand, on_delete=models.CASCADE, related_name="+", db_index=False)
    type = models.CharField(max_length=60)
    payload = models.JSONField(default=dict)
    # Set when one fact must be told once whatever happens (a vote milestone reached again
    # after a withdrawal): a second emit with the same key is ignored.
    dedupe_key = models.CharField(max_length=200, null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["brand", "dedupe_key"], name="webhook_event_once"),
        ]
        indexes = [models.Index(fields=["brand", "-created_at"], name="webhook_event_recent")]
        verbose_name = _("webhook event")

    def __str__(self) -> str:
        return f"{self.type} {self.pk}"


class Delivery(models.Model):
    """One event for one endpoint: claimed by a worker, tried until it succeeds or 24 h pass.

    ``next_attempt_at`` is when it is due; while a worker sends it (``sending``) it is the end
    of that worker's lease: a worker killed mid-way leaves a lease that expires, and the
    delivery is taken again (by the redelivered message, or by the periodic sweep).
    """

    class State(models.TextChoices):
        PENDING = "pending", _("Waiting")
        SENDING = "sending", _("Sending")
        SUCCEEDED = "succeeded", _("Delivered")
        FAILED = "failed", _("Failed")

    OPEN = (State.PENDING, State.SENDING)

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    brand = models.ForeignKey(Brand, on_delete=models.CASCADE, related_name="+", db_index=False)
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="deliveries")
    endpoint = models.ForeignKey(
        Endpoint, on_delete=models.CASCADE, related_name="deliveries", db_index=False
    )
    state = models.CharField(max_length=10, choices=State.choices, default=State.PENDING)
    attempts = models.PositiveIntegerField(default=0)
    next_attempt_at = models.DateTimeField()
    enqueued_at = models.DateTimeField(null=True, blank=True)  # last message sent to a worker
    last_status = models.PositiveIntegerField(null=True, blank=True)  # HTTP status
    last_error = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["endpoint", "-created_at"], name="webhook_delivery_log"),
            models.Index(
                fields=["next_attempt_at"],
                condition=Q(state__in=["pending", "sending"]),
                name="webhook_delivery_due",
            ),
        ]
        verbose_name = _("webhook delivery")

    def __str__(self) -> str:
        return f"{self.event_id} → {self.endpoint_id} ({self.state})"

    @property
    def is_open(self) -> bool:
        return self.state in self.OPEN


class Attempt(models.Model):
    """One try of a delivery: what the receiver answered and how long it took (append-only)."""

    delivery = models.ForeignKey(Delivery, on_delete=models.CASCADE, related_name="attempt_log")
    number = models.PositiveIntegerField()
    started_at = models.DateTimeField()
    duration_ms = models.PositiveIntegerField(default=0)
    status = models.PositiveIntegerField(null=True, blank=True)  # HTTP status, if any
    ok = models.BooleanField(default=False)
    error = models.CharField(max_length=300, blank=True)
    response_excerpt = models.TextField(blank=True)
    manual = models.BooleanField(default=False)  # asked by an admin ("send again")

    class Meta:
        ordering = ["-started_at", "-id"]
        verbose_name = _("webhook attempt")

    def __str__(self) -> str:
        return f"{self.delivery_id} #{self.number}"
