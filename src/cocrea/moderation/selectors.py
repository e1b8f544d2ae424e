"""Reads for moderators: the queue of reported items and the brand's audit log.

Both pages paginate on a small grouped/unioned query first, then fetch only the rows of the
page in a constant number of queries (no N+1, whatever the page size).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.db.models import CharField, Count, Min, Q, QuerySet, Value
from django.utils.translation import gettext

from cocrea.brands.models import Brand
from cocrea.ideas.models import Comment, Idea, StatusChange
from cocrea.moderation.models import ModerationDecision, Report


@dataclass
class QueueEntry:
    kind: str  # "idea" or "comment"
    item: Idea | Comment
    report_count: int
    first_reported_at: datetime
    reports: list[Report] = field(default_factory=list)

    @property
    def reasons(self) -> list[tuple[str, int]]:
        counts: dict[str, int] = {}
        for report in self.reports:
            label = str(report.get_reason_display())
            counts[label] = counts.get(label, 0) + 1
        return sorted(counts.items(), key=lambda pair: -pair[1])


def open_report_groups(brand: Brand) -> QuerySet[Any]:
    """One row per reported item: ids, number of open reports, oldest report first."""
    return (
        Report.objects.filter(brand=brand, state=Report.State.OPEN)
        .values("idea_id", "comment_id")
        .annotate(n=Count("id"), first=Min("created_at"))
        .order_by("first", "idea_id", "comment_id")
    )


def queue_entries(brand: Brand, groups: list[dict[str, Any]]) -> list[QueueEntry]:
    """Turn one page of ``open_report_groups`` into entries with their items and reports."""
    idea_ids = [g["idea_id"] for g in groups if g["idea_id"]]
    comment_ids = [g["comment_id"] for g in groups if g["comment_id"]]
    ideas = Idea.objects.filter(brand=brand, pk__in=idea_ids).select_related("author__user")
    comments = Comment.objects.filter(brand=brand, pk__in=comment_ids).select_related(
        "author__user", "idea"
    )
    items: dict[tuple[str, int], Any] = {("idea", i.pk): i for i in ideas}
    items.update({("comment", c.pk): c for c in comments})
    entries: dict[tuple[str, int], QueueEntry] = {}
    for group in groups:
        key = ("idea", group["idea_id"]) if group["idea_id"] else ("comment", group["comment_id"])
        if key in items:
            entries[key] = QueueEntry(key[0], items[key], group["n"], group["first"])
    reports = (
        Report.objects.filter(brand=brand, state=Report.State.OPEN)
        .filter(_either(idea_ids, comment_ids))
        .select_related("reporter__user")
    )
    for report in reports:
        key = ("idea", report.idea_id) if report.idea_id else ("comment", report.comment_id)
        if key in entries:
            entries[key].reports.append(report)
    return list(entries.values())


def _either(idea_ids: list[int], comment_ids: list[int]) -> Q:
    return Q(idea_id__in=idea_ids) | Q(comment_id__in=comment_ids)


def hidden_items(brand: Brand, limit: int = 20) -> tuple[list[Idea], list[Comment]]:
    """Recently hidden ideas and comments, so a moderator can restore them."""
    ideas = Idea.objects.filter(brand=brand, is_hidden=True).select_related("author__user")
    comments = Comment.objects.filter(brand=brand, is_hidden=True).select_related(
        "author__user", "idea"
    )
    return (
        list(ideas.order_by("-updated_at", "-id")[:limit]),
        list(comments.order_by("-created_at", "-id")[:limit]),
    )


# --- Audit ---------------------------------------------------------------------------------


@dataclass
class AuditEntry:
    kind: str  # "moderation" or "status"
    created_at: datetime
    actor: Any
    action: str
    before: str
    after: str
    reason: str  # plain reason (moderation) or sanitised HTML answer (status)
    idea: Idea | None
    comment: Comment | None


def audit_rows(brand: Brand) -> QuerySet[Any]:
    """Moderation decisions and status changes of the brand: (src, id, created_at), newest first."""
    text: CharField[str, str] = CharField()
    # .order_by() clears the models' default ordering: not allowed inside a UNION.
    decisions = (
        ModerationDecision.objects.filter(brand=brand)
        .order_by()
        .values_list(Value("moderation", output_field=text), "id", "created_at")
    )
    changes = (
        StatusChange.objects.filter(idea__brand=brand)
        .order_by()
        .values_list(Value("status", output_field=text), "id", "created_at")
    )
    return decisions.union(changes, all=True).order_by("-created_at", "-id")


def _hidden_label(state: dict[str, Any]) -> str:
    return gettext("hidden") if state.get("is_hidden") else gettext("visible")


def audit_entries(brand: Brand, rows: list[tuple[str, int, datetime]]) -> list[AuditEntry]:
    """Fetch the rows of one page of ``audit_rows`` (two queries) in the page's order."""
    decision_ids = [pk for src, pk, _at in rows if src == "moderation"]
    change_ids = [pk for src, pk, _at in rows if src == "status"]
    decisions = {
        d.pk: d
        for d in ModerationDecision.objects.filter(brand=brand, pk__in=decision_ids).select_related(
            "actor", "idea", "comment__idea"
        )
    }
    changes = {
        c.pk: c
        for c in StatusChange.objects.filter(idea__brand=brand, pk__in=change_ids).select_related(
            "actor", "idea"
        )
    }
    entries = []
    for src, pk, _at in rows:
        if src == "moderation" and pk in decisions:
            d = decisions[pk]
            entries.append(
                AuditEntry(
                    "moderation",
                    d.created_at,
                    d.actor,
                    str(d.get_action_display()),
                    _hidden_label(d.before),
                    _hidden_label(d.after),
                    d.reason,
                    d.idea if d.comment is None else d.comment.idea,
                    d.comment,
                )
            )
        elif src == "status" and pk in changes:
            c = changes[pk]
            entries.append(
                AuditEntry(
                    "status",
                    c.created_at,
                    c.actor,
                    "",
                    str(c.get_from_status_display()),
                    str(c.get_to_status_display()),
                    c.answer,
                    c.idea,
                    None,
                )
            )
    return entries
