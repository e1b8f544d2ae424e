"""Writes for the rewards ledger and the members' privacy choices."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cocrea.brands.models import Membership
from cocrea.core.errors import DomainError
from cocrea.core.texts import Texts, as_texts, assign, first_text
from cocrea.engagement.badges import require_admin
from cocrea.engagement.models import ProfilePrivacy, Reward
from cocrea.engagement.services import leaderboard_set_visibility
from cocrea.notifications.models import Notification
from cocrea.notifications.services import notify

AMOUNT_MAX = Decimal("1000000000")
CURRENCY = re.compile(r"[A-Z]{3}")
REFERENCE = re.compile(r"[a-z_]{1,20}:[0-9A-Za-z_-]{1,19}")


def _clean_amount(kind: str, amount: Any) -> Decimal | None:
    if amount in (None, ""):
        if kind in (Reward.Kind.POINTS, Reward.Kind.ROYALTY):
            raise DomainError(_("Enter an amount."), field="amount")
        return None
    try:
        value = Decimal(str(amount)).quantize(Decimal("0.01"))
    except (InvalidOperation, ValueError) as error:
        raise DomainError(_("Enter a number."), field="amount") from error
    top = Decimal(100) if kind == Reward.Kind.ROYALTY else AMOUNT_MAX
    if not value.is_finite() or not Decimal(0) <= value <= top:
        raise DomainError(_("Enter a number between 0 and %(max)s.") % {"max": top}, field="amount")
    return value


def _clean(
    kind: str, label: str, amount: Any, currency: str, reference: str
) -> tuple[str, Decimal | None, str]:
    if kind not in Reward.Kind.values:
        raise DomainError(_("Choose a kind of reward."), field="kind")
    if not label or len(label) > 120:
        raise DomainError(_("Give the reward a label of at most 120 characters."), field="label")
    value = _clean_amount(kind, amount)
    currency = (currency or "").upper()
    if kind == Reward.Kind.PRIZE and value is not None and not CURRENCY.fullmatch(currency):
        raise DomainError(_("Give the currency as three letters, e.g. EUR."), field="currency")
    if kind != Reward.Kind.PRIZE:
        currency = ""
    if reference and not REFERENCE.fullmatch(reference):
        raise DomainError(_("A reference looks like contest:12."), field="reference")
    return label, value, currency


@transaction.atomic
def reward_grant(
    *,
    member: Membership,
    kind: str,
    label: str | Texts,
    amount: Decimal | float | int | str | None = None,
    currency: str = "",
    source: str | Texts = "",
    reference: str = "",
    actor: Membership | None = None,
) -> Reward:
    """Append a reward to the member's ledger and notify them.

    ``label`` and ``source`` are a string (the current language) or a text per language.
    ``kind``: prize (``amount`` in ``currency``, optional), points (``amount`` points), badge
    (a label), royalty (``amount`` percent, 0-100), other. ``reference`` names the origin
    without a foreign key, e.g. ``"contest:12"``. ``actor``, when given, must be an admin of
    the member's brand; ``None`` is a calling service that has decided (a contest's result).
    Rewards do not move the engagement score: the score measures behaviour, not prizes.
    """
    if actor is not None:
        require_admin(actor, member.brand)
    labels = {lang: " ".join(text.split()) for lang, text in as_texts(label).items()}
    for text in labels.values():
        if text:
            _clean(kind, text, amount, currency, reference)
    _label, value, currency = _clean(kind, first_text(labels), amount, currency, reference)
    reward = Reward(
        brand_id=member.brand_id,
        member=member,
        kind=kind,
        amount=value,
        currency=currency,
        reference=reference,
        actor=actor,
        created_at=timezone.now(),
    )
    assign(reward, "label", labels)
    assign(reward, "source", {k: " ".join(v.split())[:200] for k, v in as_texts(source).items()})
    reward.save(force_insert=True)
    notify(
        recipients=[member.user],
        brand=member.brand,
        kind=Notification.Kind.REWARD_GRANTED,
        actor=actor.user if actor is not None else None,
        data={"label": reward.label, "label_i18n": labels, "member": member.pk},
    )
    return reward


def privacy_of(member: Membership) -> ProfilePrivacy:
    """The member's choices (an unsaved row with the defaults if they never chose)."""
    return ProfilePrivacy.objects.filter(member=member).first() or ProfilePrivacy(member=member)


@transaction.atomic
def privacy_set(
    *,
    member: Membership,
    show_tier: bool,
    show_badges: bool,
    show_contributions: bool,
    show_rewards: bool,
    show_on_leaderboard: bool,
) -> ProfilePrivacy:
    """What the member shows others on their profile, and whether they are on the leaderboard."""
    row, _created = ProfilePrivacy.objects.update_or_create(
        member=member,
        defaults={
            "show_tier": bool(show_tier),
            "show_badges": bool(show_badges),
            "show_contributions": bool(show_contributions),
            "show_rewards": bool(show_rewards),
        },
    )
    leaderboard_set_visibility(member=member, visible=bool(show_on_leaderboard))
    return row
