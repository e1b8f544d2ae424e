"""One-line announcements other apps call inside their services (same transaction).

Each builds its payload only when an endpoint of the brand listens (``payloads.py``).
"""

from __future__ import annotations

from typing import Any

from cocrea.webhooks import payloads, registry
from cocrea.webhooks.services import emit

# Supports at which an idea's milestone is told (each once per idea).
VOTE_MILESTONES = frozenset({10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000, 25000, 50000})


def idea_created(idea: Any) -> None:
    emit(brand=idea.brand_id, event_type=registry.IDEA_CREATED, payload=lambda: payloads.idea(idea))


def idea_status_changed(change: Any, idea: Any) -> None:
    emit(
        brand=idea.brand_id,
        event_type=registry.IDEA_STATUS_CHANGED,
        payload=lambda: payloads.status_change(change, idea),
    )


def comment_created(comment: Any) -> None:
    emit(
        brand=comment.brand_id,
        event_type=registry.COMMENT_CREATED,
        payload=lambda: payloads.comment(comment),
    )


def vote_counted(idea: Any, support_count: int) -> None:
    """After a vote: tell the milestone if this vote reached one (free otherwise)."""
    if support_count not in VOTE_MILESTONES:
        return
    emit(
        brand=idea.brand_id,
        event_type=registry.IDEA_VOTE_MILESTONE,
        payload=lambda: payloads.vote_milestone(idea, support_count),
        dedupe_key=f"idea:{idea.pk}:supports:{support_count}",
    )


def contest_results_published(contest: Any, placements: list[Any]) -> None:
    emit(
        brand=contest.campaign.brand_id,
        event_type=registry.CONTEST_RESULTS_PUBLISHED,
        payload=lambda: payloads.contest_results(contest, placements),
    )


def member_joined(membership: Any) -> None:
    emit(
        brand=membership.brand_id,
        event_type=registry.MEMBER_JOINED,
        payload=lambda: payloads.member_joined(membership),
    )


def tier_changed(*, member_id: int, brand_id: int, old: Any, new: Any, score: float) -> None:
    emit(
        brand=brand_id,
        event_type=registry.MEMBER_TIER_CHANGED,
        payload=lambda: payloads.tier_changed(member_id, old, new, score),
    )
