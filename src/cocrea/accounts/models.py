from __future__ import annotations

import uuid
from typing import ClassVar

from django.conf import settings
from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.utils.translation import gettext_lazy as _

# A deleted account's e-mail is ``deleted-<id>@deleted.invalid`` (RFC 2606: never deliverable),
# so code that reads the columns without the model still tells a former member.
DELETED_EMAIL_DOMAIN = "deleted.invalid"


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
    # Set when the person deleted her account (or it was deleted after a long inactivity): the
    # row stays, emptied of personal data, so her votes, ideas and ledger keep their author.
    deleted_at = models.DateTimeField(_("deleted at"), null=True, blank=True)
    # When the retention sweep warned an inactive account that it will be deleted.
    retention_warned_at = models.DateTimeField(null=True, blank=True)

    objects: ClassVar[CocreaUserManager] = CocreaUserManager()  # type: ignore[misc]

    def __str__(self) -> str:
        return self.public_name

    @property
    def public_name(self) -> str:
        if self.deleted_at is not None:
            return str(_("former member"))
        return self.display_name or self.email.split("@", 1)[0]

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None


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
        LEGAL_PUBLISHED = "legal_published", _("Terms or privacy notice published")
        CONSENT_GIVEN = "consent_given", _("Consent given")
        MARKETING_CHANGED = "marketing_changed", _("Marketing consent changed")
        DATA_EXPORT_REQUESTED = "data_export_requested", _("Personal data export requested")
        DATA_EXPORT_DOWNLOADED = "data_export_downloaded", _("Personal data export downloaded")
        ACCOUNT_DELETED = "account_deleted", _("Account deleted")
        ACCOUNT_DELETION_REFUSED = "account_deletion_refused", _("Account deletion refused")
        RETENTION_WARNED = "retention_warned", _("Inactive account warned")
        RETENTION_DELETED = "retention_deleted", _("Inactive account deleted")

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


class LegalDocument(models.Model):
    """A version of a brand's terms of use or privacy notice. Published versions never change:
    a new text is a new version, and members are asked to accept it again."""

    class Kind(models.TextChoices):
        TERMS = "terms", _("Terms of use")
        PRIVACY = "privacy", _("Privacy notice")

    brand = models.ForeignKey("brands.Brand", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    version = models.PositiveIntegerField()
    title = models.CharField(_("title"), max_length=120)
    body = models.TextField(_("text"))
    summary = models.CharField(_("what changed"), max_length=300, blank=True)
    published_at = models.DateTimeField(auto_now_add=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["brand", "kind", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["brand", "kind", "version"], name="legal_version_once")
        ]
        verbose_name = _("legal document")

    def __str__(self) -> str:
        return f"{self.brand_id} {self.kind} v{self.version}"


class Consent(models.Model):
    """Append-only: what a member agreed to (or withdrew), when and from where. The membership
    carries the current state (``Membership.terms_version`` …) for the check on every page."""

    class Kind(models.TextChoices):
        TERMS = "terms", _("Terms of use")
        PRIVACY = "privacy", _("Privacy notice")
        MARKETING = "marketing", _("Marketing e-mails")

    membership = models.ForeignKey(
        "brands.Membership", on_delete=models.CASCADE, related_name="consents"
    )
    kind = models.CharField(max_length=10, choices=Kind.choices)
    version = models.PositiveIntegerField(default=0)  # of the document (0 for marketing)
    given = models.BooleanField(default=True)
    source = models.CharField(max_length=20)  # signup, join, renewal, profile, sso
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["membership", "kind", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.membership_id} {self.kind} v{self.version} {self.given}"


class PersonalExport(models.Model):
    """ "Download my data": a ZIP of JSON files and the person's pictures, built in the
    background, kept in the private exports folder until ``expires_at``."""

    class State(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Being prepared")
        DONE = "done", _("Ready")
        FAILED = "failed", _("Failed")
        EXPIRED = "expired", _("Expired")

    ACTIVE = (State.QUEUED, State.RUNNING)

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="personal_exports"
    )
    state = models.CharField(max_length=10, choices=State.choices, default=State.QUEUED)
    file_name = models.CharField(max_length=200, blank=True)  # relative to EXPORTS_ROOT
    size = models.PositiveBigIntegerField(default=0)
    error = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            # One export in preparation per person: asked twice at once, the second is refused.
            models.UniqueConstraint(
                fields=["user"],
                condition=models.Q(state__in=["queued", "running"]),
                name="personal_export_one_active",
            )
        ]

    def __str__(self) -> str:
        return f"export {self.id} of {self.user_id} ({self.state})"
