"""Staff time: ``record_staff_action`` is the one call other apps' services make where the brand
team acts. It costs one INSERT: the programme (through the campaign) and the brand's own estimate
for the action are read by sub-queries inside that statement.

Call it inside the service's transaction, so that a refused or rolled-back action leaves no time.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

from django.db.models import DecimalField, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from cocrea.campaigns.models import Campaign
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


def _minutes(brand_id: int, action: str, seconds: float | None) -> Any:
    if seconds is not None and 0 < seconds <= MAX_MEASURED_SECONDS:
        return (Decimal(seconds) / 60).quantize(Decimal("0.01"))
    estimate = StaffTimeEstimate.objects.filter(brand_id=brand_id, action=action).order_by()
    return Coalesce(
        Subquery(estimate.values("minutes")[:1]),
        Value(DEFAULT_MINUTES[action]),
        output_field=DecimalField(max_digits=8, decimal_places=2),
    )


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
    statement); brand-wide work (community moderation) gives neither.
    """
    campaign: Any = campaign_id
    if campaign_id is None and idea_id is not None:
        campaign = Subquery(Idea.objects.filter(pk=idea_id).order_by().values("campaign_id")[:1])
    programme: Any = None
    if campaign is not None:
        campaigns = Campaign.objects.filter(pk=campaign).order_by()
        programme = Subquery(campaigns.values("programme_id")[:1])
    StaffAction.objects.create(
        brand_id=brand_id,
        programme_id=programme,
        campaign_id=campaign,
        actor_id=actor_id,
        action=Action(action),
        minutes=_minutes(brand_id, action, seconds),
        measured=seconds is not None and 0 < seconds <= MAX_MEASURED_SECONDS,
        occurred_at=at or timezone.now(),
    )
