"""Uploads are re-encoded by Pillow: no EXIF or GPS, nothing appended survives, declared sizes
are bounded before decoding, pictures come out upright and bounded; a refused form leaves no
file behind."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from tests.test_bad_input import (  # noqa: F401
    FORMS,
    UPLOAD_FORMS,
    _client,
    _module_world,
    _path,
    _when,
    snapshot,
    world,
)

pytestmark = pytest.mark.django_db

PAYLOAD = b"<?php system($_GET['c']); ?><script>alert(document.cookie)</script>"
GPS_IFD = 0x8825


def _jpeg_with_gps(size: tuple[int, int] = (40, 20), orientation: int = 1) -> bytes:
    image = Image.new("RGB", size, (200, 30, 30))
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    exif[0x0112] = orientation
    exif[GPS_IFD] = {1: "N", 2: (48.0, 51.0, 29.0), 3: "E", 4: (2.0, 17.0, 40.0)}
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", exif=exif, comment=b"secret comment")
    return buffer.getvalue()


def _png_with_payload() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (16, 16), (10, 120, 200)).save(buffer, "PNG")
    return buffer.getvalue() + PAYLOAD


def _declared_png(width: int, height: int) -> bytes:
    buffer = io.BytesIO()
    Image.new("1", (width, height)).save(buffer, "PNG", optimize=True)
    return buffer.getvalue()


def _stored(settings) -> list[Path]:  # type: ignore[no-untyped-def]
    media = Path(settings.MEDIA_ROOT)
    return [p for p in media.rglob("*") if p.is_file()] if media.exists() else []


def _post(world, key: str, field: str, upload: SimpleUploadedFile):  # type: ignore[no-untyped-def]  # noqa: F811
    form = FORMS[key]
    return _client(form, world).post(_path(form, world), {**form.data(world), field: upload})


@pytest.mark.parametrize(("key", "field"), UPLOAD_FORMS)
def test_exif_and_gps_are_gone_from_stored_jpegs(world, key, field, settings):  # noqa: F811
    original = _jpeg_with_gps()
    assert Image.open(io.BytesIO(original)).getexif().get_ifd(GPS_IFD)  # the test's own check
    response = _post(world, key, field, SimpleUploadedFile("me.jpg", original, "image/jpeg"))
    assert response.status_code == 302, key
    [path] = _stored(settings)
    data = path.read_bytes()
    assert data != original
    with Image.open(path) as stored:
        assert stored.format == "JPEG"
        assert not stored.getexif()
        assert "comment" not in stored.info and "exif" not in stored.info
    assert b"PhoneMaker" not in data and b"secret comment" not in data


@pytest.mark.parametrize(("key", "field"), UPLOAD_FORMS)
def test_bytes_appended_to_a_png_are_not_stored(world, key, field, settings):  # noqa: F811
    response = _post(world, key, field, SimpleUploadedFile("x.png", _png_with_payload()))
    assert response.status_code == 302, key
    [path] = _stored(settings)
    assert b"<?php" not in path.read_bytes() and b"<script" not in path.read_bytes()
    assert Image.open(path).size == (16, 16)


@pytest.mark.parametrize(("key", "field"), UPLOAD_FORMS)
def test_a_small_file_declaring_6000_by_6000_pixels_is_refused(world, key, field, settings):  # noqa: F811
    bomb = _declared_png(6000, 6000)
    assert len(bomb) < 100_000
    before = snapshot()
    response = _post(world, key, field, SimpleUploadedFile("bomb.png", bomb, "image/png"))
    assert response.status_code in (200, 400)
    assert "too many pixels" in response.content.decode()
    assert snapshot() == before and _stored(settings) == []


def test_pictures_come_out_upright_and_bounded(world, settings):  # noqa: F811
    settings.IMAGE_STORED_SIDE = 100
    sideways = _jpeg_with_gps(size=(300, 120), orientation=6)  # "rotate 90° to show"
    response = _post(world, "profile", "avatar", SimpleUploadedFile("a.jpg", sideways))
    assert response.status_code == 302
    [path] = _stored(settings)
    assert Image.open(path).size == (40, 100)


def test_a_refused_campaign_edit_leaves_no_cover_on_disk(world, settings):  # noqa: F811
    form = FORMS["campaign edit"]
    data = {**form.data(world), "voting_starts": _when(5), "submission_ends": _when(10)}
    cover = SimpleUploadedFile("cover.png", _png_with_payload(), "image/png")
    before = snapshot()
    response = _client(form, world).post(_path(form, world), {**data, "cover": cover})
    assert response.status_code == 200 and "errorlist" in response.content.decode()
    assert snapshot() == before
    assert _stored(settings) == []
