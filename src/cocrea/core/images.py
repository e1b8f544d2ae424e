"""Uploaded images: checked by content (Pillow decodes them), size and type, never by name; then
re-encoded, so that what is stored and served is a fresh picture made by Pillow.

Re-encoding drops every metadata block (EXIF with its GPS position, XMP, comments) and anything
appended after the image data (a PNG with PHP or ``<script>`` behind its IEND chunk), turns the
picture upright as its EXIF orientation said, and bounds its size. The member's original bytes
are never written to disk. Animated GIFs keep their first frame.
"""

from __future__ import annotations

import io
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

ALLOWED_FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp", "GIF": "gif"}
_DECODE_ERRORS = (
    UnidentifiedImageError,
    OSError,
    SyntaxError,
    ValueError,
    Image.DecompressionBombError,
)


def _not_an_image() -> ValidationError:
    return ValidationError(
        _("This file is not an image we can read (JPEG, PNG, WebP or GIF)."), code="not_image"
    )


def validate_image(upload: UploadedFile) -> str:
    """Return the file extension matching the decoded format, or raise ``ValidationError``.

    The declared dimensions are bounded before any pixel is decoded (a 35 KB PNG may declare
    6,000 x 6,000 pixels: 144 MB once decoded)."""
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
    except _DECODE_ERRORS:
        raise _not_an_image() from None
    finally:
        upload.seek(0)
    if fmt not in ALLOWED_FORMATS:
        raise ValidationError(
            _("Only JPEG, PNG, WebP and GIF images are accepted."), code="bad_type"
        )
    if width * height > settings.IMAGE_MAX_PIXELS or max(width, height) > settings.IMAGE_MAX_SIDE:
        raise ValidationError(
            _("The image has too many pixels (%(w)d x %(h)d); the limit is %(mp)d megapixels.")
            % {"w": width, "h": height, "mp": settings.IMAGE_MAX_PIXELS // 1_000_000},
            code="too_many_pixels",
        )
    return ALLOWED_FORMATS[fmt]


def _encode(image: Image.Image, fmt: str) -> bytes:
    out = io.BytesIO()
    if fmt == "JPEG":
        image.convert("RGB").save(out, "JPEG", quality=85, optimize=True)
    elif fmt == "PNG":
        mode = image.mode if image.mode in {"RGB", "RGBA", "L", "LA", "P"} else "RGBA"
        image.convert(mode).save(out, "PNG", optimize=True)
    elif fmt == "WEBP":
        mode = "RGBA" if "A" in image.getbands() or image.mode == "P" else "RGB"
        image.convert(mode).save(out, "WEBP", quality=85)
    else:  # GIF: the first frame only
        image.convert("P", palette=Image.Palette.ADAPTIVE).save(out, "GIF")
    return out.getvalue()


def clean_image(upload: UploadedFile) -> ContentFile[bytes]:
    """The checked upload re-encoded by Pillow, named ``<random>.<ext>``; raise
    ``ValidationError`` like ``validate_image``. Store this, never the upload itself."""
    ext = validate_image(upload)
    try:
        with Image.open(upload) as image:
            fmt = image.format or ""
            image.seek(0)
            image.load()
            picture = ImageOps.exif_transpose(image) or image
            side = settings.IMAGE_STORED_SIDE
            picture.thumbnail((side, side), Image.Resampling.LANCZOS)
            # Pillow writes some of what it read back (a JPEG's comment, an ICC profile…):
            # only transparency, which is part of the picture, is kept.
            picture.info = {k: v for k, v in picture.info.items() if k == "transparency"}
            data = _encode(picture, fmt)
    except _DECODE_ERRORS:
        raise _not_an_image() from None
    finally:
        upload.seek(0)
    return ContentFile(data, name=f"{uuid.uuid4().hex}.{ext}")
