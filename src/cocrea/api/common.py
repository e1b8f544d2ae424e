"""Pieces every router of the API shares: error responses, id and paging parameters."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Any

from django.utils import timezone
from ninja import Field, Path, Query, Schema

from cocrea.api.errors import ERROR_STATUSES, ErrorOut
from cocrea.api.pagination import DEFAULT_LIMIT, MAX_LIMIT

MAX_ID = 2**63 - 1  # a bigger number is not an id of any row: 422, not a database error
Id = Annotated[int, Path(ge=1, le=MAX_ID)]
CURSOR_MAX = 1000


def responses(ok: Any, status: int = 200) -> dict[int, Any]:
    """The documented answers of an operation: its own and every error it can give."""
    answers: dict[int, Any] = {status: ok}
    answers.update({code: ErrorOut for code in ERROR_STATUSES})
    return answers


class PageQuery(Schema):
    cursor: str | None = Field(
        None,
        max_length=CURSOR_MAX,
        pattern=r"^[A-Za-z0-9_\-:.]+$",  # what signing.dumps writes (URL-safe base64 and ":")
        description="`next_cursor` of the page before",
    )
    limit: int = Field(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT)


class SyncQuery(PageQuery):
    updated_since: datetime | None = Field(
        None, description="Only rows changed at or after this time (ISO 8601), for incremental sync"
    )

    def since(self) -> datetime | None:
        return aware(self.updated_since)


def aware(value: datetime | None) -> datetime | None:
    """A time without a zone is read as UTC (ISO 8601 without an offset)."""
    if value is not None and timezone.is_naive(value):
        return timezone.make_aware(value, UTC)
    return value


PageParams = Query[PageQuery]
SyncParams = Query[SyncQuery]

BrandSlug = Annotated[str, Path(max_length=50, pattern=r"^[-a-zA-Z0-9_]+$")]
