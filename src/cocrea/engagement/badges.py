"""Writes for badges: the brand's badges and rules, manual and automatic awards.

Automatic awards ride on ``record()``: the score upsert also returns how many of the brand's
rules for the event's kind the member has not earned yet (a subquery on two small indexed
tables, no extra round trip). Only when that number is positive are the member's events of the
kind counted (one indexed count) and the badges awarded, in the transaction of the event.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import IntegrityError, connection, transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cocrea.brands.models import Brand, Membership
from cocrea.brands.permissions import is_admin
from cocrea.core.errors import Conflict, DomainError, PermissionDenied
from cocrea.core.texts import Texts, as_texts, assign, clean_texts, columns, texts_of
from cocrea.engagement.models import Badge, BadgeAward, BadgeRule, EngagementEvent, Kind
from cocrea.notifications.models import Notification
from cocrea.notifications.services import notify

BADGES_MAX = 50
THRESHOLD_MAX = 100_000
_AWARD = BadgeAward._meta.db_table
_RULE = BadgeRule._meta.db_table


def require_admin(actor: Membership | None, brand: Brand) -> None:
    if actor is None or actor.brand_id != brand.pk or not is_admin(actor):
        raise PermissionDenied(_("Only the brand's admins can do this."))


def pending_rules_sql() -> str:
    """A subquery counting the rules of (brand, kind) the member has not earned: 3 params."""
    return (
        f"(SELECT COUNT(*) FROM {_RULE} r WHERE r.brand_id = %s AND r.kind = %s"  # noqa: S608
        f" AND NOT EXISTS (SELECT 1 FROM {_AWARD} a WHERE a.badge_id = r.badge_id"
        " AND a.member_id = %s))"
    )


def _description(value: str | Texts) -> str | dict[str, str]:
    if isinstance(value, str):
        return value[:200]
    return {lang: text[:200] for lang, text in as_texts(value).items()}


def _clean(
    brand: Brand, name: str | Texts, kind: str | None, threshold: int | None, pk: int | None
) -> tuple[str | dict[str, str], str | None, int]:
    message = _("Give the badge a name of at most 60 characters.")
    name = clean_texts(name or "", field="name", max_length=60, required=message, too_long=message)
    for lang, text in as_texts(name).items():
        same = Badge.objects.filter(brand=brand, **{f"name_{lang}__iexact": text})
        if text and (same.exclude(pk=pk) if pk is not None else same).exists():
            raise DomainError(
                _("The brand already has a badge with this name."), field=f"name_{lang}"
            )
    if kind in ("", None):
        return name, None, 1
    if kind not in Kind.values:
        raise DomainError(_("Choose an action from the list."), field="kind")
    threshold = 1 if threshold is None else threshold
    if not isinstance(threshold, int) or not 1 <= threshold <= THRESHOLD_MAX:
        raise DomainError(
            _("Enter a number between 1 and %(max)d.") % {"max": THRESHOLD_MAX}, field="threshold"
        )
    return name, kind, threshold


@transaction.atomic
def badge_create(
    *,
    actor: Membership,
    brand: Brand,
    name: str | Texts,
    description: str | Texts = "",
    symbol: str = "★",
    kind: str | None = None,
    threshold: int | None = None,
) -> Badge:
    """A new badge; with ``kind`` it is awarded at the member's ``threshold``-th event of it."""
    require_admin(actor, brand)
    name, kind, threshold = _clean(brand, name, kind, threshold, None)
    if Badge.objects.filter(brand=brand).count() >= BADGES_MAX:
        raise DomainError(_("A brand may have at most %(max)d badges.") % {"max": BADGES_MAX})
    badge = Badge(brand=brand, symbol=symbol[:4])
    assign(badge, "name", name)
    assign(badge, "description", _description(description))
    badge.save(force_insert=True)
    if kind is not None:
        rule = BadgeRule.objects.create(badge=badge, brand=brand, kind=kind, threshold=threshold)
        badge_backfill(badge=badge, rule=rule)
    return badge


@transaction.atomic
def badge_update(
    *,
    actor: Membership,
    badge: Badge,
    name: str | Texts,
    description: str | Texts = "",
    symbol: str = "★",
    kind: str | None = None,
    threshold: int | None = None,
) -> Badge:
    """Rename or re-rule a badge; badges already awarded are kept."""
    require_admin(actor, badge.brand)
    name, kind, threshold = _clean(badge.brand, name, kind, threshold, badge.pk)
    assign(badge, "name", name)
    assign(badge, "description", _description(description))
    badge.symbol = symbol[:4]
    badge.save(update_fields=[*columns("name", "description"), "symbol"])
    if kind is None:
        BadgeRule.objects.filter(badge=badge).delete()
    else:
        rule, _created = BadgeRule.objects.update_or_create(
            badge=badge, defaults={"brand": badge.brand, "kind": kind, "threshold": threshold}
        )
        badge_backfill(badge=badge, rule=rule)
    return badge


def badge_backfill(*, badge: Badge, rule: BadgeRule) -> int:
    """Award a new or changed rule to the members who already meet it (one grouped count over
    the brand's events of the kind); returns how many were awarded."""
    holders = BadgeAward.objects.filter(badge=badge).values("member_id")
    reached = (
        EngagementEvent.objects.filter(brand_id=badge.brand_id, kind=rule.kind)
        .exclude(member_id__in=holders)
        .values("member_id")
        .annotate(
            net=Count("id", filter=Q(reverses__isnull=True))
            - Count("id", filter=Q(reverses__isnull=False))
        )
        .filter(net__gte=rule.threshold)
    )
    members = Membership.objects.select_related("user").in_bulk(
        [row["member_id"] for row in reached]
    )
    for member in members.values():
        _give(badge, member, None, "")
    return len(members)


@transaction.atomic
def badge_delete(*, actor: Membership, badge: Badge) -> None:
    """Remove a badge and every award of it."""
    require_admin(actor, badge.brand)
    badge.delete()


def _give(
    badge: Badge, member: Membership, actor: Membership | None, reason: str | Texts
) -> BadgeAward:
    """Insert the award (a savepoint: a concurrent award of the same badge is a Conflict)."""
    try:
        with transaction.atomic():
            award = BadgeAward(
                badge=badge,
                brand_id=badge.brand_id,
                member=member,
                actor=actor,
                awarded_at=timezone.now(),
            )
            assign(award, "reason", {k: v[:200] for k, v in as_texts(reason).items()})
            award.save(force_insert=True)
    except IntegrityError as error:
        raise Conflict(_("This member already holds this badge."), code="held") from error
    notify(
        recipients=[member.user],
        brand=badge.brand,
        kind=Notification.Kind.BADGE_AWARDED,
        actor=actor.user if actor is not None else None,
        data={"badge": badge.name, "badge_i18n": texts_of(badge, "name"), "member": member.pk},
    )
    return award


@transaction.atomic
def badge_award(
    *,
    badge: Badge,
    member: Membership,
    actor: Membership | None = None,
    reason: str | Texts = "",
) -> BadgeAward:
    """Give ``badge`` to ``member`` and notify them; raises Conflict if already held.

    ``actor`` is the admin of a manual award (checked); ``None`` is the platform itself (a
    contest's result, a rule): the calling service has decided.
    """
    if member.brand_id != badge.brand_id:
        raise DomainError(_("This person is not a member of the brand."), field="member")
    if actor is not None:
        require_admin(actor, badge.brand)
    return _give(badge, member, actor, reason)


def badges_check(*, member_id: int, brand_id: int, kind: str) -> list[BadgeAward]:
    """Award the rules of ``kind`` the member now meets (call inside the event's transaction).

    One statement: the member's unearned rules of the kind whose threshold the net count of
    their events reaches (an indexed count on ``(member, kind)``; a reversal cancels its
    original). Raw SQL because this runs on the event path: building the ORM queries cost
    more than running them.
    """
    with connection.cursor() as cursor:
        cursor.execute(_REACHED_SQL, [brand_id, kind, member_id, member_id, kind])
        badge_ids = [row[0] for row in cursor.fetchall()]
    if not badge_ids:
        return []
    member = Membership.objects.select_related("user").get(pk=member_id)
    awards = []
    for badge in Badge.objects.filter(pk__in=badge_ids).select_related("brand"):
        try:
            awards.append(_give(badge, member, None, ""))
        except Conflict:
            continue  # awarded meanwhile by a concurrent event
    return awards


_REACHED_SQL = (
    f"SELECT r.badge_id FROM {_RULE} r WHERE r.brand_id = %s AND r.kind = %s"  # noqa: S608
    f" AND NOT EXISTS (SELECT 1 FROM {_AWARD} a WHERE a.badge_id = r.badge_id"
    " AND a.member_id = %s)"
    " AND r.threshold <= (SELECT COUNT(*) - 2 * COUNT(e.reverses_id)"
    f" FROM {EngagementEvent._meta.db_table} e WHERE e.member_id = %s AND e.kind = %s)"
)


def badges_of(members: Iterable[Any]) -> dict[int, list[Badge]]:
    """Each member's badges, newest first (one query)."""
    ids = [getattr(member, "pk", member) for member in members]
    result: dict[int, list[Badge]] = {member_id: [] for member_id in ids}
    awards = BadgeAward.objects.filter(member_id__in=ids).select_related("badge")
    for award in awards:
        result[award.member_id].append(award.badge)
    return result
