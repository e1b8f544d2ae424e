"""SQL helpers of the hottest writes."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cocrea.contests.votes import _CAST_PG
from cocrea.core.db import QUERY_CACHE_LIMIT, compact_sql, prepared_cursor
from cocrea.ideas.services import _VOTE_PG


def test_compact_sql_drops_comments_and_spaces_but_keeps_words_apart():
    sql = """
    WITH a AS (  -- the first step, (commented)
      SELECT id FROM t WHERE x = %(x)s AND NOT y
    )
    SELECT * FROM a  WHERE status <> 'merged'
    """
    assert compact_sql(sql) == (
        "WITH a AS(SELECT id FROM t WHERE x=%(x)s AND NOT y)SELECT*FROM a WHERE status<>'merged'"
    )


def test_vote_statements_fit_the_drivers_query_cache():
    assert len(_VOTE_PG) <= QUERY_CACHE_LIMIT
    assert len(_CAST_PG) <= QUERY_CACHE_LIMIT
    assert "--" not in _VOTE_PG


@pytest.mark.django_db
def test_a_prepared_cursor_prepares_its_statement_once_on_postgresql():
    if connection.vendor != "postgresql":
        pytest.skip("prepared statements are PostgreSQL's; SQLite runs the query as given")
    sql = "SELECT %(n)s::int + 1 AS prepared_probe"
    with CaptureQueriesContext(connection) as logged:
        for n in (1, 2, 3):
            with prepared_cursor() as cursor:
                cursor.execute(sql, {"n": n})
                assert cursor.fetchone() == (n + 1,)
    # The query log still sees every execution, prepared or not.
    assert [("prepared_probe" in (q["sql"] or "")) for q in logged] == [True] * 3
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_prepared_statements WHERE statement LIKE %s",
            ["%prepared_probe%"],
        )
        assert cursor.fetchone() == (1,)
