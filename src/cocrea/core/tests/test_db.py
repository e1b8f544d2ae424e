"""SQL helpers of the hottest writes."""

from __future__ import annotations

from cocrea.contests.votes import _CAST_PG
from cocrea.core.db import QUERY_CACHE_LIMIT, compact_sql
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
