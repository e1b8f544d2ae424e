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


class ConsentOut(Schema):
    contact: bool  # the member lets the brand use their e-mail address


class MemberOut(Schema):
    id: int
    display_name: str
    role: str
    language: str
    joined_at: datetime
    tier: str | None
    score: float
    email: str | None  # only with the member's consent
    consent: ConsentOut


class MemberPage(Page):
    items: list[MemberOut]
