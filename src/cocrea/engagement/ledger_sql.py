"""The engagement ledger as SQL clauses, for the hottest writes on PostgreSQL.

``record()`` costs an INSERT and one upsert per member, each a round trip built by Python. A
support vote is the hottest write of the platform (issue 2 asks for 1,000 votes/s on 2 cores),
so on PostgreSQL ``vote_cast`` writes the vote, the idea's counters, the ``vote_given`` and
``vote_received`` events and both scores in ONE statement, with the clauses below appended to
its own ``WITH``. The rules are those of ``record()``: weights copied from the brand's weights,
``w * 2^((t - T0)/h)`` added to each score, the author not credited for a vote on their own
idea; ``tiers_check`` then does what ``record()`` does after its upserts. The tests run the
same behaviours through both paths (SQLite takes ``record()``).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from django.db import transaction

from cocrea.engagement.models import (
    DEFAULT_EPOCH,
    DEFAULT_HALF_LIFE_DAYS,
    DEFAULT_WEIGHTS,
    BadgeAward,
    BadgeRule,
    EngagementEvent,
    EngagementWeights,
    Kind,
    MemberScore,
)

_EVENT = EngagementEvent._meta.db_table
_WEIGHTS = EngagementWeights._meta.db_table
_SCORE = MemberScore._meta.db_table
_RULE = BadgeRule._meta.db_table
_AWARD = BadgeAward._meta.db_table
# The event's kind for a moved score (the voter's is "vote_given", the author's "vote_received"),
# and the number of the brand's badge rules of that kind the member has not earned (badges.py).
_KIND = "CASE WHEN s.member_id = %(member)s THEN 'vote_given' ELSE 'vote_received' END"
_PENDING = (
    f"(SELECT COUNT(*) FROM {_RULE} r WHERE r.brand_id = %(brand)s AND r.kind = {_KIND}"  # noqa: S608
    f" AND NOT EXISTS (SELECT 1 FROM {_AWARD} a WHERE a.badge_id = r.badge_id"
    " AND a.member_id = s.member_id))"
)
_MOVED = (
    "s.member_id, s.score_at_epoch, s.epoch, s.half_life_days, s.next_threshold,"
    f" s.has_accepted_idea, s.tier_id, {_KIND} AS kind, {_PENDING} AS pending_badges"
)
_POW = "POWER(CAST(2.0 AS DOUBLE PRECISION), ({t} - {s}.epoch) / ({s}.half_life_days * 86400.0))"

# Identifiers below come from model metadata; every value is a parameter.
VOTE_LEDGER = f"""
ledger_w AS (
  SELECT COALESCE((SELECT w_vote_given FROM {_WEIGHTS} WHERE brand_id = %(brand)s),
                  %(w_given)s) AS given,
         COALESCE((SELECT w_vote_received FROM {_WEIGHTS} WHERE brand_id = %(brand)s),
                  %(w_received)s) AS received,
         COALESCE((SELECT epoch FROM {_WEIGHTS} WHERE brand_id = %(brand)s),
                  %(epoch)s) AS epoch,
         COALESCE((SELECT half_life_days FROM {_WEIGHTS} WHERE brand_id = %(brand)s),
                  %(half_life)s) AS half_life_days
),
ledger_events AS (
  INSERT INTO {_EVENT} (brand_id, member_id, kind, weight, actor_id, idea_id, comment_id,
                        occurred_at, created_at)
  SELECT %(brand)s, %(member)s, 'vote_given', w.given, CAST(NULL AS BIGINT), vote.idea_id,
         CAST(NULL AS BIGINT), %(now)s, %(now)s
    FROM vote, ledger_w w
  UNION ALL
  SELECT %(brand)s, CAST(%(author)s AS BIGINT), 'vote_received', w.received, %(member)s,
         vote.idea_id, CAST(NULL AS BIGINT), %(now)s, %(now)s
    FROM vote, ledger_w w
   WHERE CAST(%(author)s AS BIGINT) IS NOT NULL AND %(author)s <> %(member)s
  RETURNING member_id, weight
),
ledger_moved AS (
  UPDATE {_SCORE} s
     SET score_at_epoch = s.score_at_epoch + e.weight * {_POW.format(t="%(t)s", s="s")},
         as_of = %(now)s
    FROM ledger_events e
   WHERE s.member_id = e.member_id
  RETURNING {_MOVED}
),
ledger_new AS (
  -- First score of a member. Two first votes of one member racing both land here: the loser
  -- of the insert adds its term to the winner's row (same epoch and half-life: exact).
  INSERT INTO {_SCORE} AS s (member_id, brand_id, score_at_epoch, epoch, half_life_days, as_of,
                             has_accepted_idea, next_threshold, leaderboard_opt_out)
  SELECT e.member_id, %(brand)s, e.weight * {_POW.format(t="%(t)s", s="w")}, w.epoch,
         w.half_life_days, %(now)s, FALSE, 0.0, FALSE
    FROM ledger_events e, ledger_w w
   WHERE NOT EXISTS (SELECT 1 FROM ledger_moved m WHERE m.member_id = e.member_id)
  ON CONFLICT (member_id) DO UPDATE
     SET score_at_epoch = s.score_at_epoch + EXCLUDED.score_at_epoch
           * POWER(CAST(2.0 AS DOUBLE PRECISION),
                   (EXCLUDED.epoch - s.epoch) / (s.half_life_days * 86400.0)),
         as_of = EXCLUDED.as_of
  RETURNING {_MOVED}
)
"""  # noqa: S608

# The scores the statement moved, as one JSON array (None when nothing was recorded).
VOTE_LEDGER_RESULT = (
    "(SELECT json_agg(json_build_array(member_id, score_at_epoch, epoch, half_life_days,"
    " next_threshold, has_accepted_idea, tier_id, kind, pending_badges))"
    " FROM (SELECT * FROM ledger_moved UNION ALL SELECT * FROM ledger_new) moved)"
)


def vote_ledger_params(
    *, brand_id: int, member_id: int, author_id: int | None, now: datetime
) -> dict[str, Any]:
    return {
        "brand": brand_id,
        "member": member_id,
        "author": author_id,
        "now": now,
        "t": now.timestamp(),
        "w_given": DEFAULT_WEIGHTS[Kind.VOTE_GIVEN],
        "w_received": DEFAULT_WEIGHTS[Kind.VOTE_RECEIVED],
        "epoch": DEFAULT_EPOCH,
        "half_life": DEFAULT_HALF_LIFE_DAYS,
    }


def after_vote_recorded(
    *, brand_id: int, moved: Sequence[Sequence[Any]] | None, now: datetime
) -> None:
    """After the statement, what ``record()`` does after its upserts: award the badges of the
    kind still to earn, evaluate the tier of each member whose score passed its cached
    threshold. Outside a caller's transaction the statement has already committed, so this is a
    transaction of its own: were it to fail, the member's next event would redo it (the cached
    threshold is still passed, the rules still pending)."""
    from cocrea.engagement.badges import badges_check
    from cocrea.engagement.services import check_tier, decay_factor

    t = now.timestamp()
    for row in moved or ():
        member_id, score_at_epoch, epoch, half_life, next_threshold, accepted, tier_id = row[:7]
        kind, pending_badges = row[7:]
        score = score_at_epoch / decay_factor(t=t, epoch=epoch, half_life_days=half_life)
        tier_due = next_threshold is not None and (next_threshold <= 0 or score >= next_threshold)
        if not (tier_due or pending_badges):
            continue  # the common case: nothing to look at, no transaction to open
        with transaction.atomic():
            if pending_badges:
                badges_check(member_id=member_id, brand_id=brand_id, kind=kind)
            check_tier(
                member_id=member_id,
                brand_id=brand_id,
                score_at_epoch=score_at_epoch,
                epoch=epoch,
                half_life_days=half_life,
                next_threshold=next_threshold,
                has_accepted_idea=bool(accepted),
                tier_id=tier_id,
                now=now,
            )
