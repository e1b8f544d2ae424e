"""What a dataset is: named tables, each with its columns, a row count and a row generator.

Like Decidim's export manifests (a collection and a serializer per exportable resource), a
dataset says *what* is exported; ``writers`` says *how* each format writes it, so a column is
defined once for CSV, JSON and XLSX. Rows are read with ``values_list(...).iterator()`` and the
few related values a row needs (tags, scores, counts) are fetched once per chunk of rows: the
number of queries grows with rows / ``CHUNK``, never with rows.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from itertools import islice
from typing import Any, TypeVar

from django.utils.translation import gettext_lazy as _

from cocrea.accounts.models import DELETED_EMAIL_DOMAIN
from cocrea.brands.models import Brand

CHUNK = 2000
T = TypeVar("T")
Rows = Iterator[Sequence[Any]]


@dataclass(frozen=True)
class Table:
    name: str
    columns: tuple[str, ...]
    count: Callable[[Brand], int]
    rows: Callable[[Brand], Rows]


@dataclass(frozen=True)
class Dataset:
    key: str
    label: Any  # a lazy translation
    description: Any
    role: str  # the least role that may export it (moderator: the brand team; admin)
    tables: tuple[Table, ...]


def chunks(items: Iterable[T], size: int = CHUNK) -> Iterator[list[T]]:
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk


def public_name(display_name: str | None, email: str | None) -> str:
    """The name the site shows for a person (``User.public_name``), from two columns."""
    if (email or "").endswith("@" + DELETED_EMAIL_DOMAIN):
        return str(_("former member"))
    return display_name or (email or "").split("@", 1)[0]
