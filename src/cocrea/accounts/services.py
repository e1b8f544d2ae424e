"""Writes on a person's own account."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from cocrea.accounts.models import User
from cocrea.core.errors import DomainError
from cocrea.core.files import files_removed_on_error
from cocrea.core.images import clean_image

BIO_MAX = 280


@files_removed_on_error
@transaction.atomic
def profile_update(
    *,
    user: User,
    display_name: str,
    bio: str = "",
    language: str,
    avatar: UploadedFile | None = None,
    remove_avatar: bool = False,
) -> User:
    """Change the public name, bio, avatar and language of ``user``."""
    display_name = " ".join(display_name.split())
    if not display_name:
        raise DomainError(_("Choose a display name."), code="required", field="display_name")
    if len(display_name) > 60:
        raise DomainError(_("60 characters at most."), code="too_long", field="display_name")
    bio = bio.strip()
    if len(bio) > BIO_MAX:
        raise DomainError(_("280 characters at most."), code="too_long", field="bio")
    if language not in {code for code, _name in settings.LANGUAGES}:
        raise DomainError(_("Unknown language."), code="bad_language", field="language")
    fields = ["display_name", "bio", "language"]
    if avatar is not None:
        try:
            user.avatar = clean_image(avatar)
        except ValidationError as error:
            raise DomainError(error.messages[0], code="bad_image", field="avatar") from None
        fields.append("avatar")
    elif remove_avatar and user.avatar:
        user.avatar = ""
        fields.append("avatar")
    user.display_name, user.bio, user.language = display_name, bio, language
    user.save(update_fields=fields)
    return user
