"""May this person do this in a contest now? Pure predicates, used by views, templates and the
services themselves.

A contest's phases mean: submission (enter and withdraw designs), voting (the public vote), review
(shown as "Jury": jurors score the finalists), results. Unlike an idea campaign, nobody votes
during submission: every design must have the same time in front of the voters.
"""

from __future__ import annotations

from datetime import datetime

from django.utils.translation import gettext_lazy as _

from cocrea.brands.models import Membership
from cocrea.brands.permissions import is_admin, is_moderator
from cocrea.campaigns.models import Campaign, Phase
from cocrea.campaigns.models import phase_label as campaign_phase_label
from cocrea.campaigns.permissions import can_view_campaign
from cocrea.campaigns.phases import current_phase
from cocrea.contests.models import Contest, Entry

Kind = Phase.Kind


def phase_label(kind: str | None) -> str:
    """A contest's phase as members read it (designs, public vote, jury), or "Closed"."""
    return campaign_phase_label(Campaign.Kind.CONTEST, kind) if kind else str(_("Closed"))


def phase_kind(contest: Contest, now: datetime | None = None) -> str | None:
    phase = current_phase(contest.campaign, now)
    return phase.kind if phase is not None else None


def _of_brand(contest: Contest, membership: Membership | None) -> bool:
    return membership is not None and membership.brand_id == contest.brand_id


def can_view_contest(contest: Contest, membership: Membership | None) -> bool:
    return can_view_campaign(contest.campaign, membership)


def can_take_part(contest: Contest, membership: Membership | None) -> bool:
    return _of_brand(contest, membership) and can_view_contest(contest, membership)


def can_submit(contest: Contest, membership: Membership | None) -> bool:
    return can_take_part(contest, membership) and phase_kind(contest) == Kind.SUBMISSION


def is_author(entry: Entry, membership: Membership | None) -> bool:
    return membership is not None and entry.author_id == membership.pk


def can_withdraw_entry(entry: Entry, membership: Membership | None) -> bool:
    return (
        is_author(entry, membership)
        and entry.withdrawn_at is None
        and phase_kind(entry.contest) == Kind.SUBMISSION
    )


def voting_open(contest: Contest, now: datetime | None = None) -> bool:
    return phase_kind(contest, now) == Kind.VOTING


def can_vote(entry: Entry, membership: Membership | None) -> bool:
    """Members vote for others' live designs while the public vote is open."""
    return (
        entry.is_live
        and not is_author(entry, membership)
        and can_take_part(entry.contest, membership)
        and voting_open(entry.contest)
    )


def can_view_entry(entry: Entry, membership: Membership | None) -> bool:
    if not can_view_contest(entry.contest, membership):
        return False
    if entry.is_live:
        return True
    return _of_brand(entry.contest, membership) and (
        is_moderator(membership) or is_author(entry, membership)
    )


def can_manage(contest: Contest, membership: Membership | None) -> bool:
    return _of_brand(contest, membership) and is_admin(membership)


def can_moderate(contest: Contest, membership: Membership | None) -> bool:
    return _of_brand(contest, membership) and is_moderator(membership)


def results_published(contest: Contest) -> bool:
    return contest.closed_at is not None


def may_preview_jury(contest: Contest, membership: Membership | None) -> bool:
    """A brand admin sees the jurors' page (to check it before inviting them), without forms."""
    return _of_brand(contest, membership) and is_admin(membership)


def jury_open(contest: Contest) -> bool:
    return phase_kind(contest) == Kind.REVIEW and not results_published(contest)
