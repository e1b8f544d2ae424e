"""What each person wants to hear, per kind of notification: in the app and by e-mail at once,
in a daily or weekly digest, in the app only, or not at all.

A person without a row for a kind gets the kind's default (``DEFAULTS``). ``notify()`` reads the
recipients' channels in one query and stores on each notification how it is to be e-mailed
(``email_mode``), so a digest sends what was chosen when the thing happened.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from cocrea.core.errors import DomainError
from cocrea.notifications.models import Notification, NotificationPreference

Channel = NotificationPreference.Channel
Kind = Notification.Kind

# Brand answers and contest results matter at once; the chatter of comments is better read in
# a daily digest; badges and tiers are shown in the app and gathered in the weekly digest.
DEFAULTS: dict[str, str] = {
    Kind.STATUS_CHANGED: Channel.IMMEDIATE,
    Kind.IDEA_MERGED: Channel.IMMEDIATE,
    Kind.CONTENT_HIDDEN: Channel.IMMEDIATE,
    Kind.CONTEST_RESULT: Channel.IMMEDIATE,
    Kind.PANEL_INVITED: Channel.IMMEDIATE,
    Kind.NEW_COMMENT: Channel.DAILY,
    Kind.COMMENT_REPLY: Channel.IMMEDIATE,
    Kind.ANSWER_POSTED: Channel.IMMEDIATE,
    Kind.ANSWER_HELPFUL: Channel.DAILY,
    Kind.TIER_PROMOTED: Channel.WEEKLY,
    Kind.BADGE_AWARDED: Channel.WEEKLY,
    Kind.REWARD_GRANTED: Channel.IMMEDIATE,
    Kind.CAPSULE_STEP: Channel.DAILY,
}

# What a notification's ``email_mode`` is for each channel.
EMAIL_MODE = {
    Channel.IMMEDIATE: "now",
    Channel.DAILY: "daily",
    Channel.WEEKLY: "weekly",
    Channel.IN_APP: "none",
}


def default_channel(kind: str) -> str:
    return DEFAULTS.get(kind, Channel.IMMEDIATE)


def channels_for(user_ids: Iterable[int], kind: str) -> dict[int, str]:
    """Each person's channel for ``kind`` (one query for all of them)."""
    ids = list(user_ids)
    chosen = dict(
        NotificationPreference.objects.filter(user_id__in=ids, kind=kind).values_list(
            "user_id", "channel"
        )
    )
    return {pk: chosen.get(pk, default_channel(kind)) for pk in ids}


def preferences_of(user: Any) -> list[tuple[str, str, str]]:
    """(kind, label, channel) for every kind, in the order the preferences page shows them."""
    chosen = dict(NotificationPreference.objects.filter(user=user).values_list("kind", "channel"))
    return [
        (kind, str(label), chosen.get(kind, default_channel(kind))) for kind, label in Kind.choices
    ]


@transaction.atomic
def preferences_set(*, user: Any, channels: dict[str, str]) -> int:
    """Save the person's channel for each kind given; returns how many changed."""
    changed = 0
    for kind, channel in channels.items():
        if kind not in Kind.values:
            raise DomainError(_("Unknown kind of notification."), code="bad_kind", field=kind)
        if channel not in Channel.values:
            raise DomainError(_("Choose one of the options."), code="bad_channel", field=kind)
        row, created = NotificationPreference.objects.get_or_create(
            user=user, kind=kind, defaults={"channel": channel}
        )
        if not created and row.channel != channel:
            row.channel = channel
            row.save(update_fields=["channel"])
            changed += 1
        changed += int(created and channel != default_channel(kind))
    return changed


@transaction.atomic
def email_stop(*, user: Any, kind: str | None) -> list[str]:
    """Stop the e-mails of one kind (or of every kind): they stay in the app. Idempotent;
    returns the kinds that were e-mailed before."""
    kinds = [kind] if kind else list(Kind.values)
    current = channels_for([user.pk], kinds[0]) if len(kinds) == 1 else None
    stopped = []
    for each in kinds:
        channel = current[user.pk] if current else channels_for([user.pk], each)[user.pk]
        if channel in (Channel.IMMEDIATE, Channel.DAILY, Channel.WEEKLY):
            stopped.append(each)
            NotificationPreference.objects.update_or_create(
                user=user, kind=each, defaults={"channel": Channel.IN_APP}
            )
    return stopped
