"""JSON shapes of exports in the REST API."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Literal

from ninja import Schema


class DatasetOut(Schema):
    key: str
    label: str
    description: str


class DatasetList(Schema):
    items: list[DatasetOut]


class ExportIn(Schema):
    dataset: str
    format: Literal["csv", "json", "xlsx"]


class ExportOut(Schema):
    id: uuid.UUID
    dataset: str
    format: str
    state: str  # queued, running, done, failed, expired
    percent: int
    done: int
    total: int
    size: int
    error: str
    created_at: datetime
    finished_at: datetime | None
    expires_at: datetime | None
    download_url: str | None  # while the file is kept


class ExportList(Schema):
    items: list[ExportOut]
