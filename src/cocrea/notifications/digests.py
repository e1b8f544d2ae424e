"""Daily and weekly digests: one e-mail per person that gathers what happened since the last
one, grouped ("4 new comments on …"), in her language, in the brand's name when all of it comes
from one brand. Run by Celery beat on the ``batch`` queue; sending goes through the platform's
e-mail layer (``EMAIL_BACKEND``: the outbox).

Idempotent: a person's rows are *claimed* (``emailed_at`` set by a conditional UPDATE) in the
transaction that writes her e-mail, so a digest run twice, or by two workers, sends it once.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from datetime import datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from cocrea.accounts.models import User
from cocrea.brands.mail import brand_message
from cocrea.notifications.grouping import group
from cocrea.notifications.models import Notification
from cocrea.notifications.texts import target_path
from cocrea.notifications.unsubscribe import unsubscribe_headers, unsubscribe_url

log = logging.getLogger(__name__)
MODES = ("daily", "weekly")
MAX_ITEMS = 500  # per person and digest: beyond that, the e-mail says "and more in the app"


def send_digests(*, mode: str, now: datetime | None = None) -> int:
    """Send every pending digest of ``mode``; returns how many e-mails were written."""
    if mode not in MODES:
        raise ValueError(mode)
    now = now or timezone.now()
    pending = (
        Notification.objects.filter(email_mode=mode, emailed_at=None, created_at__lte=now)
        .values_list("recipient_id", flat=True)
        .distinct()
    )
    sent = 0
    for user_id in list(pending):
        try:
            sent += _send_one(user_id, mode, now)
        except Exception:
            log.exception("notifications: %s digest of user %s failed", mode, user_id)
    return sent


def _send_one(user_id: int, mode: str, now: datetime) -> int:
    user = User.objects.filter(pk=user_id).first()
    with transaction.atomic():
        rows = list(
            Notification.objects.select_for_update(of=("self",))
            .filter(recipient_id=user_id, email_mode=mode, emailed_at=None, created_at__lte=now)
            .select_related("brand", "idea__author", "comment__author__user")
            .order_by("-created_at", "-id")[:MAX_ITEMS]
        )
        if not rows:
            return 0
        Notification.objects.filter(pk__in=[r.pk for r in rows], emailed_at=None).update(
            emailed_at=now
        )
        if user is None or not user.is_active or not user.email:
            return 0  # claimed all the same: a deleted account has nobody to tell
        _message(user, rows, mode).send()
    return 1


def _message(user: User, rows: list[Notification], mode: str):  # type: ignore[no-untyped-def]
    brands = {row.brand_id: row.brand for row in rows}
    brand = next(iter(brands.values())) if len(brands) == 1 else None
    language = user.language or settings.LANGUAGE_CODE
    with translation.override(language):
        sections = defaultdict(list)
        for item in group(rows):
            sections[item.latest.brand].append(
                {
                    "text": item.text,
                    "snippet": item.snippet,
                    "url": settings.SITE_URL + target_path(item.latest),
                    "count": item.count,
                }
            )
        subject = (
            _("Your daily digest: %(n)s new")
            if mode == "daily"
            else _("Your weekly digest: %(n)s new")
        ) % {"n": len(rows)}
        prefix = f"[{brand.name}] " if brand is not None else "[Cocréa] "
        context = {
            "recipient": user,
            "sections": [(b, items) for b, items in sections.items()],
            "mode": mode,
            "total": len(rows),
            "preferences_url": settings.SITE_URL + "/notifications/preferences/",
            "unsubscribe_url": unsubscribe_url(user, brand=brand),
        }
        return brand_message(
            brand=brand,
            template="notifications/email/digest",
            context=context,
            subject=prefix + str(subject),
            to=user.email,
            language=language,
            headers=unsubscribe_headers(user, brand=brand),
        )
