"""Campaigns and their phases in the REST API (read-only: the console creates them)."""

from __future__ import annotations

from typing import Any, Literal

from django.http import Http404, HttpRequest
from ninja import Field, Query, Router

from cocrea.api.auth import brand_context
from cocrea.api.common import BrandSlug, Id, PageQuery, responses
from cocrea.api.pagination import list_page
from cocrea.brands.models import Membership
from cocrea.campaigns.models import Campaign
from cocrea.campaigns.permissions import can_participate
from cocrea.campaigns.phases import current_phase
from cocrea.campaigns.schemas import CampaignDetailOut, CampaignPage, PhaseList
from cocrea.campaigns.selectors import campaigns_for_brand

router = Router(tags=["campaigns"])
ACTIONS = ("submit", "edit", "withdraw", "comment", "vote", "rate")


class CampaignQuery(PageQuery):
    kind: Literal["ideas", "contest"] | None = Field(None, description="Only this kind")


def campaign_out(campaign: Campaign) -> dict[str, Any]:
    phase = current_phase(campaign)
    return {
        "id": campaign.pk,
        "slug": campaign.slug,
        "kind": campaign.kind,
        "title": campaign.title,
        "objective": campaign.objective,
        "description": campaign.description,
        "visibility": campaign.visibility,
        "allow_rating": campaign.allow_rating,
        "cover_url": campaign.cover.url if campaign.cover else None,
        "created_at": campaign.created_at,
        "idea_count": getattr(campaign, "idea_count", 0),
        "current_phase": phase.kind if phase is not None else None,
        "phases": [
            {"id": p.pk, "kind": p.kind, "starts_at": p.starts_at, "ends_at": p.ends_at}
            for p in campaign.phases.all()
        ],
        "categories": [{"id": c.pk, "name": c.name} for c in campaign.categories.all()],
    }


def visible_campaign(brand: Any, membership: Membership | None, campaign_id: int) -> Campaign:
    """The brand's campaign the caller may see, or 404 (another brand's id included)."""
    campaigns = campaigns_for_brand(brand, membership).prefetch_related("categories")
    campaign = campaigns.filter(pk=campaign_id).first()
    if campaign is None:
        raise Http404
    campaign.brand = brand
    return campaign


@router.get("/{brand}/campaigns", response=responses(CampaignPage), operation_id="campaigns_list")
def campaigns_list(
    request: HttpRequest, brand: BrandSlug, query: Query[CampaignQuery]
) -> dict[str, Any]:
    """The campaigns the caller may see, newest first, with their phases and categories."""
    context = brand_context(request, brand)
    campaigns = campaigns_for_brand(context.brand, context.membership).prefetch_related(
        "categories"
    )
    if query.kind:
        campaigns = campaigns.filter(kind=query.kind)
    return list_page(campaigns, ("-created_at", "-id"), query, tag="campaigns", out=campaign_out)


@router.get(
    "/{brand}/campaigns/{campaign_id}",
    response=responses(CampaignDetailOut),
    operation_id="campaigns_get",
)
def campaigns_get(request: HttpRequest, brand: BrandSlug, campaign_id: Id) -> dict[str, Any]:
    context = brand_context(request, brand)
    campaign = visible_campaign(context.brand, context.membership, campaign_id)
    allowed = [a for a in ACTIONS if can_participate(campaign, context.membership, a)]
    return campaign_out(campaign) | {"allowed_actions": allowed}


@router.get(
    "/{brand}/campaigns/{campaign_id}/phases",
    response=responses(PhaseList),
    operation_id="campaigns_phases",
)
def campaigns_phases(request: HttpRequest, brand: BrandSlug, campaign_id: Id) -> dict[str, Any]:
    context = brand_context(request, brand)
    campaign = visible_campaign(context.brand, context.membership, campaign_id)
    return {"items": campaign_out(campaign)["phases"]}
