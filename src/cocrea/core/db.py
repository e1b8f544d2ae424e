"""Database helpers shared by the apps' hottest writes."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.db import connection
from django.db.backends.utils import CursorWrapper


@contextmanager
def prepared_cursor() -> Iterator[CursorWrapper]:
    """A PostgreSQL cursor that binds parameters on the server and prepares its statements.

    Django binds on the client (it quotes every value into the SQL text) and never prepares, so
    PostgreSQL parses and plans each statement again. For a long statement run thousands of times
    a second (a vote) that is most of its cost. The cursor is wrapped as Django wraps its own,
    so query logging and ``CaptureQueriesContext`` still see it. PostgreSQL only, and only
    with a ``prepare_threshold`` in the database OPTIONS (settings.py): Django's default of
    None makes psycopg ignore ``prepare=True``.
    """
    import psycopg

    class _Prepared(psycopg.Cursor):  # type: ignore[type-arg]
        def execute(self, query: Any, params: Any = None, **kwargs: Any) -> Any:
            result = super().execute(query, params, prepare=True)
            if self._query is None:
                # psycopg keeps no query object when it runs an already prepared statement,
                # and Django's query log (DEBUG, CaptureQueriesContext) reads the SQL there.
                self._query = _Logged(query)  # type: ignore[assignment]
            return result

    connection.ensure_connection()
    raw = _Prepared(connection.connection)
    # Django wraps any DB-API cursor this way; its stubs say CursorWrapper.
    wrapped = (
        connection.make_debug_cursor(raw)  # type: ignore[arg-type]
        if connection.queries_logged
        else connection.make_cursor(raw)  # type: ignore[arg-type]
    )
    with wrapped as cursor:
        yield cursor


class _Logged:
    """What Django's ``last_executed_query`` reads of a psycopg cursor's ``_query``."""

    def __init__(self, sql: str) -> None:
        self.query = sql.encode()


# psycopg converts a query's %(name)s placeholders once and caches the result, but only for
# queries of at most 4,096 characters (psycopg._queries.MAX_CACHED_STATEMENT_LENGTH); a longer
# one is parsed again at every execution (0.6 ms for the vote statement on a 2 GHz core).
QUERY_CACHE_LIMIT = 4096
_COMMENT = re.compile(r"--[^\n]*")
_SPACE_AROUND = re.compile(r"\s*([(),=<>+*/])\s*")


def compact_sql(sql: str) -> str:
    """The statement without comments and needless spaces (same meaning, fewer characters).
    For statements built from constants only: string literals must not hold "--" or runs of
    spaces."""
    text = " ".join(_COMMENT.sub(" ", sql).split())
    return _SPACE_AROUND.sub(r"\1", text)
