"""Uploaded files stored by a service that then refuses the change are removed again.

A form may fail after its file was written (a campaign edit whose cover is fine and whose
phases are not): the database rolls back, the file would stay on disk. ``MediaStorage`` notes
every file it writes while a ``@files_removed_on_error`` service runs, and the decorator deletes
them when the service raises.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from contextvars import ContextVar
from typing import Any, ParamSpec, TypeVar

from django.core.files.storage import FileSystemStorage, Storage

_written: ContextVar[list[tuple[Storage, str]] | None] = ContextVar("written", default=None)

P = ParamSpec("P")
R = TypeVar("R")


class MediaStorage(FileSystemStorage):
    """The media storage: the file system, with the files written by a service noted."""

    def _save(self, name: str, content: Any) -> str:
        saved = super()._save(name, content)  # type: ignore[misc]
        written = _written.get()
        if written is not None:
            written.append((self, saved))
        return saved


def files_removed_on_error(service: Callable[P, R]) -> Callable[P, R]:
    """Put it outside ``@transaction.atomic``: the files go when the transaction does."""

    @functools.wraps(service)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        outer = _written.get()
        mine: list[tuple[Storage, str]] = []
        token = _written.set(mine)
        try:
            result = service(*args, **kwargs)
        except BaseException:
            for storage, name in mine:
                storage.delete(name)
            raise
        finally:
            _written.reset(token)
        if outer is not None:
            outer.extend(mine)  # an enclosing service that fails removes them too
        return result

    return wrapper
