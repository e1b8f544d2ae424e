"""Writes for engagement: record an event, keep the score, promote, configure, rebuild.

``record()`` is called by the domain services themselves, inside their transaction (STYLE rule
6), so an event exists if and only if the behaviour it records was committed. It costs one INSERT
of the event row(s) and one upsert of the member's score per member concerned, no read: the
weight is copied from the brand's weights by the INSERT itself, and the score grows by
``w * 2^((t - T0)/h)`` in the upsert (see models.py). A tier is evaluated only when the new score
passes the cached ``next_threshold``.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from django.db import connection, transaction
from django.db.models import F, Func, Value
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cocrea.brands.models import Brand, Membership
from cocrea.brands.permissions import is_admin
from cocrea.core.errors import DomainError, PermissionDenied
from cocrea.core.texts import Texts, as_texts, assign, clean_texts, columns, languages, texts_of
from cocrea.engagement.badges import badges_check, pending_rules_sql
from cocrea.engagement.models import (
    ACCEPTED_KINDS,
    DEFAULT_EPOCH,
    DEFAULT_HALF_LIFE_DAYS,
    DEFAULT_WEIGHTS,
    EngagementEvent,
    EngagementWeights,
    Kind,
    MemberArea,
    MemberScore,
    Tier,
    TierChange,
    weight_field,
)
from cocrea.notifications.models import Notification
from cocrea.notifications.services import notify
from cocrea.webhooks import events as webhooks

DAY = 86400.0
HALF_LIFE_MIN, HALF_LIFE_MAX = 7.0, 3650.0
WEIGHT_MAX = 1000.0
THRESHOLD_MAX = 1e9
TIERS_MAX = 10
# Kinds credited once per idea, whatever happens to the idea afterwards (reopened, re-accepted).
ONCE_PER_IDEA = frozenset({Kind.IDEA_SUBMITTED, Kind.IDEA_ACCEPTED, Kind.IDEA_LAUNCHED})
STATUS_KINDS = {"accepted": Kind.IDEA_ACCEPTED, "launched": Kind.IDEA_LAUNCHED}


def _PG() -> bool:
    return connection.vendor == "postgresql"


_EVENT = EngagementEvent._meta.db_table
_WEIGHTS = EngagementWeights._meta.db_table
_SCORE = MemberScore._meta.db_table


def kind_for_status(status: str) -> str | None:
    """The engagement kind an idea's new status earns its author, if any."""
    return STATUS_KINDS.get(status)


def decay_factor(*, t: float, epoch: float, half_life_days: float) -> float:
    """``2^((t - epoch)/h)``: what one point at ``t`` is worth in the epoch's frame."""
    return 2.0 ** ((t - epoch) / (half_life_days * DAY))


def current_score(score: MemberScore, *, now: datetime | None = None) -> float:
    """The decayed score at ``now``: ``score_at_epoch * 2^(-(now - T0)/h)``."""
    t = (now or timezone.now()).timestamp()
    return score.score_at_epoch / decay_factor(
        t=t, epoch=score.epoch, half_life_days=score.half_life_days
    )


# --- record() -----------------------------------------------------------------------------


# An event written: its id, member, kind, weight and time (epoch seconds).
_Inserted = tuple[int, int, str, float, float]


@dataclass(frozen=True)
class _Row:
    member_id: int
    kind: str
    actor_id: int | None = None


def record(
    *,
    kind: str | None,
    member: Membership,
    idea: Any | None = None,
    comment: Any | None = None,
    undo: bool = False,
    at: datetime | None = None,
    actor: Membership | None = None,
) -> list[int]:
    """Record that ``member`` did ``kind`` (on ``idea``/``comment``) and move their score;
    return the ids of the events written (a caller may keep one to reverse it later,
    ``reverse_event``).

    ``actor`` is who caused it when it is not the member (the new member of a recommendation,
    the visitor of a shared link).

    Call inside the transaction of the behaviour. ``kind=None`` does nothing (so a caller can
    pass ``kind_for_status(status)``). A ``vote_given`` also credits the idea's author with a
    ``vote_received`` (not for a vote on one's own idea). ``undo=True`` appends reversal rows
    that cancel the member's latest matching events (a withdrawn vote).
    """
    if kind is None:
        return []
    kind = Kind(kind).value
    rows = [_Row(member.pk, kind, getattr(actor, "pk", None))]
    author_id = getattr(idea, "author_id", None)
    if kind == Kind.VOTE_GIVEN and author_id is not None and author_id != member.pk:
        rows.append(_Row(author_id, Kind.VOTE_RECEIVED, member.pk))
    now = timezone.now()
    occurred = at or now
    brand_id = member.brand_id
    if undo:
        inserted = _insert_reversals(rows, idea_id=getattr(idea, "pk", None), now=now)
    else:
        inserted = _insert_events(
            rows,
            brand_id=brand_id,
            idea_id=getattr(idea, "pk", None),
            comment_id=getattr(comment, "pk", None),
            occurred=occurred,
            now=now,
        )
    for _event_id, member_id, row_kind, weight, t in inserted:
        _add_to_score(
            member_id=member_id, brand_id=brand_id, kind=row_kind, weight=weight, t=t, now=now
        )
    return [event_id for event_id, *_rest in inserted]


def reverse_event(*, event_id: int) -> bool:
    """Cancel one recorded event exactly (a reversal row, the score moved back), when the
    caller knows which one: ``record(undo=True)`` cancels the member's latest matching event,
    which is another one when two events match (two helpful answers for the same asker).
    False when the event is gone or already reversed. Call inside the behaviour's
    transaction."""
    original = EngagementEvent.objects.filter(
        pk=event_id, reverses__isnull=True, reversed_by__isnull=True
    ).first()
    if original is None:
        return False
    now = timezone.now()
    _event_id, member_id, kind, weight, t = _reverse(original, now=now)
    _add_to_score(
        member_id=member_id, brand_id=original.brand_id, kind=kind, weight=weight, t=t, now=now
    )
    return True


def _dt(value: datetime) -> Any:
    return connection.ops.adapt_datetimefield_value(value)


def _insert_events(
    rows: Sequence[_Row],
    *,
    brand_id: int,
    idea_id: int | None,
    comment_id: int | None,
    occurred: datetime,
    now: datetime,
) -> list[_Inserted]:
    """One INSERT … SELECT for all rows; the weight is read from the brand's weights by it."""
    selects: list[str] = []
    params: list[Any] = []
    for row in rows:
        once = ""
        if row.kind in ONCE_PER_IDEA and idea_id is not None:
            once = (  # identifiers below come from model metadata and the Kind enum
                f" WHERE NOT EXISTS (SELECT 1 FROM {_EVENT} e WHERE e.member_id = %s"  # noqa: S608
                " AND e.kind = %s AND e.idea_id = %s)"
            )
        # PostgreSQL types the NULLs of a UNION as text: say what they are.
        ref, ts = ("CAST(%s AS BIGINT)", "CAST(%s AS TIMESTAMPTZ)") if _PG() else ("%s", "%s")
        selects.append(
            f"SELECT %s, %s, %s, COALESCE((SELECT {weight_field(row.kind)} FROM {_WEIGHTS}"  # noqa: S608
            f" WHERE brand_id = %s), %s), {ref}, {ref}, {ref}, {ts}, {ts}{once}"
        )
        params += [brand_id, row.member_id, row.kind, brand_id, DEFAULT_WEIGHTS[row.kind]]
        params += [row.actor_id, idea_id, comment_id, _dt(occurred), _dt(now)]
        if once:
            params += [row.member_id, row.kind, idea_id]
    sql = (
        f"INSERT INTO {_EVENT} (brand_id, member_id, kind, weight, actor_id, idea_id,"
        f" comment_id, occurred_at, created_at) {' UNION ALL '.join(selects)}"
        " RETURNING id, member_id, kind, weight"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        fetched = cursor.fetchall()
    t = occurred.timestamp()
    return [(event_id, member_id, kind, weight, t) for event_id, member_id, kind, weight in fetched]


def _insert_reversals(
    rows: Sequence[_Row], *, idea_id: int | None, now: datetime
) -> list[_Inserted]:
    """Append a reversal of each row's latest unreversed event: same time, weight negated."""
    inserted: list[_Inserted] = []
    for row in rows:
        original = (
            EngagementEvent.objects.filter(
                member_id=row.member_id,
                kind=row.kind,
                idea_id=idea_id,  # type: ignore[misc]  # None matches NULL here
                actor_id=row.actor_id,
                reverses__isnull=True,
                reversed_by__isnull=True,
            )
            .order_by("-id")
            .first()
        )
        if original is None:  # recorded before the ledger existed, or moved by a merge
            continue
        inserted.append(_reverse(original, now=now))
    return inserted


def _reverse(original: EngagementEvent, *, now: datetime) -> _Inserted:
    """The reversal row of ``original``: same member, kind and time, weight negated."""
    reversal = EngagementEvent.objects.create(
        brand_id=original.brand_id,
        member_id=original.member_id,
        kind=original.kind,
        weight=-original.weight,
        actor_id=original.actor_id,
        idea_id=original.idea_id,
        comment_id=original.comment_id,
        reverses=original,
        occurred_at=original.occurred_at,
        created_at=now,
    )
    t = original.occurred_at.timestamp()
    return (reversal.pk, original.member_id, original.kind, -original.weight, t)


def _upsert_sql(kind: str) -> str:
    accepted = kind in ACCEPTED_KINDS
    # An accepted idea may open a tier that needs one: force an evaluation (next_threshold 0).
    extra = ", has_accepted_idea = TRUE, next_threshold = 0.0" if accepted else ""
    return (
        f"INSERT INTO {_SCORE} (member_id, brand_id, score_at_epoch, epoch, half_life_days,"  # noqa: S608
        " as_of, has_accepted_idea, next_threshold, leaderboard_opt_out)"
        " SELECT %s, %s, %s * POWER(CAST(2.0 AS DOUBLE PRECISION),"
        " (%s - c.epoch) / (c.h * 86400.0)), c.epoch, c.h, %s,"
        f" {'TRUE' if accepted else 'FALSE'}, 0.0, FALSE"
        f" FROM (SELECT COALESCE((SELECT epoch FROM {_WEIGHTS} WHERE brand_id = %s), %s) AS epoch,"
        f" COALESCE((SELECT half_life_days FROM {_WEIGHTS} WHERE brand_id = %s), %s) AS h) c"
        " WHERE 1 = 1"  # SQLite needs a WHERE to parse INSERT … SELECT … ON CONFLICT
        f" ON CONFLICT (member_id) DO UPDATE SET score_at_epoch = {_SCORE}.score_at_epoch"
        f" + %s * POWER(CAST(2.0 AS DOUBLE PRECISION), (%s - {_SCORE}.epoch)"
        f" / ({_SCORE}.half_life_days * 86400.0)), as_of = excluded.as_of{extra}"
        " RETURNING score_at_epoch, epoch, half_life_days, next_threshold, has_accepted_idea,"
        f" tier_id, {pending_rules_sql()}"
    )


def _add_to_score(
    *, member_id: int, brand_id: int, kind: str, weight: float, t: float, now: datetime
) -> None:
    """Add one term to the member's score (an upsert), then check the cached tier threshold."""
    params = [member_id, brand_id, weight, t, _dt(now), brand_id, DEFAULT_EPOCH]
    params += [brand_id, DEFAULT_HALF_LIFE_DAYS, weight, t, brand_id, kind, member_id]
    with connection.cursor() as cursor:
        cursor.execute(_upsert_sql(kind), params)
        row = cursor.fetchone()
    score_at_epoch, epoch, half_life, next_threshold, accepted, tier_id, pending_badges = row
    if pending_badges and weight > 0:  # a badge rule of this kind is still to earn (badges.py)
        badges_check(member_id=member_id, brand_id=brand_id, kind=kind)
    check_tier(
        member_id=member_id,
        brand_id=brand_id,
        score_at_epoch=score_at_epoch,
        epoch=epoch,
        half_life_days=half_life,
        next_threshold=next_threshold,
        has_accepted_idea=bool(accepted),
        tier_id=tier_id,
        now=now,
    )


def check_tier(
    *,
    member_id: int,
    brand_id: int,
    score_at_epoch: float,
    epoch: float,
    half_life_days: float,
    next_threshold: float | None,
    has_accepted_idea: bool,
    tier_id: int | None,
    now: datetime,
) -> None:
    """Evaluate the member's tier if their new score passed the cached ``next_threshold``."""
    if next_threshold is None:
        return
    t = now.timestamp()
    score = score_at_epoch / decay_factor(t=t, epoch=epoch, half_life_days=half_life_days)
    if next_threshold <= 0 or score >= next_threshold:
        _evaluate_tier(
            member_id=member_id,
            brand_id=brand_id,
            score=score,
            has_accepted_idea=has_accepted_idea,
            tier_id=tier_id,
        )


# --- Tiers --------------------------------------------------------------------------------


def _target(tiers: Sequence[Tier], score: float, has_accepted_idea: bool) -> int:
    """Index of the highest tier the member qualifies for, or -1."""
    best = -1
    for index, tier in enumerate(tiers):
        if score >= tier.threshold and (has_accepted_idea or not tier.requires_accepted_idea):
            best = index
    return best


def _evaluate_tier(
    *, member_id: int, brand_id: int, score: float, has_accepted_idea: bool, tier_id: int | None
) -> None:
    """Promote if a higher tier is reached (tiers are kept once reached), then re-cache."""
    tiers = list(Tier.objects.filter(brand_id=brand_id))
    current = next((i for i, tier in enumerate(tiers) if tier.pk == tier_id), -1)
    target = max(current, _target(tiers, score, has_accepted_idea))
    reachable = [
        tier.threshold
        for tier in tiers[target + 1 :]
        if has_accepted_idea or not tier.requires_accepted_idea
    ]
    next_threshold = min(reachable) if reachable else None
    changes: dict[str, Any] = {"next_threshold": next_threshold}
    if target > current:
        changes["tier"] = tiers[target]
    MemberScore.objects.filter(member_id=member_id).update(**changes)
    if target > current:
        _promote(
            member_id=member_id,
            brand_id=brand_id,
            old=tiers[current] if current >= 0 else None,
            new=tiers[target],
            score=score,
        )


def _promote(*, member_id: int, brand_id: int, old: Tier | None, new: Tier, score: float) -> None:
    TierChange.objects.create(
        brand_id=brand_id,
        member_id=member_id,
        from_tier=old,
        to_tier=new,
        score=score,
        **{f"to_tier_name_{lang}": text for lang, text in texts_of(new, "name").items()},
    )
    webhooks.tier_changed(member_id=member_id, brand_id=brand_id, old=old, new=new, score=score)
    if new.threshold <= 0 and not new.requires_accepted_idea:
        return  # the entry tier comes with the first contribution: nothing to celebrate
    member = Membership.objects.select_related("user", "brand").get(pk=member_id)
    notify(
        recipients=[member.user],
        brand=member.brand,
        kind=Notification.Kind.TIER_PROMOTED,
        data={"tier": new.name, "tier_i18n": texts_of(new, "name")},
    )


# --- Configuration ------------------------------------------------------------------------

DEFAULT_TIERS = {
    "fr": [("Membre", 0.0, False), ("Initié", 100.0, False), ("Ambassadeur", 400.0, True)],
    "en": [("Member", 0.0, False), ("Insider", 100.0, False), ("Ambassador", 400.0, True)],
}


def engagement_setup(*, brand: Brand) -> EngagementWeights:
    """The brand's weights; the first time, also a default ladder of three tiers, named in
    every language. Idempotent."""
    weights, created = EngagementWeights.objects.get_or_create(brand=brand)
    if created and not Tier.objects.filter(brand=brand).exists():
        ladder = DEFAULT_TIERS.get(brand.default_language, DEFAULT_TIERS["en"])
        names = {lang: [row[0] for row in rows] for lang, rows in DEFAULT_TIERS.items()}
        Tier.objects.bulk_create(
            Tier(
                brand=brand,
                name=name,
                threshold=threshold,
                requires_accepted_idea=accepted,
                **{f"name_{lang}": names[lang][rung] for lang in names},
            )
            for rung, (name, threshold, accepted) in enumerate(ladder)
        )
    return weights


@dataclass(frozen=True)
class TierSpec:
    """One line of the tier form: ``pk`` None for a new tier; ``delete`` removes it."""

    pk: int | None
    name: str | Texts  # a text per language, or the current language's
    threshold: float
    requires_accepted_idea: bool = False
    delete: bool = False


def _clean_number(value: float, low: float, high: float, field: str) -> float:
    if not isinstance(value, int | float) or not math.isfinite(value) or not low <= value <= high:
        raise DomainError(
            _("Enter a number between %(low)s and %(high)s.") % {"low": low, "high": high},
            field=field,
        )
    return float(value)


def _clean_tiers(brand: Brand, tiers: Iterable[TierSpec]) -> list[TierSpec]:
    message = _("Give every tier a name of at most 40 characters.")
    tiers = [
        spec
        if spec.delete
        else replace(
            spec,
            name=clean_texts(
                spec.name, field="tiers", max_length=40, required=message, too_long=message
            ),
        )
        for spec in tiers
    ]
    kept = [spec for spec in tiers if not spec.delete]
    for lang in languages():
        names = [as_texts(spec.name).get(lang, "") for spec in kept]
        names = [name.casefold() for name in names if name]
        if len(set(names)) != len(names):
            raise DomainError(_("Two tiers cannot have the same name."), field="tiers")
    if len(kept) > TIERS_MAX:
        raise DomainError(
            _("A brand may have at most %(max)d tiers.") % {"max": TIERS_MAX}, field="tiers"
        )
    known = set(Tier.objects.filter(brand=brand).values_list("pk", flat=True))
    if any(spec.pk is not None and spec.pk not in known for spec in tiers):
        raise DomainError(_("This tier does not exist."), field="tiers")
    deleted = [spec.pk for spec in tiers if spec.delete and spec.pk is not None]
    if deleted and MemberArea.objects.filter(min_tier_id__in=deleted).exists():
        raise DomainError(
            _("A members-only area opens from this tier: change the area first."), field="tiers"
        )
    for spec in kept:
        _clean_number(spec.threshold, 0.0, THRESHOLD_MAX, "tiers")
    return list(tiers)


@transaction.atomic
def engagement_configure(
    *,
    actor: Membership,
    brand: Brand,
    half_life_days: float,
    weights: dict[str, float],
    tiers: Iterable[TierSpec],
) -> EngagementWeights:
    """Save the brand's weights, half-life and tier ladder (admins only).

    New weights apply to events recorded from now on (the ledger keeps each event's weight). A
    new half-life changes how every past event decays: the brand's scores are rebuilt. A new
    ladder re-evaluates each member at their next event (tiers already reached are kept).
    """
    if actor.brand_id != brand.pk or not is_admin(actor):
        raise PermissionDenied(_("Only the brand's admins can set engagement rules."))
    half_life_days = _clean_number(half_life_days, HALF_LIFE_MIN, HALF_LIFE_MAX, "half_life_days")
    cleaned = {
        kind: _clean_number(weights.get(kind, DEFAULT_WEIGHTS[kind]), 0.0, WEIGHT_MAX, kind)
        for kind in Kind.values
    }
    specs = _clean_tiers(brand, tiers)
    row = EngagementWeights.objects.select_for_update().filter(brand=brand).first()
    row = row or engagement_setup(brand=brand)
    old_half_life = row.half_life_days
    for kind, value in cleaned.items():
        setattr(row, weight_field(kind), value)
    row.half_life_days = half_life_days
    row.save(update_fields=["half_life_days", *(weight_field(kind) for kind in Kind.values)])
    _save_tiers(brand, specs)
    if half_life_days != old_half_life:
        scores_rebuild(brand=brand)
    return row


def _save_tiers(brand: Brand, specs: Sequence[TierSpec]) -> None:
    existing = {tier.pk: tier for tier in Tier.objects.filter(brand=brand)}
    Tier.objects.filter(brand=brand, pk__in=[s.pk for s in specs if s.delete and s.pk]).delete()
    # Two passes so that swapping two names never trips the unique constraint.
    for spec in specs:
        if spec.pk is not None and not spec.delete:
            placeholder = f"~{spec.pk}"
            Tier.objects.rewrite(False).filter(pk=spec.pk).update(  # type: ignore[attr-defined]
                **{name: placeholder for name in columns("name")}
            )
    for spec in specs:
        if spec.delete:
            continue
        tier = existing.get(spec.pk) if spec.pk is not None else Tier(brand=brand)
        assert tier is not None
        assign(tier, "name", spec.name)
        tier.threshold = float(spec.threshold)
        tier.requires_accepted_idea = spec.requires_accepted_idea
        tier.save()
    MemberScore.objects.filter(brand=brand).update(next_threshold=0.0)


@transaction.atomic
def leaderboard_set_visibility(*, member: Membership, visible: bool) -> MemberScore:
    """A member shows or hides themself on the brand's leaderboard."""
    score, _created = MemberScore.objects.get_or_create(
        member=member, defaults={"brand_id": member.brand_id, "as_of": timezone.now()}
    )
    score.leaderboard_opt_out = not visible
    score.save(update_fields=["leaderboard_opt_out"])
    return score


# --- Rebase and rebuild -------------------------------------------------------------------


@transaction.atomic
def scores_rebase(*, brand: Brand, now: datetime | None = None) -> int:
    """Move the brand's epoch to ``now``: ``score_at_epoch`` shrinks back near the score.

    ``score_at_epoch`` grows 2-fold every half-life; a double overflows after ~1,000 half-lives
    (about 19 years at the shortest half-life, 7 days). The value of every score is unchanged.
    """
    weights = EngagementWeights.objects.select_for_update().filter(brand=brand).first()
    weights = weights or engagement_setup(brand=brand)
    new_epoch = (now or timezone.now()).timestamp()
    factor = Func(
        Value(2.0),
        (F("epoch") - Value(new_epoch)) / (F("half_life_days") * Value(DAY)),
        function="POWER",
    )
    changed = MemberScore.objects.filter(brand=brand).update(
        score_at_epoch=F("score_at_epoch") * factor, epoch=Value(new_epoch)
    )
    EngagementWeights.objects.filter(pk=weights.pk).update(epoch=new_epoch)
    return changed


@transaction.atomic
def scores_rebuild(*, brand: Brand, now: datetime | None = None) -> int:
    """Recompute every score of the brand from the ledger, at a fresh epoch; returns members.

    The ledger is streamed (an iterator, a server-side cursor on PostgreSQL), summed per member
    in a dict, and written back with batched upserts: memory grows with members, not events.
    Tiers already reached are kept; each member's tier is re-evaluated at their next event.
    """
    weights = EngagementWeights.objects.select_for_update().filter(brand=brand).first()
    weights = weights or engagement_setup(brand=brand)
    now = now or timezone.now()
    epoch, seconds = now.timestamp(), weights.half_life_days * DAY
    totals: dict[int, float] = {}
    accepted: set[int] = set()
    events = EngagementEvent.objects.filter(brand=brand).order_by()
    for member_id, kind, weight, occurred in events.values_list(
        "member_id", "kind", "weight", "occurred_at"
    ).iterator(chunk_size=20_000):
        totals[member_id] = totals.get(member_id, 0.0) + weight * 2.0 ** (
            (occurred.timestamp() - epoch) / seconds
        )
        if kind in ACCEPTED_KINDS:
            accepted.add(member_id)
    MemberScore.objects.filter(brand=brand).update(
        score_at_epoch=0.0,
        epoch=epoch,
        half_life_days=weights.half_life_days,
        next_threshold=0.0,
        as_of=now,
    )
    rows = (
        MemberScore(
            member_id=member_id,
            brand=brand,
            score_at_epoch=total,
            epoch=epoch,
            half_life_days=weights.half_life_days,
            as_of=now,
            has_accepted_idea=member_id in accepted,
            next_threshold=0.0,
        )
        for member_id, total in totals.items()
    )
    fields = ["score_at_epoch", "epoch", "half_life_days", "as_of", "has_accepted_idea"]
    MemberScore.objects.bulk_create(
        rows, batch_size=2000, update_conflicts=True, unique_fields=["member"], update_fields=fields
    )
    EngagementWeights.objects.filter(pk=weights.pk).update(epoch=epoch)
    return len(totals)
