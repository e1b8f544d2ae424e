"""Who may create, close and vote in polls. Pure predicates, used by views, API and templates."""

from __future__ import annotations

from datetime import datetime

from django.utils import timezone

from cocrea.brands.models import Membership
from cocrea.brands.permissions import is_moderator
from cocrea.polls.models import Poll

# ``is_open`` in SQL, for the one-statement vote (``services._VOTE_PG``; a test proves the two
# agree). ``%(now)s`` is the vote's time.
OPEN_SQL = "closed_at IS NULL AND (closes_at IS NULL OR %(now)s < closes_at)"


def is_open(poll: Poll, now: datetime | None = None) -> bool:
    now = now or timezone.now()
    if poll.closed_at is not None:
        return False
    return poll.closes_at is None or now < poll.closes_at


def can_create_poll(membership: Membership | None) -> bool:
    """The brand's team writes the community's and campaigns' polls (a space's polls are
    written by its influencer: ``influencers.permissions``)."""
    return is_moderator(membership)


def can_manage_poll(poll: Poll, membership: Membership | None) -> bool:
    if membership is None or membership.brand_id != poll.brand_id:
        return False
    return membership.pk == poll.author_id or is_moderator(membership)


def can_vote(poll: Poll, membership: Membership | None, now: datetime | None = None) -> bool:
    return membership is not None and membership.brand_id == poll.brand_id and is_open(poll, now)


def can_see_results(poll: Poll, membership: Membership | None, *, voted: bool) -> bool:
    """Results show to a member once she voted, to everyone once the poll is closed, and to
    its author and the team at any time."""
    return voted or not is_open(poll) or can_manage_poll(poll, membership)
