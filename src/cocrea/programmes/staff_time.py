"""Staff time: ``record_staff_action`` is the one call other apps' services make where the brand
team acts. It costs one INSERT: the programme (through the campaign) and the brand's own estimate
for the action are read by sub-queries inside that statement.

Call it inside the service's transaction, so that a refused or rolled-back action leaves no time.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from django.db import connection
from django.utils import timezone

from cocrea.campaigns.models import Campaign
from cocrea.core.db import prepared_cursor
from cocrea.ideas.models import Idea
from cocrea.programmes.models import StaffAction, StaffTimeEstimate

Action = StaffAction.Action

# Minutes an action takes when the brand has set no estimate of its own (docs/programmes.md).
DEFAULT_MINUTES: dict[str, Decimal] = {
    Action.MODERATION: Decimal("3"),
    Action.TRIAGE: Decimal("2"),
    Action.ANSWER: Decimal("10"),
    Action.MERGE: Decimal("5"),
    Action.JURY: Decimal("6"),
    Action.REPLY: Decimal("5"),
    Action.INVITATION: Decimal("2"),
    Action.CAMPAIGN: Decimal("30"),
    Action.WORKSHOP: Decimal("0"),
    Action.DEVELOPMENT: Decimal("0"),
    Action.OTHER: Decimal("0"),
}
AUTOMATIC = [a for a in Action if a not in (Action.WORKSHOP, Action.DEVELOPMENT, Action.OTHER)]
MAX_MEASURED_SECONDS = 4 * 3600  # a page open longer than this measured a coffee break


def _sql() -> str:
    """The one statement: the campaign (given, or the idea's), its programme and the brand's
    estimate are read by sub-queries inside the INSERT. Written once, in SQL that SQLite and
    PostgreSQL both run, so a call costs no ORM compilation. Only table names (from the models)
    are formatted in; every value is a bound parameter."""
    names = {
        "action": StaffAction._meta.db_table,
        "estimate": StaffTimeEstimate._meta.db_table,
        "campaign": Campaign._meta.db_table,
        "idea": Idea._meta.db_table,
    }
    return _TEMPLATE.format(**names)


_TEMPLATE = (
    "INSERT INTO {action} (brand_id, programme_id, campaign_id, actor_id, action, minutes,"
    " measured, manual, note, occurred_at) VALUES (%(brand)s,"
    " (SELECT programme_id FROM {campaign} WHERE id ="
    "  COALESCE(%(campaign)s, (SELECT campaign_id FROM {idea} WHERE id = %(idea)s))),"
    " COALESCE(%(campaign)s, (SELECT campaign_id FROM {idea} WHERE id = %(idea)s)),"
    " %(actor)s, CAST(%(action)s AS VARCHAR(12)),"
    " COALESCE(%(measured_minutes)s, (SELECT minutes FROM {estimate}"
    "  WHERE brand_id = %(brand)s AND action = CAST(%(action)s AS VARCHAR(12))), %(default)s),"
    " %(measured)s, %(manual)s, '', %(at)s)"
)
_SQL: list[str] = []


def record_staff_action(
    *,
    brand_id: int,
    actor_id: int | None,
    action: str,
    campaign_id: int | None = None,
    idea_id: int | None = None,
    seconds: float | None = None,
    at: datetime | None = None,
) -> None:
    """Record that a member of the brand team did ``action`` (one INSERT, no read).

    Give the campaign, or the idea the action was about (its campaign is read inside the
    statement); brand-wide work (community moderation) gives neither. ``seconds``: the time the
    page measured, kept when it is plausible (up to four hours), else the estimate is used.
    """
    if not _SQL:
        _SQL.append(_sql())
    measured = seconds is not None and 0 < seconds <= MAX_MEASURED_SECONDS
    params = {
        "brand": brand_id,
        "campaign": campaign_id,
        "idea": idea_id,
        "actor": actor_id,
        "action": Action(action).value,
        "measured_minutes": connection.ops.adapt_decimalfield_value(
            (Decimal(seconds or 0) / 60).quantize(Decimal("0.01"))
        )
        if measured
        else None,
        "default": connection.ops.adapt_decimalfield_value(DEFAULT_MINUTES[Action(action)]),
        "measured": measured,
        "manual": False,
        "at": connection.ops.adapt_datetimefield_value(at or timezone.now()),
    }
    if connection.vendor == "postgresql":
        # Bound and prepared on the server: planning was half of the statement's cost.
        with prepared_cursor() as cursor:
            cursor.execute(_SQL[0], params)
    else:
        with connection.cursor() as cursor:
            cursor.execute(_SQL[0], params)
