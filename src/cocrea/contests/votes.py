"""The public vote of a contest: cast, withdraw, void; counters rebuilt from the rows.

The hottest write of the platform, so it is written for the database, not the ORM:

- On PostgreSQL a vote is **one statement** (a data-modifying CTE): spend one vote of the
  member's ballot (an upsert that refuses past the budget: the ballot row is the lock that makes
  the budget hold under concurrency), insert the vote if the entry is live, not the voter's own
  and the public vote is open *at that instant* (``ON CONFLICT DO NOTHING``: the
  ``entry_vote_once`` constraint says whether it is a second vote), move the entry's counter and
  append the audit row. When it inserts nothing, the transaction is rolled back (the ballot
  with it) and a second, rare, query says why.
- On SQLite the same steps are four statements; writers are serialised by ``BEGIN IMMEDIATE``.

Votes record no engagement event (ideas' votes do): a contest vote is a click, and the contest
rewards the designers, not the voters. Lock order everywhere: ballot, then vote, then entry.
"""

from __future__ import annotations

import hashlib
import hmac
from collections import Counter
from collections.abc import Iterable
from datetime import datetime

from django.conf import settings
from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cocrea.brands.models import Membership
from cocrea.contests import permissions as perms
from cocrea.contests.models import Ballot, Contest, Entry, EntryVote, VoteEvent, VoteVoid
from cocrea.core import metrics
from cocrea.core.db import prepared_cursor
from cocrea.core.errors import Conflict, DomainError, NotFound, PermissionDenied

UNLIMITED = 2**31 - 1
REASON_MAX = 500


def trace_hash(value: str) -> str:
    """A keyed hash of an IP address or a device fingerprint: comparable, not reversible."""
    if not value:
        return ""
    key = settings.SECRET_KEY.encode()
    return hmac.new(key, value.encode("utf-8", "replace"), hashlib.sha256).hexdigest()[:32]


def _limit(contest: Contest) -> int:
    return contest.vote_budget if contest.has_budget else UNLIMITED


# The public vote is open at %(now)s: checked by the statement itself, so a vote racing the
# phase's end is refused exactly at the end.
_OPEN_VOTING = (
    "EXISTS (SELECT 1 FROM campaigns_phase p WHERE p.campaign_id = %(campaign)s"
    " AND p.kind = 'voting' AND p.starts_at <= %(now)s"
    " AND (p.ends_at IS NULL OR p.ends_at > %(now)s))"
)
_LIVE_ENTRY = (
    "e.id = %(entry)s AND e.contest_id = %(contest)s AND e.withdrawn_at IS NULL"
    " AND NOT e.is_hidden AND e.author_id <> %(member)s"
)

# Only constants are joined into these statements; every value is a parameter.
_CAST_PG = """
WITH ballot AS (
  INSERT INTO contests_ballot (contest_id, member_id, used) VALUES (%(contest)s, %(member)s, 1)
  ON CONFLICT (contest_id, member_id) DO UPDATE SET used = contests_ballot.used + 1
  WHERE contests_ballot.used < %(limit)s
  RETURNING used
), vote AS (
  INSERT INTO contests_entryvote (contest_id, entry_id, member_id, created_at)
  SELECT %(contest)s, e.id, %(member)s, %(now)s FROM contests_entry e
  WHERE {live} AND EXISTS (SELECT 1 FROM ballot) AND {open}
  ON CONFLICT (entry_id, member_id) DO NOTHING
  RETURNING id
), tally AS (
  UPDATE contests_entry SET vote_count = vote_count + 1
  WHERE id = %(entry)s AND EXISTS (SELECT 1 FROM vote)
  RETURNING vote_count
), audit AS (
  INSERT INTO contests_voteevent (contest_id, entry_id, member_id, kind, ip_hash, device_hash, at)
  SELECT %(contest)s, %(entry)s, %(member)s, 'cast', %(ip)s, %(device)s, %(now)s FROM vote
)
SELECT (SELECT id FROM vote), (SELECT vote_count FROM tally)
""".replace("{live}", _LIVE_ENTRY).replace("{open}", _OPEN_VOTING)

_BALLOT_SQLITE = (
    "INSERT INTO contests_ballot (contest_id, member_id, used) VALUES (%(contest)s, %(member)s, 1)"
    " ON CONFLICT (contest_id, member_id) DO UPDATE SET used = contests_ballot.used + 1"
    " WHERE contests_ballot.used < %(limit)s RETURNING used"
)
_VOTE_SQLITE = (
    (
        "INSERT INTO contests_entryvote (contest_id, entry_id, member_id, created_at)"
        " SELECT %(contest)s, e.id, %(member)s, %(now)s FROM contests_entry e"
        " WHERE {live} AND {open}"
        " ON CONFLICT (entry_id, member_id) DO NOTHING RETURNING id"
    )
    .replace("{live}", _LIVE_ENTRY)
    .replace("{open}", _OPEN_VOTING)
)
_TALLY_SQLITE = (
    "UPDATE contests_entry SET vote_count = vote_count + %(delta)s WHERE id = %(entry)s"
    " RETURNING vote_count"
)
_AUDIT = (
    "INSERT INTO contests_voteevent (contest_id, entry_id, member_id, kind, ip_hash,"
    " device_hash, at) VALUES (%(contest)s, %(entry)s, %(member)s, %(kind)s, %(ip)s,"
    " %(device)s, %(now)s)"
)


def _params(entry: Entry, member: Membership, now: datetime, **extra: object) -> dict:
    contest = entry.contest
    return {
        "contest": contest.pk,
        "campaign": contest.campaign_id,
        "entry": entry.pk,
        "member": member.pk,
        "now": connection.ops.adapt_datetimefield_value(now),
        "limit": _limit(contest),
        **extra,
    }


def _cast_sqlite(cursor: object, params: dict) -> tuple[int | None, int | None]:
    cursor.execute(_BALLOT_SQLITE, params)  # type: ignore[attr-defined]
    if cursor.fetchone() is None:  # type: ignore[attr-defined]
        return None, None
    cursor.execute(_VOTE_SQLITE, params)  # type: ignore[attr-defined]
    row = cursor.fetchone()  # type: ignore[attr-defined]
    if row is None:
        return None, None
    cursor.execute(_TALLY_SQLITE, {**params, "delta": 1})  # type: ignore[attr-defined]
    count = cursor.fetchone()[0]  # type: ignore[attr-defined]
    cursor.execute(_AUDIT, {**params, "kind": "cast"})  # type: ignore[attr-defined]
    return row[0], count


@transaction.atomic
def vote_cast(*, member: Membership, entry: Entry, ip_hash: str = "", device_hash: str = "") -> int:
    """Vote for ``entry``; returns its new vote count.

    ``entry`` comes with its contest and campaign (phases prefetched, as the entry page reads
    them). Refusals: ``PermissionDenied`` (own design, closed vote, hidden entry), ``Conflict``
    (``already_voted``, ``budget_spent``).
    """
    if not perms.can_vote(entry, member):
        raise _refusal(entry, member)
    now = timezone.now()
    params = _params(entry, member, now, ip=ip_hash[:32], device=device_hash[:32])
    if connection.vendor == "postgresql":
        with prepared_cursor() as cursor:  # parsed and planned once per connection
            cursor.execute(_CAST_PG, params)
            vote_id, count = cursor.fetchone()
    else:
        with connection.cursor() as cursor:
            vote_id, count = _cast_sqlite(cursor, params)
    if vote_id is None:  # raising rolls the transaction back: the ballot's vote returns
        raise _why_not(entry, member)
    entry.vote_count = count
    metrics.vote_cast("contest")
    return int(count)


def _refusal(entry: Entry, member: Membership) -> DomainError:
    if perms.is_author(entry, member):
        return PermissionDenied(_("You cannot vote for your own design."), code="own_entry")
    if not entry.is_live:
        return PermissionDenied(_("This design no longer takes votes."), code="not_live")
    return PermissionDenied(_("The public vote is not open."), code="vote_closed")


def _why_not(entry: Entry, member: Membership) -> DomainError:
    """Why the vote statement inserted nothing (read after the fact: the rare path)."""
    if EntryVote.objects.filter(entry_id=entry.pk, member_id=member.pk).exists():
        return Conflict(_("You already voted for this design."), code="already_voted")
    contest = entry.contest
    used = Ballot.objects.filter(contest=contest, member=member).values_list("used", flat=True)
    if contest.has_budget and (used.first() or 0) >= contest.vote_budget:
        return Conflict(
            _("You have used all your %(n)d votes.") % {"n": contest.vote_budget},
            code="budget_spent",
        )
    return PermissionDenied(_("The public vote is not open."), code="vote_closed")


_WITHDRAW = (
    "DELETE FROM contests_entryvote WHERE entry_id = %(entry)s AND member_id = %(member)s"
    " AND voided_at IS NULL RETURNING id"
)


@transaction.atomic
def vote_withdraw(
    *, member: Membership, entry: Entry, ip_hash: str = "", device_hash: str = ""
) -> int:
    """Take one's vote back while the public vote is open (it returns to the budget)."""
    if not (perms.can_take_part(entry.contest, member) and perms.voting_open(entry.contest)):
        raise PermissionDenied(_("The public vote is not open."), code="vote_closed")
    now = timezone.now()
    params = _params(entry, member, now, ip=ip_hash[:32], device=device_hash[:32])
    # The ballot first, as vote_cast does, so the two never wait on each other in a cycle.
    list(Ballot.objects.select_for_update().filter(contest_id=entry.contest_id, member=member))
    with connection.cursor() as cursor:
        cursor.execute(_WITHDRAW, params)
        if cursor.fetchone() is None:
            raise Conflict(_("You have not voted for this design."), code="not_voted")
        cursor.execute(_TALLY_SQLITE, {**params, "delta": -1})
        count = cursor.fetchone()[0]
        cursor.execute(_AUDIT, {**params, "kind": "withdrawn"})
    Ballot.objects.filter(contest_id=entry.contest_id, member=member).update(used=F("used") - 1)
    entry.vote_count = count
    return int(count)


@transaction.atomic
def votes_void(
    *, actor: Membership, contest: Contest, vote_ids: Iterable[int], reason: str, rule: str = ""
) -> int:
    """A moderator voids votes with a reason: each stops counting, the entries' tallies drop by
    exactly the votes voided, and the ledger keeps who, when and why. Returns how many."""
    if not perms.can_moderate(contest, actor):
        raise PermissionDenied(_("Only the brand's moderators may do this."), code="not_moderator")
    reason = " ".join(reason.split())
    if not reason:
        raise DomainError(_("Say why these votes are voided."), code="required", field="reason")
    if len(reason) > REASON_MAX:
        raise DomainError(_("The reason is too long."), code="too_long", field="reason")
    if perms.results_published(contest):
        raise DomainError(_("The results are published: votes can no longer be voided."))
    ids = sorted({int(i) for i in vote_ids})
    votes = list(
        EntryVote.objects.select_for_update()
        .filter(contest=contest, pk__in=ids, voided_at=None)
        .order_by("pk")
    )
    if ids and not votes and not EntryVote.objects.filter(contest=contest, pk__in=ids).exists():
        raise NotFound(_("These votes do not exist."))
    return _void_rows(contest, votes, actor, reason, rule[:20])


def _void_rows(
    contest: Contest, votes: list[EntryVote], actor: Membership, reason: str, rule: str
) -> int:
    now = timezone.now()
    EntryVote.objects.filter(pk__in=[v.pk for v in votes]).update(voided_at=now)
    VoteVoid.objects.bulk_create(
        VoteVoid(contest=contest, vote=v, actor=actor.user, reason=reason, rule=rule) for v in votes
    )
    VoteEvent.objects.bulk_create(
        VoteEvent(
            contest=contest, entry_id=v.entry_id, member_id=v.member_id, kind="voided", at=now
        )
        for v in votes
    )
    for entry_id, n in sorted(Counter(v.entry_id for v in votes).items()):
        Entry.objects.filter(pk=entry_id).update(vote_count=F("vote_count") - n)
    return len(votes)


@transaction.atomic
def contest_counters_rebuild(*, contest: Contest) -> int:
    """Recompute every entry's vote count and every ballot from the vote rows; returns fixes."""
    fixed = 0
    for entry in Entry.objects.select_for_update().filter(contest=contest):
        real = EntryVote.objects.filter(entry=entry, voided_at=None).count()
        if real != entry.vote_count:
            Entry.objects.filter(pk=entry.pk).update(vote_count=real)
            fixed += 1
    for ballot in Ballot.objects.select_for_update().filter(contest=contest):
        real = EntryVote.objects.filter(contest=contest, member_id=ballot.member_id).count()
        if real != ballot.used:
            Ballot.objects.filter(pk=ballot.pk).update(used=real)
            fixed += 1
    return fixed
