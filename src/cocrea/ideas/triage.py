"""The team's triage of ideas: the sorted and filtered list, an assignee per idea, and status
changes applied to many ideas at once (each through ``workflow.idea_set_status``, so every idea
keeps its own official answer, transition check, notifications and ledger row)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from django.db import transaction
from django.db.models import Case, IntegerField, QuerySet, Value, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cocrea.brands.models import Membership
from cocrea.brands.permissions import is_moderator
from cocrea.core.errors import DomainError, NotFound, PermissionDenied
from cocrea.ideas.models import Assignment, Idea
from cocrea.ideas.workflow import idea_set_status

Status = Idea.Status
BULK_MAX = 100
# The order a team works through: what waits for a first answer, then the open ladder, then
# what is settled.
STATUS_ORDER = [
    Status.NEW,
    Status.UNDER_REVIEW,
    Status.ACCEPTED,
    Status.IN_DEVELOPMENT,
    Status.LAUNCHED,
    Status.DECLINED,
    Status.MERGED,
]
SORTS: dict[str, tuple[str, ...]] = {
    "newest": ("-created_at", "-id"),
    "oldest": ("created_at", "id"),
    "support": ("-support_count", "-id"),
    "status": ("status_rank", "created_at", "id"),
}


@dataclass(frozen=True)
class TriageFilters:
    status: str = ""
    campaign_id: int | None = None
    assignee: str = ""  # "", "none", "me" or a membership id
    sort: str = "newest"


@dataclass
class BulkResult:
    done: list[Idea] = field(default_factory=list)
    refused: list[tuple[Idea, str]] = field(default_factory=list)


def ideas_for_triage(
    brand: Any, filters: TriageFilters, viewer: Membership | None = None
) -> QuerySet[Idea]:
    """Every idea of the brand (hidden and withdrawn included), filtered and sorted."""
    ideas = Idea.objects.filter(brand=brand)
    if filters.status:
        ideas = ideas.filter(status=filters.status)
    if filters.campaign_id is not None:
        ideas = ideas.filter(campaign_id=filters.campaign_id)
    if filters.assignee == "none":
        ideas = ideas.filter(assignment__isnull=True)
    elif filters.assignee == "me" and viewer is not None:
        ideas = ideas.filter(assignment__assignee=viewer)
    elif filters.assignee.isdigit():
        ideas = ideas.filter(assignment__assignee_id=int(filters.assignee))
    rank = Case(
        *(When(status=s, then=Value(i)) for i, s in enumerate(STATUS_ORDER)),
        default=Value(len(STATUS_ORDER)),
        output_field=IntegerField(),
    )
    order = SORTS.get(filters.sort, SORTS["newest"])
    return (
        ideas.annotate(status_rank=rank)
        .select_related("author__user", "campaign", "assignment__assignee__user")
        .order_by(*order)
    )


def team_of(brand: Any) -> QuerySet[Membership]:
    """The people an idea may be assigned to: the brand's moderators and admins."""
    roles = [Membership.Role.MODERATOR, Membership.Role.ADMIN]
    return (
        Membership.objects.filter(brand=brand, role__in=roles)
        .select_related("user")
        .order_by("user__display_name", "user__email")
    )


def _check_ideas(actor: Membership, ideas: list[Idea]) -> None:
    """The actor is of the brand team, and the ideas are the brand's (1 to BULK_MAX of them)."""
    if not is_moderator(actor):
        raise PermissionDenied(_("Only the brand team may triage ideas."), code="forbidden")
    if not ideas:
        raise DomainError(_("Choose at least one idea."), field="ideas")
    if len(ideas) > BULK_MAX:
        raise DomainError(
            _("Change at most %(max)d ideas at once.") % {"max": BULK_MAX}, field="ideas"
        )
    if any(idea.brand_id != actor.brand_id for idea in ideas):
        raise NotFound(_("Choose ideas of this community."), code="not_found")


@transaction.atomic
def ideas_assign(*, actor: Membership, ideas: list[Idea], assignee: Membership | None) -> int:
    """Give ``ideas`` to ``assignee`` (a moderator or admin of the brand), or to nobody."""
    _check_ideas(actor, ideas)
    if assignee is not None and not team_of(actor.brand_id).filter(pk=assignee.pk).exists():
        raise DomainError(_("Assign ideas to a member of the brand team."), field="assignee")
    ids = [idea.pk for idea in ideas]
    if assignee is None:
        Assignment.objects.filter(idea_id__in=ids).delete()
        return len(ids)
    now = timezone.now()
    for idea_id in ids:
        Assignment.objects.update_or_create(
            idea_id=idea_id,
            defaults={"assignee": assignee, "assigned_by": actor, "assigned_at": now},
        )
    return len(ids)


def ideas_bulk_status(
    *, actor: Membership, ideas: list[Idea], to_status: str, answer: str = ""
) -> BulkResult:
    """Move each idea to ``to_status`` with the same official answer.

    Each idea is its own transaction: an idea that may not make this move (already launched,
    withdrawn, declined without an answer…) is reported with the reason and the others go on.
    """
    _check_ideas(actor, ideas)
    if to_status == Status.MERGED:
        raise DomainError(_("Merge ideas one by one, from their answer page."), field="to_status")
    result = BulkResult()
    for idea in ideas:
        try:
            idea_set_status(actor_membership=actor, idea=idea, to_status=to_status, answer=answer)
        except DomainError as error:
            result.refused.append((idea, str(error.message)))
        else:
            result.done.append(idea)
    return result


WAITING_DAYS = 7


def attention_counts(brand: Any) -> dict[str, int]:
    """What waits for the team on the console's home: ideas without a first answer for a week,
    and new ideas nobody has taken."""
    waiting = Idea.objects.filter(
        brand=brand, status=Status.NEW, is_hidden=False, withdrawn_at=None
    )
    since = timezone.now() - timedelta(days=WAITING_DAYS)
    return {
        "waiting": waiting.filter(created_at__lt=since).count(),
        "unassigned": waiting.filter(assignment__isnull=True).count(),
    }
