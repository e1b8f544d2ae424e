"""Checks on uploaded images: by content (Pillow decodes them), size and type, never by name."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

ALLOWED_FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp", "GIF": "gif"}
MAX_PIXELS = 40_000_000


def validate_image(upload: UploadedFile) -> str:
    """Return the file extension matching the decoded format, or raise ``ValidationError``."""
    if upload.size is not None and upload.size > settings.MAX_IMAGE_BYTES:
        raise ValidationError(
            _("The image is too large (%(size)s); the limit is %(limit)s.")
            % {
                "size": filesizeformat(upload.size),
                "limit": filesizeformat(settings.MAX_IMAGE_BYTES),
            },
            code="too_large",
        )
    try:
        upload.seek(0)
        with Image.open(upload) as image:
            fmt = image.format or ""
            width, height = image.size
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise ValidationError(
            _("This file is not an image we can read (JPEG, PNG, WebP or GIF)."), code="not_image"
        ) from None
    finally:
        upload.seek(0)
    if fmt not in ALLOWED_FORMATS:
        raise ValidationError(
            _("Only JPEG, PNG, WebP and GIF images are accepted."), code="bad_type"
        )
    if width * height > MAX_PIXELS:
        raise ValidationError(_("The image has too many pixels."), code="too_many_pixels")
    return ALLOWED_FORMATS[fmt]
