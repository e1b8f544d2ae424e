"""Credentials of the REST API and the answers kept for retried writes.

A secret is shown once, when it is made; only its SHA-256 is stored (the secrets are 256 random
bits, so a slow hash would add nothing). The prefix, public, finds the row in one indexed read.
"""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cocrea.brands.models import Brand, Membership


class Scope(models.TextChoices):
    """Each scope includes the ones before it: admin can write, write can read."""

    READ = "read", _("Read")
    WRITE = "write", _("Read and write")
    ADMIN = "admin", _("Read, write and brand administration")


SCOPE_RANK = {Scope.READ: 0, Scope.WRITE: 1, Scope.ADMIN: 2}


class ApiKey(models.Model):
    """A brand's key (made by a brand admin, acting as that admin) or a member's personal token
    (acting as that member, on their own data: never the admin scope)."""

    class Kind(models.TextChoices):
        BRAND = "brand", _("Brand API key")
        PERSONAL = "personal", _("Personal token")

    brand = models.ForeignKey(Brand, on_delete=models.CASCADE, related_name="api_keys")
    membership = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="api_keys")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=80)
    prefix = models.CharField(max_length=16, unique=True)
    secret_hash = models.CharField(max_length=64)
    scope = models.CharField(_("scope"), max_length=8, choices=Scope.choices, default=Scope.READ)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(_("expires"), null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["brand", "kind", "-created_at"], name="apikey_brand_kind")]
        verbose_name = _("API key")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix})"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None and (
            self.expires_at is None or self.expires_at > timezone.now()
        )


class IdempotentRequest(models.Model):
    """The first answer to a write sent with an ``Idempotency-Key`` header, per caller and brand.

    The row is inserted before the write runs (the unique constraint stops a concurrent twin),
    and filled with the answer after it; a retry with the same key gets that answer back."""

    brand = models.ForeignKey(Brand, on_delete=models.CASCADE, related_name="+")
    caller = models.CharField(max_length=24)  # "k12" (key or token) or "u7" (session)
    key = models.CharField(max_length=255)
    fingerprint = models.CharField(max_length=64)  # method, path and body
    status = models.PositiveSmallIntegerField(default=0)  # 0 while the first request runs
    body = models.BinaryField(default=b"")
    content_type = models.CharField(max_length=100, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["brand", "caller", "key"], name="idempotency_once")
        ]
        indexes = [models.Index(fields=["created_at"], name="idempotency_age")]
