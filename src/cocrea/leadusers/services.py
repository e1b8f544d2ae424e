"""Invite selected members to a private co-creation panel: an invitation-only campaign.

The campaign and its invitations are made by ``campaigns.services`` (its rules: admins only,
invitation-only campaigns only); this module adds the choice of members and tells them.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cocrea.brands.models import Membership
from cocrea.campaigns.models import Campaign, Invitation, Phase
from cocrea.campaigns.services import PhaseSpec, campaign_create, invitation_add, phases_set
from cocrea.core.errors import DomainError
from cocrea.core.texts import texts_of
from cocrea.notifications.models import Notification
from cocrea.notifications.services import notify
from cocrea.programmes.staff_time import record_staff_action

PANEL_MAX = 100
# A panel opens for ideas the moment its members are invited, for this many days; the brand
# moves its phases from the campaign console afterwards like any campaign's.
PANEL_OPEN_DAYS = 30


def _open_phases() -> list[PhaseSpec]:
    now = timezone.now()
    end = now + timedelta(days=PANEL_OPEN_DAYS)
    return [PhaseSpec(kind=Phase.Kind.SUBMISSION, starts_at=now, ends_at=end)]


def _clean_members(actor: Membership, members: Sequence[Membership]) -> list[Membership]:
    unique = {member.pk: member for member in members}
    if not unique:
        raise DomainError(_("Choose at least one member."), field="members")
    if len(unique) > PANEL_MAX:
        raise DomainError(
            _("A panel takes at most %(max)d members at once.") % {"max": PANEL_MAX},
            field="members",
        )
    if any(member.brand_id != actor.brand_id for member in unique.values()):
        raise DomainError(_("Choose members of this community."), code="not_found")
    return list(unique.values())


@transaction.atomic
def panel_invite(
    *,
    actor: Membership,
    members: Sequence[Membership],
    campaign: Campaign | None = None,
    title: str = "",
    objective: str = "",
) -> tuple[Campaign, list[Invitation]]:
    """Invite ``members`` to ``campaign`` (invitation-only), or to a new panel named ``title``.

    Returns the campaign and the new invitations; members invited before are not told twice.
    """
    chosen = _clean_members(actor, members)
    if campaign is None:
        title = " ".join(title.split())
        if not title or len(title) > 120:
            raise DomainError(_("Name the panel (at most 120 characters)."), field="title")
        campaign = campaign_create(
            actor=actor,
            brand=actor.brand,
            title=title,
            objective=objective.strip()[:280] or str(_("A private co-creation panel.")),
            visibility=Campaign.Visibility.INVITED,
            phases=_open_phases(),
        )
    elif campaign.brand_id != actor.brand_id:
        raise DomainError(_("Choose a campaign of this community."), code="not_found")
    already = set(
        Invitation.objects.filter(campaign=campaign, member__in=chosen).values_list(
            "member_id", flat=True
        )
    )
    invitations = [
        invitation_add(actor=actor, campaign=campaign, email=member.user.email)
        for member in chosen
        if member.pk not in already
    ]
    if not campaign.phases.exists():  # an older panel with no phase: invitees can act at once
        phases_set(campaign=campaign, phases=_open_phases())
    if invitations:
        record_staff_action(
            brand_id=campaign.brand_id,
            actor_id=actor.pk,
            action="invitation",
            campaign_id=campaign.pk,
        )
    notify(
        recipients=[member.user for member in chosen if member.pk not in already],
        brand=campaign.brand,
        kind=Notification.Kind.PANEL_INVITED,
        actor=actor.user,
        data={
            "campaign_slug": campaign.slug,
            "title": campaign.title,
            "title_i18n": texts_of(campaign, "title"),
        },
    )
    return campaign, invitations
