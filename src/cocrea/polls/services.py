"""Writes for polls: create, vote, close; and the tallies' rebuild.

``poll_vote`` inserts the ballot with ON CONFLICT DO NOTHING: the ``poll_ballot_once`` constraint
itself says whether this is a second vote (two tabs, a retried request), without a savepoint. On
PostgreSQL the whole vote (is the poll open, are the answers its own, the ballot, its choices,
the tallies) is one statement and takes no lock on the poll row, so voters on a hot poll never
queue on it; the tallies (one row per answer and shard) are upserted in key order so two voters
never deadlock.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cocrea.brands.models import Brand, Membership
from cocrea.campaigns.models import Campaign
from cocrea.core import metrics
from cocrea.core.db import compact_sql, prepared_cursor
from cocrea.core.errors import Conflict, DomainError, NotFound, PermissionDenied
from cocrea.core.files import files_removed_on_error
from cocrea.core.images import clean_image
from cocrea.core.texts import Texts, assign, clean_texts
from cocrea.customizer.models import Design
from cocrea.polls import permissions as perms
from cocrea.polls.models import SHARDS, TOTAL_KEY, Ballot, BallotChoice, Poll, PollOption, PollTally

QUESTION_MAX = 200
LABEL_MAX = 120
MIN_OPTIONS = 2
MAX_OPTIONS = 10


@dataclass
class OptionInput:
    """One answer offered: a label (both languages), a picture, or a customizer design."""

    label: str | Texts = ""
    image: UploadedFile | None = None
    design_id: int | None = None


# --- Create and close ----------------------------------------------------------------------


def _check_options(brand: Brand, kind: str, options: Sequence[OptionInput]) -> None:
    if kind == Poll.Kind.SCALE:
        if options:
            raise DomainError(_("A 1 to 5 scale offers no answers to choose."), field="options")
        return
    if not MIN_OPTIONS <= len(options) <= MAX_OPTIONS:
        message = _("Offer between %(min)d and %(max)d answers.") % {
            "min": MIN_OPTIONS,
            "max": MAX_OPTIONS,
        }
        raise DomainError(message, code="options", field="options")
    for index, option in enumerate(options):
        where = f"options.{index}"
        if kind == Poll.Kind.PICTURES and option.image is None:
            raise DomainError(_("Each answer needs a picture."), field=f"{where}.image")
        if kind == Poll.Kind.DESIGNS and option.design_id is None:
            raise DomainError(_("Each answer needs a design."), field=f"{where}.design")
        if kind in (Poll.Kind.SINGLE, Poll.Kind.MULTIPLE) and not _has_text(option.label, where):
            raise DomainError(_("Each answer needs a text."), field=f"{where}.label")


def _has_text(label: str | Texts, where: str) -> bool:
    texts = clean_texts(label, field=f"{where}.label", max_length=LABEL_MAX)
    return any(texts.values()) if isinstance(texts, dict) else bool(texts)


def _designs(brand: Brand, options: Sequence[OptionInput]) -> dict[int, Design]:
    ids = [o.design_id for o in options if o.design_id is not None]
    found = {d.pk: d for d in Design.objects.filter(brand=brand, pk__in=ids, status="saved")}
    if len(found) != len(set(ids)):
        # Another brand's design, a draft or an unknown id: the same answer, nothing leaks.
        raise DomainError(_("Choose saved designs of this brand."), code="unknown_design")
    return found


def _make_option(
    poll: Poll, position: int, option: OptionInput, designs: dict[int, Design]
) -> PollOption:
    row = PollOption(poll=poll, position=position)
    assign(row, "label", clean_texts(option.label, field="label", max_length=LABEL_MAX))
    if option.design_id is not None:
        row.design = designs[option.design_id]
        if not any((row.label_fr, row.label_en)):  # type: ignore[attr-defined]
            assign(row, "label", {"fr": row.design.title, "en": row.design.title})
    if option.image is not None:
        try:
            row.image = clean_image(option.image)  # type: ignore[assignment]
        except ValidationError as error:
            raise DomainError(error.messages[0], code="image", field="image") from None
    return row


@files_removed_on_error
@transaction.atomic
def poll_create(
    *,
    actor: Membership,
    question: str | Texts,
    kind: str,
    options: Sequence[OptionInput] = (),
    closes_at: datetime | None = None,
    campaign: Campaign | None = None,
    scope: str | None = None,
    allowed: bool | None = None,
) -> Poll:
    """A new poll by ``actor``. ``allowed`` lets a caller that decided the permission itself
    (an influencer in her space) say so; otherwise the brand's team may create polls."""
    brand = actor.brand
    if not (perms.can_create_poll(actor) if allowed is None else allowed):
        raise PermissionDenied(_("You may not create polls here."), code="forbidden")
    if kind not in Poll.Kind.values:
        raise DomainError(_("Choose a kind of poll."), field="kind")
    if campaign is not None and campaign.brand_id != brand.pk:
        raise NotFound(_("No such campaign."), code="not_found", field="campaign")
    if closes_at is not None and closes_at <= timezone.now():
        raise DomainError(_("The closing date must be in the future."), field="closes_at")
    required = _("Write the question.")
    texts = clean_texts(question, field="question", max_length=QUESTION_MAX, required=required)
    _check_options(brand, kind, options)
    designs = _designs(brand, options)
    scope = scope or (Poll.Scope.CAMPAIGN if campaign else Poll.Scope.COMMUNITY)
    poll = Poll(brand=brand, author=actor, kind=kind, closes_at=closes_at, campaign=campaign)
    poll.scope = scope
    assign(poll, "question", texts)
    poll.save()
    for row in [_make_option(poll, i, o, designs) for i, o in enumerate(options)]:
        row.save()
    return poll


@transaction.atomic
def poll_close(*, actor: Membership, poll: Poll) -> Poll:
    if not perms.can_manage_poll(poll, actor):
        raise PermissionDenied(_("You may not close this poll."), code="forbidden")
    poll = Poll.objects.select_for_update().get(pk=poll.pk)
    if poll.closed_at is None:
        poll.closed_at = timezone.now()
        poll.save(update_fields=["closed_at"])
    return poll


# --- Voting --------------------------------------------------------------------------------

_INSERT_BALLOT = (
    "INSERT INTO polls_ballot (poll_id, member_id, value, created_at) VALUES (%s, %s, %s, %s) "
    "ON CONFLICT (poll_id, member_id) DO NOTHING RETURNING id"
)
_UPSERT_TALLY = (
    "INSERT INTO polls_polltally (poll_id, key, shard, count) VALUES {rows} "
    "ON CONFLICT (poll_id, key, shard) DO UPDATE SET count = polls_polltally.count + 1"
)


def _scale(value: object) -> int:
    try:
        number = int(str(value))
    except ValueError:
        number = 0
    if not 1 <= number <= 5:
        raise DomainError(_("Choose a value between 1 and 5."), code="scale", field="value")
    return number


def _lock_open_poll(poll: Poll) -> Poll:
    """The poll read again in the vote's transaction (SQLite, which takes its write lock when the
    transaction begins: ``transaction_mode`` IMMEDIATE serialises votes and closing)."""
    current = Poll.objects.get(pk=poll.pk)
    if not perms.is_open(current):
        raise Conflict(_("This poll is closed: your vote was not counted."), code="poll_closed")
    return current


def poll_vote(
    *,
    member: Membership,
    poll: Poll,
    option_ids: Sequence[object] = (),
    value: object = None,
) -> Ballot:
    """Vote once in ``poll``; a second vote raises ``Conflict`` and changes nothing."""
    if member.brand_id != poll.brand_id:
        raise NotFound(_("No such poll."), code="not_found")
    ids: list[int] = []
    scale: int | None = None
    if poll.kind == Poll.Kind.SCALE:
        scale = _scale(value)
        keys = [scale]
    else:
        ids = keys = _option_ids(poll, option_ids)
    keys = sorted([TOTAL_KEY, *keys])
    if connection.vendor == "postgresql":
        ballot = _record_ballot_pg(member, poll, ids, scale, keys)
    else:
        _check_options_exist(poll, ids)
        ballot = _record_ballot_orm(member, poll, ids, scale, keys)
    metrics.vote_cast("poll")
    return ballot


def _option_ids(poll: Poll, option_ids: Sequence[object]) -> list[int]:
    """The option ids as integers, in order, as many as the poll's kind takes; or a clear error.
    Whether they are this poll's answers is checked by the vote itself."""
    try:
        ids = sorted({int(str(i)) for i in option_ids})
        if any(not 0 < i < 2**31 for i in ids):
            raise ValueError
    except ValueError:
        raise DomainError(_("Choose one of the answers."), code="unknown_choice") from None
    if not ids:
        raise DomainError(_("Choose an answer."), code="required", field="options")
    if poll.kind != Poll.Kind.MULTIPLE and len(ids) > 1:
        raise DomainError(_("Choose one answer only."), code="one_choice", field="options")
    return ids


def _unknown_choice() -> DomainError:
    return DomainError(_("Choose one of the answers."), code="unknown_choice", field="options")


def _check_options_exist(poll: Poll, ids: list[int]) -> None:
    known = set(PollOption.objects.filter(poll=poll, pk__in=ids).values_list("pk", flat=True))
    if known != set(ids):
        raise _unknown_choice()


@transaction.atomic
def _record_ballot_orm(
    member: Membership, poll: Poll, ids: list[int], scale: int | None, keys: list[int]
) -> Ballot:
    _lock_open_poll(poll)
    now = timezone.now()
    with connection.cursor() as cursor:
        when = connection.ops.adapt_datetimefield_value(now)
        cursor.execute(_INSERT_BALLOT, [poll.pk, member.pk, scale, when])
        row = cursor.fetchone()
        if row is None:
            raise Conflict(_("You already voted in this poll."), code="already_voted")
        shard = member.pk % SHARDS
        rows = ", ".join(["(%s, %s, %s, 1)"] * len(keys))
        params = [p for key in keys for p in (poll.pk, key, shard)]
        cursor.execute(_UPSERT_TALLY.format(rows=rows), params)
    ballot = Ballot(pk=row[0], poll=poll, member=member, value=scale, created_at=now)
    BallotChoice.objects.bulk_create(BallotChoice(ballot=ballot, option_id=i) for i in ids)
    return ballot


# PostgreSQL: the whole vote is one statement, atomic by itself and one round trip. It checks
# that the poll is open (``permissions.OPEN_SQL``, the same rule as ``is_open``: a test proves
# they agree) and that every answer is the poll's, inserts the ballot unless the member already
# voted (``poll_ballot_once`` decides), its choices, and moves the tallies in key order. No lock
# is taken on the hot poll row: a vote counts if the poll was open when the vote began (its
# ballot's ``created_at`` is before ``closed_at``); closing refuses every later one.
_VOTE_PG = compact_sql(f"""
WITH target AS (
  SELECT id FROM polls_poll WHERE id = %(poll)s AND {perms.OPEN_SQL}
),
chosen AS (
  SELECT id FROM polls_polloption WHERE poll_id = %(poll)s AND id = ANY(%(ids)s::integer[])
),
ballot AS (
  INSERT INTO polls_ballot (poll_id, member_id, value, created_at)
  SELECT id, %(member)s, %(value)s, %(now)s FROM target
   WHERE (SELECT count(*) FROM chosen) = %(n)s
  ON CONFLICT (poll_id, member_id) DO NOTHING
  RETURNING id
),
choices AS (
  INSERT INTO polls_ballotchoice (ballot_id, option_id)
  SELECT ballot.id, chosen.id FROM ballot, chosen
),
tallied AS (
  INSERT INTO polls_polltally (poll_id, key, shard, count)
  SELECT %(poll)s, k, %(shard)s, 1 FROM ballot, unnest(%(keys)s::integer[]) AS k ORDER BY k
  ON CONFLICT (poll_id, key, shard) DO UPDATE SET count = polls_polltally.count + 1
)
SELECT (SELECT id FROM target), (SELECT count(*) FROM chosen), (SELECT id FROM ballot)
""")  # noqa: S608


def _record_ballot_pg(
    member: Membership, poll: Poll, ids: list[int], scale: int | None, keys: list[int]
) -> Ballot:
    now = timezone.now()
    params: dict[str, Any] = {
        "poll": poll.pk,
        "ids": ids,
        "n": len(ids),
        "member": member.pk,
        "value": scale,
        "now": now,
        "shard": member.pk % SHARDS,
        "keys": keys,
    }
    with prepared_cursor() as cursor:
        cursor.execute(_VOTE_PG, params)
        target_id, found, ballot_id = cursor.fetchone()
    if target_id is None:
        raise Conflict(_("This poll is closed: your vote was not counted."), code="poll_closed")
    if found != len(ids):
        raise _unknown_choice()
    if ballot_id is None:
        raise Conflict(_("You already voted in this poll."), code="already_voted")
    return Ballot(pk=ballot_id, poll=poll, member=member, value=scale, created_at=now)


@transaction.atomic
def polls_tally_rebuild(poll: Poll) -> None:
    """Recompute a poll's tallies from its ballots (the ballots are the facts)."""
    Poll.objects.select_for_update().get(pk=poll.pk)
    PollTally.objects.filter(poll=poll).delete()
    counts: dict[tuple[int, int], int] = {}
    for member_id, value in Ballot.objects.filter(poll=poll).values_list("member_id", "value"):
        for key in (TOTAL_KEY, value):
            if key is not None:
                counts[key, member_id % SHARDS] = counts.get((key, member_id % SHARDS), 0) + 1
    choices = (
        BallotChoice.objects.filter(ballot__poll=poll)
        .values_list("option_id", "ballot__member_id")
        .order_by()
    )
    for option_id, member_id in choices:
        counts[option_id, member_id % SHARDS] = counts.get((option_id, member_id % SHARDS), 0) + 1
    PollTally.objects.bulk_create(
        PollTally(poll=poll, key=key, shard=shard, count=n) for (key, shard), n in counts.items()
    )
