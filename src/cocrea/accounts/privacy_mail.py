"""The e-mail that warns an inactive account before the retention sweep deletes it."""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from cocrea.accounts.models import User
from cocrea.brands.mail import brand_message
from cocrea.brands.models import Membership


def send_retention_warning(user_id: int) -> bool:
    user = User.objects.filter(pk=user_id, deleted_at=None, is_active=True).first()
    if user is None or not user.email:
        return False
    first = Membership.objects.filter(user=user).select_related("brand").order_by("pk").first()
    brand = first.brand if first is not None else None
    message = brand_message(
        brand=brand,
        template="accounts/email/retention_warning",
        context={
            "recipient": user,
            "days": settings.ACCOUNT_RETENTION_NOTICE_DAYS,
            "url": settings.SITE_URL + reverse("account_login"),
        },
        subject=_("Your account will be deleted"),
        to=user.email,
        language=user.language or settings.LANGUAGE_CODE,
    )
    message.send()
    return True
