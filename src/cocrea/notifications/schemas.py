"""JSON shapes of notifications in the REST API."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from ninja import Schema

from cocrea.api.common import SyncQuery
from cocrea.api.pagination import Page


class NotificationQuery(SyncQuery):
    unread: bool | None = None


class NotificationOut(Schema):
    id: int
    kind: str
    text: str  # in the caller's language
    url: str
    idea_id: int | None
    comment_id: int | None
    data: dict[str, Any]
    read_at: datetime | None
    created_at: datetime


class NotificationPage(Page):
    items: list[NotificationOut]


class ReadAllOut(Schema):
    marked: int
