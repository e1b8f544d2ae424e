"""Phases decide what members may do, and when."""

from __future__ import annotations

from datetime import datetime

from django.utils import timezone

from cocrea.campaigns.models import Campaign, Phase

Kind = Phase.Kind

# What each phase opens to members. Outside every phase (before the first, or between
# two phases with a gap) nothing is open.
ACTIONS_BY_PHASE: dict[str, frozenset[str]] = {
    Kind.SUBMISSION: frozenset({"submit", "edit", "withdraw", "comment", "vote", "rate"}),
    Kind.VOTING: frozenset({"withdraw", "comment", "vote", "rate"}),
    Kind.REVIEW: frozenset({"comment"}),
    Kind.RESULTS: frozenset(),
}


def current_phase(campaign: Campaign, now: datetime | None = None) -> Phase | None:
    """The phase whose window holds ``now``; uses prefetched ``campaign.phases`` when present."""
    now = now or timezone.now()
    for phase in campaign.phases.all():
        if phase.starts_at <= now and (phase.ends_at is None or now < phase.ends_at):
            return phase
    return None


def allowed_actions(campaign: Campaign, now: datetime | None = None) -> frozenset[str]:
    phase = current_phase(campaign, now)
    if phase is None:
        return frozenset()
    actions = ACTIONS_BY_PHASE[phase.kind]
    if not campaign.allow_rating:
        actions = actions - {"rate"}
    return actions


def phase_allows(campaign: Campaign, action: str, now: datetime | None = None) -> bool:
    return action in allowed_actions(campaign, now)
