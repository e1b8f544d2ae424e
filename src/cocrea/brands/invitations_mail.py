"""The e-mail that carries a team invitation, in the brand's name and default language."""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from cocrea.brands.mail import brand_message
from cocrea.brands.models import TeamInvitation


def send_invitation(invitation_id: int, token: str) -> bool:
    invitation = (
        TeamInvitation.objects.select_related("brand", "invited_by")
        .filter(pk=invitation_id, accepted_at=None)
        .first()
    )
    if invitation is None:
        return False
    brand = invitation.brand
    url = settings.SITE_URL + reverse("invitation_accept", args=[token])
    message = brand_message(
        brand=brand,
        template="brands/email/team_invitation",
        context={"invitation": invitation, "url": url},
        subject=_("You are invited to the %(brand)s team") % {"brand": brand.name},
        to=invitation.email,
        language=brand.default_language,
    )
    message.send()
    return True
