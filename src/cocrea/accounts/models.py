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
