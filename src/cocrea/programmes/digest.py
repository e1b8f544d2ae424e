"""The weekly digest: each brand admin receives, in their language, every open programme's
figures of the week (staff hours, contributions, gains, what waits) and what needs attention.

Sent once per admin per week: a ``DigestSent`` row (a unique constraint) is written in the same
transaction as the e-mail, which goes through the outbox (``notifications/outbox.py``, retried
there), so the task is safe to run twice or to retry.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from cocrea.brands.models import Brand, Membership
from cocrea.programmes import attention, dashboard, figures, ratios
from cocrea.programmes.figures import ZERO
from cocrea.programmes.models import DigestSent, Programme


def week_of(day: date) -> date:
    return day - timedelta(days=day.weekday())


def _week_totals(programme: Programme, today: date) -> dict[str, Any]:
    sums = figures.totals(programme, today - timedelta(days=6), today)
    return {
        "hours": ratios.hours(sums.get("staff_minutes", ZERO)),
        "contributions": sums.get("ideas_submitted", ZERO) + sums.get("entries_submitted", ZERO),
        "accepted": sums.get("ideas_accepted", ZERO),
        "contributors": sums.get("programme_contributors", ZERO),
    }


def digest_context(brand: Brand, today: date) -> dict[str, Any]:
    programmes = []
    for programme in Programme.objects.filter(brand=brand).exclude(status=Programme.Status.CLOSED):
        content = dashboard.build(programme, today)
        programmes.append(
            {
                "programme": programme,
                "week": _week_totals(programme, today),
                "capacity": content["capacity"],
                "objectives": content["objectives"],
                "url": settings.SITE_URL
                + reverse("programmes:detail", args=[brand.slug, programme.pk]),
            }
        )
    return {
        "brand": brand,
        "programmes": programmes,
        "items": attention.needs_attention(brand),
        "home_url": settings.SITE_URL + reverse("programmes:home", args=[brand.slug]),
    }


def build_digest(admin: Membership, today: date) -> EmailMultiAlternatives:
    user = admin.user
    with translation.override(user.language or settings.LANGUAGE_CODE):
        context = digest_context(admin.brand, today)
        subject = render_to_string("programmes/email/digest_subject.txt", context).strip()
        body = render_to_string("programmes/email/digest.txt", context)
        html = render_to_string("programmes/email/digest.html", context)
    message = EmailMultiAlternatives(subject=subject[:200], body=body, to=[user.email])
    message.attach_alternative(html, "text/html")
    return message


def send_brand_digest(brand: Brand, today: date | None = None) -> int:
    today = today or timezone.localdate()
    week = week_of(today)
    sent = 0
    admins = Membership.objects.filter(
        brand=brand, role=Membership.Role.ADMIN, user__is_active=True
    ).select_related("user", "brand")
    for admin in admins:
        if not admin.user.email:
            continue
        try:
            # The claim and the e-mail (a row of the outbox, EMAIL_BACKEND) in one transaction:
            # both are written, or neither.
            with transaction.atomic():
                DigestSent.objects.create(brand=brand, member=admin, week=week)
                build_digest(admin, today).send()
        except IntegrityError:
            continue  # sent this week already (or being sent by another worker)
        sent += 1
    return sent


def send_all_digests() -> int:
    return sum(send_brand_digest(brand) for brand in Brand.objects.all())
