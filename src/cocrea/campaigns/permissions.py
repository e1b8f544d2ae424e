"""May this person see this campaign, and do this in it now? Pure predicates."""

from __future__ import annotations

from cocrea.brands.models import Brand, Membership
from cocrea.brands.permissions import can_view_brand, is_moderator
from cocrea.campaigns.models import Campaign, Invitation
from cocrea.campaigns.phases import phase_allows
from cocrea.engagement.permissions import early_access_allows


def can_view_campaign(campaign: Campaign, membership: Membership | None) -> bool:
    brand: Brand = campaign.brand
    if not can_view_brand(brand, membership):
        return False
    if campaign.visibility == Campaign.Visibility.PUBLIC:
        return True
    if membership is None:
        return False
    if campaign.visibility == Campaign.Visibility.MEMBERS or is_moderator(membership):
        return True
    return Invitation.objects.filter(campaign=campaign, member=membership).exists()


def can_participate(campaign: Campaign, membership: Membership | None, action: str) -> bool:
    """``action`` is one of submit, edit, withdraw, comment, vote, rate. Before the opening,
    the early-access tier may already do what the first phase allows (engagement)."""
    return (
        membership is not None
        and can_view_campaign(campaign, membership)
        and (phase_allows(campaign, action) or early_access_allows(campaign, membership, action))
    )
