"""Small builders shared by the idea tests."""

from __future__ import annotations

import io
import os

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from cocrea.brands.models import Membership
from cocrea.campaigns.models import Campaign
from cocrea.ideas.models import Idea
from cocrea.ideas.services import idea_submit


def png(name: str = "photo.png", size: tuple[int, int] = (8, 8)) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 120, 40)).save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def noisy_png(side: int = 64) -> SimpleUploadedFile:
    """A real PNG that does not compress (random pixels): its size is about 3 x side² bytes."""
    buffer = io.BytesIO()
    Image.frombytes("RGB", (side, side), os.urandom(side * side * 3)).save(buffer, format="PNG")
    return SimpleUploadedFile("big.png", buffer.getvalue(), content_type="image/png")


def fake_png() -> SimpleUploadedFile:
    return SimpleUploadedFile("notes.png", b"just some text, not an image", "image/png")


def submit(member: Membership, campaign: Campaign, title: str = "Reusable cup", **kw) -> Idea:  # type: ignore[no-untyped-def]
    kw.setdefault("body", "A cup that keeps coffee warm for hours.")
    return idea_submit(member=member, campaign=campaign, title=title, **kw)
