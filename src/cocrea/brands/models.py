from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

hex_colour = RegexValidator(r"^#[0-9a-fA-F]{6}$", _("Use a colour such as #1f6feb."))


class Brand(models.Model):
    """The tenant. Every row that belongs to a brand is reached through it."""

    class Visibility(models.TextChoices):
        PUBLIC = "public", _("Public")
        MEMBERS = "members", _("Members only")

    name = models.CharField(_("name"), max_length=80)
    slug = models.SlugField(_("address"), max_length=50, unique=True)
    tagline = models.CharField(_("tagline"), max_length=160, blank=True)
    description = models.TextField(_("description"), blank=True)
    logo = models.ImageField(_("logo"), upload_to="brands/logos/", blank=True)
    primary_colour = models.CharField(
        _("primary colour"), max_length=7, default="#1f4e79", validators=[hex_colour]
    )
    accent_colour = models.CharField(
        _("accent colour"), max_length=7, default="#e07a1f", validators=[hex_colour]
    )
    languages = models.JSONField(_("languages"), default=list)
    default_language = models.CharField(
        _("default language"), max_length=8, choices=settings.LANGUAGES, default="fr"
    )
    visibility = models.CharField(
        _("visibility"), max_length=10, choices=Visibility.choices, default=Visibility.PUBLIC
    )
    sender_name = models.CharField(
        _("e-mail sender name"),
        max_length=80,
        blank=True,
        help_text=_("The name members see on the brand's e-mails (the brand's name if empty)."),
    )
    # Set by the platform's operators: a suspended brand's pages say so and nothing is written.
    suspended_at = models.DateTimeField(_("suspended at"), null=True, blank=True)
    suspension_reason = models.CharField(_("reason for suspension"), max_length=200, blank=True)
    # The versions of the terms and privacy notice members must have accepted (0: none
    # published). Kept here, beside the membership's accepted versions, so that the check on
    # every page costs no query (accounts.privacy publishes and records).
    terms_version = models.PositiveIntegerField(default=0)
    privacy_version = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("brand")
        verbose_name_plural = _("brands")

    def __str__(self) -> str:
        return self.name

    @property
    def is_suspended(self) -> bool:
        return self.suspended_at is not None

    @property
    def mail_sender_name(self) -> str:
        return self.sender_name or self.name

    @classmethod
    def from_db(cls, db: Any, field_names: Any, values: Any) -> Brand:
        brand = super().from_db(db, field_names, values)
        # The slug it was read with: a renamed brand's old cache entry is deleted too.
        brand._loaded_slug = brand.__dict__.get("slug")  # type: ignore[attr-defined]
        return brand


class Membership(models.Model):
    """A person's place in one brand: their role there. The platform's *member*."""

    class Role(models.TextChoices):
        MEMBER = "member", _("Member")
        # A member who runs a space in partnership with the brand (``influencers``): she may
        # do what members do, and what her space's predicates allow; nothing of the team's.
        INFLUENCER = "influencer", _("Influencer")
        MODERATOR = "moderator", _("Moderator")
        ADMIN = "admin", _("Brand admin")

    brand = models.ForeignKey(Brand, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("role"), max_length=10, choices=Role.choices, default=Role.MEMBER)
    joined_at = models.DateTimeField(auto_now_add=True)
    # The current consent (the ledger is accounts.Consent): accepted versions, marketing opt-in.
    terms_version = models.PositiveIntegerField(default=0)
    privacy_version = models.PositiveIntegerField(default=0)
    marketing_consent = models.BooleanField(default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["brand", "user"], name="membership_one_per_brand")
        ]
        indexes = [models.Index(fields=["user", "brand"])]
        verbose_name = _("membership")

    def __str__(self) -> str:
        return f"{self.user} @ {self.brand} ({self.role})"

    @property
    def is_staff_role(self) -> bool:
        return self.role in {self.Role.MODERATOR, self.Role.ADMIN}

    @property
    def is_admin(self) -> bool:
        return self.role == self.Role.ADMIN


class TeamInvitation(models.Model):
    """An invitation, sent by e-mail, to join a brand's team with a role.

    Only the SHA-256 of the token is kept: the link in the e-mail is the one copy of the token.
    """

    brand = models.ForeignKey(Brand, on_delete=models.CASCADE, related_name="team_invitations")
    email = models.EmailField(_("e-mail address"))
    role = models.CharField(
        _("role"), max_length=10, choices=Membership.Role.choices, default=Membership.Role.ADMIN
    )
    token_hash = models.CharField(max_length=64, unique=True)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("team invitation")

    def __str__(self) -> str:
        return f"{self.email} → {self.brand} ({self.role})"
