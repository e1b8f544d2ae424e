"""Writes for referrals (a member's invitation link) and tracked share links.

A referral is credited once per person and brand (``referral_once_per_person``), only when the
person was not a member yet and is not the referrer. A share link earns its sharer one
``share_opened`` per distinct visitor (``share_open_once``), at most ``SHARE_DAILY_CAP`` a day.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cocrea.brands.models import Membership
from cocrea.brands.permissions import membership_for
from cocrea.brands.services import brand_join
from cocrea.core.errors import DomainError
from cocrea.engagement.models import (
    Kind,
    Referral,
    ReferralLink,
    ReferralOpen,
    ShareLink,
    ShareOpen,
)
from cocrea.engagement.services import record

SHARE_DAILY_CAP = 20
CODE_ALPHABET = "abcdefghijkmnpqrstuvwxyz23456789"  # no 0/o, 1/l: read aloud without doubt


def new_code(length: int = 10) -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(length))


def visitor_key(*, user: Any | None, session_key: str | None) -> str:
    """``u:<id>`` for a signed-in person, else a digest of the session (never the key)."""
    if user is not None and getattr(user, "is_authenticated", False):
        return f"u:{user.pk}"
    digest = hashlib.sha256((session_key or "").encode()).hexdigest()[:40]
    return f"s:{digest}"


@transaction.atomic
def referral_link_for(*, member: Membership) -> ReferralLink:
    """The member's invitation link, made the first time it is asked for."""
    link = ReferralLink.objects.filter(member=member).first()
    if link is not None:
        return link
    try:
        with transaction.atomic():
            return ReferralLink.objects.create(
                brand_id=member.brand_id, member=member, code=new_code()
            )
    except IntegrityError:  # made meanwhile by a concurrent request
        return ReferralLink.objects.get(member=member)


@transaction.atomic
def referral_opened(*, link: ReferralLink, visitor: str) -> bool:
    """Count an opening of the link once per distinct ``visitor`` (see ``visitor_key``);
    returns whether it counted. A plain counter: credit comes only with a new member."""
    try:
        with transaction.atomic():
            ReferralOpen.objects.create(link=link, visitor=visitor)
    except IntegrityError:  # this visitor opened the link before
        return False
    ReferralLink.objects.filter(pk=link.pk).update(opened=F("opened") + 1)
    return True


@transaction.atomic
def referral_join(*, link: ReferralLink, user: Any) -> tuple[Membership, bool]:
    """``user`` joins the link's brand; returns the membership and whether the referrer was
    credited (a ``recommendation`` event). Joining again, a second link, or one's own link
    credits nobody."""
    brand = link.brand
    was_member = membership_for(brand, user) is not None
    member = brand_join(brand=brand, user=user)
    referrer = link.member
    if was_member or referrer.user_id == user.pk:
        return member, False
    try:
        with transaction.atomic():
            Referral.objects.create(
                brand=brand, link=link, referrer=referrer, user=user, member=member
            )
    except IntegrityError:  # this person was brought in before (by this link or another)
        return member, False
    record(kind=Kind.RECOMMENDATION, member=referrer, actor=member)
    return member, True


@transaction.atomic
def share_link_for(
    *, member: Membership, idea: Any | None = None, campaign: Any | None = None
) -> ShareLink:
    """The member's tracked link to ``idea`` or ``campaign`` (one per member and target).

    The caller checks that the member may see the target; here only the brand is checked.
    """
    if (idea is None) == (campaign is None):
        raise DomainError(_("Share an idea or a campaign."), field="target")
    target = idea if idea is not None else campaign
    if target.brand_id != member.brand_id:  # type: ignore[union-attr]
        raise DomainError(_("This is not in your community."), field="target")
    lookup = {"idea": idea} if idea is not None else {"campaign": campaign}
    link = ShareLink.objects.filter(member=member, **lookup).first()
    if link is not None:
        return link
    try:
        with transaction.atomic():
            return ShareLink.objects.create(
                brand_id=member.brand_id, member=member, code=new_code(), **lookup
            )
    except IntegrityError:
        return ShareLink.objects.get(member=member, **lookup)


def _credits_today(sharer_id: int, now: datetime) -> int:
    start = timezone.localtime(now).replace(hour=0, minute=0, second=0, microsecond=0)
    return ShareOpen.objects.filter(
        sharer_id=sharer_id,
        credited=True,
        created_at__gte=start,
        created_at__lt=start + timedelta(days=1),
    ).count()


@transaction.atomic
def share_opened(
    *, link: ShareLink, visitor: str, visitor_member: Membership | None = None
) -> bool:
    """Someone opened a share link; returns whether the sharer earned a ``share_opened``.

    Once per distinct ``visitor`` (see ``visitor_key``) and link; never the sharer themself;
    at most ``SHARE_DAILY_CAP`` credits a day per sharer (the sharer's membership row is
    locked so that concurrent opens do not pass the cap together).
    """
    sharer = link.member
    if visitor == f"u:{sharer.user_id}":
        return False
    now = timezone.now()
    Membership.objects.select_for_update().filter(pk=sharer.pk).first()
    credited = _credits_today(sharer.pk, now) < SHARE_DAILY_CAP
    try:
        with transaction.atomic():
            ShareOpen.objects.create(
                link=link, sharer=sharer, visitor=visitor, credited=credited, created_at=now
            )
    except IntegrityError:  # this visitor opened the link before
        return False
    if credited:
        actor = (
            visitor_member if visitor_member and visitor_member.brand_id == link.brand_id else None
        )
        record(kind=Kind.SHARE_OPENED, member=sharer, idea=link.idea, actor=actor)
    return credited
