from __future__ import annotations

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet

from cocrea.brands.models import Brand, Membership
from cocrea.brands.permissions import is_moderator
from cocrea.campaigns.models import Campaign, Invitation, Phase


def campaigns_for_brand(brand: Brand, membership: Membership | None) -> QuerySet[Campaign]:
    """Campaigns the viewer may see, with phases prefetched and idea counts annotated."""
    campaigns = Campaign.objects.filter(brand=brand)
    if membership is None:
        campaigns = campaigns.filter(visibility=Campaign.Visibility.PUBLIC)
    elif not is_moderator(membership):
        invited = Exists(Invitation.objects.filter(campaign=OuterRef("pk"), member=membership))
        campaigns = campaigns.filter(
            Q(visibility__in=[Campaign.Visibility.PUBLIC, Campaign.Visibility.MEMBERS]) | invited
        )
    return campaigns.annotate(
        idea_count=Count("ideas", filter=Q(ideas__is_hidden=False, ideas__withdrawn_at=None))
    ).prefetch_related(Prefetch("phases", queryset=Phase.objects.order_by("starts_at")))
