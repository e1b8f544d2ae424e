"""Cursor pagination: an opaque, signed cursor holding the sort keys of the last row sent.

The next page is a keyset query (``(score, id) < (last score, last id)``) on the same indexed
ORDER BY as the site's lists, so page 5,000 costs what page 1 costs. A cursor made for another
ordering, altered or garbled is refused with 400 (``invalid_cursor``).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any, Protocol, TypeVar

from django.core import signing
from django.db.models import DateTimeField, Model, Q, QuerySet
from django.utils.translation import gettext_lazy as _
from ninja import Schema

from cocrea.core.errors import DomainError

M = TypeVar("M", bound=Model)
DEFAULT_LIMIT = 20
MAX_LIMIT = 100
_SALT = "cocrea.api.cursor"


class InvalidCursor(DomainError):
    status = 400


def _invalid() -> InvalidCursor:
    return InvalidCursor(_("This cursor is not valid for this list."), code="invalid_cursor")


def _encode_value(value: Any) -> Any:
    return value.isoformat() if isinstance(value, datetime) else value


def _decode_value(model: type[Model], name: str, value: Any) -> Any:
    if value is None:
        return None
    field = model._meta.get_field(name)
    try:
        if isinstance(field, DateTimeField):
            return datetime.fromisoformat(value)
        return field.to_python(value)  # type: ignore[union-attr]
    except (TypeError, ValueError, signing.BadSignature) as error:
        raise _invalid() from error
    except Exception as error:  # a field's own ValidationError
        raise _invalid() from error


def _keyset(ordering: tuple[str, ...], values: list[Any]) -> Q:
    """Rows after ``values`` in ``ordering`` (each item "field" or "-field"), as OR of ANDs;
    the first key also bounds the range on its own so the index scan starts at the cursor."""
    result = Q()
    for position, item in enumerate(ordering):
        name = item.lstrip("-")
        op = "lt" if item.startswith("-") else "gt"
        clause = Q(**{f"{name}__{op}": values[position]})
        for earlier, earlier_item in enumerate(ordering[:position]):
            clause &= Q(**{earlier_item.lstrip("-"): values[earlier]})
        result |= clause
    first = ordering[0].lstrip("-")
    bound = "lte" if ordering[0].startswith("-") else "gte"
    return Q(**{f"{first}__{bound}": values[0]}) & result


def _cursor_for(row: Model, ordering: tuple[str, ...], tag: str) -> str:
    values = [_encode_value(getattr(row, item.lstrip("-"))) for item in ordering]
    return signing.dumps({"o": tag, "v": values}, salt=_SALT, compress=True)


def _read_cursor(cursor: str, tag: str, model: type[Model], ordering: tuple[str, ...]) -> list:
    try:
        data = signing.loads(cursor, salt=_SALT)
    except (signing.BadSignature, ValueError, TypeError, UnicodeError) as error:
        raise _invalid() from error
    values = data.get("v") if isinstance(data, dict) else None
    if data.get("o") != tag or not isinstance(values, list) or len(values) != len(ordering):
        raise _invalid()
    if any(value is None for value in values):
        raise _invalid()
    return [
        _decode_value(model, item.lstrip("-"), v) for item, v in zip(ordering, values, strict=True)
    ]


class Page(Schema):
    next_cursor: str | None


def paginate(
    rows: QuerySet[M], ordering: tuple[str, ...], *, cursor: str | None, limit: int, tag: str
) -> tuple[list[M], str | None]:
    """One page of ``rows`` (ordered by ``ordering``, ending with a unique key) after ``cursor``;
    the rows and the cursor of the next page (``None`` on the last one)."""
    rows = rows.order_by(*ordering)
    if cursor:
        rows = rows.filter(_keyset(ordering, _read_cursor(cursor, tag, rows.model, ordering)))
    page = list(rows[: limit + 1])
    if len(page) <= limit:
        return page, None
    page = page[:limit]
    return page, _cursor_for(page[-1], ordering, tag)


class _Paging(Protocol):
    cursor: str | None
    limit: int


def list_page(
    rows: QuerySet[M],
    ordering: tuple[str, ...],
    query: _Paging,
    *,
    tag: str,
    out: Callable[[M], Any] | None = None,
    out_page: Callable[[list[M]], list[Any]] | None = None,
    since_field: str | None = None,
) -> dict[str, Any]:
    """A list operation's answer: ``rows`` changed since the query's ``updated_since`` (on
    ``since_field``, for a ``SyncQuery``), one page of them, each through ``out`` (or the whole
    page through ``out_page``, when a page's items are built with a few queries for all of
    them), and the cursor of the next page."""
    since = query.since() if since_field is not None else None  # type: ignore[attr-defined]
    if since is not None:
        rows = rows.filter(**{f"{since_field}__gte": since})
    page, cursor = paginate(rows, ordering, cursor=query.cursor, limit=query.limit, tag=tag)
    if out_page is not None:
        items = out_page(page)
    elif out is not None:
        items = [out(row) for row in page]
    else:
        raise TypeError("list_page needs out or out_page")
    return {"items": items, "next_cursor": cursor}
