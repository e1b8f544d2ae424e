"""JSON shapes of campaigns and phases in the REST API."""

from __future__ import annotations

from datetime import datetime

from ninja import Schema

from cocrea.api.pagination import Page


class PhaseOut(Schema):
    id: int
    kind: str
    starts_at: datetime
    ends_at: datetime | None


class CategoryOut(Schema):
    id: int
    name: str


class CampaignOut(Schema):
    id: int
    slug: str
    kind: str
    title: str
    objective: str
    description: str  # sanitised HTML
    visibility: str
    allow_rating: bool
    cover_url: str | None
    created_at: datetime
    idea_count: int
    current_phase: str | None
    phases: list[PhaseOut]
    categories: list[CategoryOut]


class CampaignDetailOut(CampaignOut):
    allowed_actions: list[str]  # what the caller may do in it now (submit, vote, …)


class CampaignPage(Page):
    items: list[CampaignOut]


class PhaseList(Schema):
    items: list[PhaseOut]
