from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.utils.translation import gettext_lazy as _


class CocreaUserManager(UserManager["User"]):
    """Users log in with their e-mail; the username is an internal handle."""

    def create_user(  # type: ignore[override]
        self, email: str, password: str | None = None, **extra: object
    ) -> User:
        extra.setdefault("username", email.lower())
        return super().create_user(email=email, password=password, **extra)  # type: ignore[arg-type]

    def create_superuser(  # type: ignore[override]
        self, email: str, password: str | None = None, **extra: object
    ) -> User:
        """A platform operator (``cocrea createsuperuser``): the operators' console and admin."""
        extra.setdefault("username", email.lower())
        return super().create_superuser(email=email, password=password, **extra)  # type: ignore[arg-type]


class User(AbstractUser):
    email = models.EmailField(_("e-mail address"), unique=True)
    display_name = models.CharField(_("display name"), max_length=60, blank=True)
    avatar = models.ImageField(_("avatar"), upload_to="avatars/%Y/%m/", blank=True)
    bio = models.CharField(_("short bio"), max_length=280, blank=True)
    language = models.CharField(
        _("preferred language"), max_length=8, choices=settings.LANGUAGES, default="fr"
    )

    objects: ClassVar[CocreaUserManager] = CocreaUserManager()  # type: ignore[misc]

    def __str__(self) -> str:
        return self.public_name

    @property
    def public_name(self) -> str:
        return self.display_name or self.email.split("@", 1)[0]


class AuditEvent(models.Model):
    """Append-only record of an account or platform action (who, what, on whom, when).

    The actor and subject are kept as text beside their keys, so the record still reads after
    the accounts are deleted; a deleted member's record keeps no personal data (see privacy).
    """

    class Action(models.TextChoices):
        BRAND_CREATED = "brand_created", _("Brand created")
        BRAND_SUSPENDED = "brand_suspended", _("Brand suspended")
        BRAND_RESUMED = "brand_resumed", _("Brand resumed")
        BRAND_DELETED = "brand_deleted", _("Brand deleted")
        INVITATION_SENT = "invitation_sent", _("Team invitation sent")
        INVITATION_ACCEPTED = "invitation_accepted", _("Team invitation accepted")

    action = models.CharField(max_length=32, choices=Action.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    actor_label = models.CharField(max_length=200, blank=True)
    brand = models.ForeignKey(
        "brands.Brand", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    brand_label = models.CharField(max_length=80, blank=True)
    subject_label = models.CharField(max_length=200, blank=True)
    data = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["action", "-created_at"])]
        verbose_name = _("audit event")

    def __str__(self) -> str:
        return f"{self.action} by {self.actor_label or '-'} ({self.created_at:%Y-%m-%d %H:%M})"
