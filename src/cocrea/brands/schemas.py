"""JSON shapes of brands in the REST API."""

from __future__ import annotations

from datetime import datetime

from ninja import Schema

from cocrea.api.pagination import Page


class BrandOut(Schema):
    slug: str
    name: str
    tagline: str
    description: str
    visibility: str
    languages: list[str]
    default_language: str
    primary_colour: str
    accent_colour: str
    logo_url: str | None
    created_at: datetime
    role: str | None  # the caller's role in this brand, null for a visitor


class BrandPage(Page):
    items: list[BrandOut]


class MemberRef(Schema):
    """A member as others see them: the membership id and the public name."""

    id: int
    display_name: str
