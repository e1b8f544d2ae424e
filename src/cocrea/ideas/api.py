"""Ideas and support votes in the REST API: the same selectors, predicates and services as the
campaign page (``ideas.views``), so an API write records the same ledger events and notices."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from ninja import Query, Router, Status

from cocrea.api.auth import brand_context, require_member
from cocrea.api.common import BrandSlug, Id, responses
from cocrea.api.models import Scope
from cocrea.api.pagination import list_page
from cocrea.brands.models import Brand
from cocrea.campaigns.cache import campaign_by_id
from cocrea.campaigns.models import Campaign, Category, Tag
from cocrea.campaigns.permissions import can_view_campaign
from cocrea.core import ratelimit
from cocrea.core.errors import DomainError
from cocrea.ideas import selectors, services
from cocrea.ideas.models import Idea
from cocrea.ideas.schemas import (
    FollowOut,
    IdeaDetailOut,
    IdeaIn,
    IdeaPage,
    IdeaPatch,
    IdeaQuery,
    RatingIn,
    RatingOut,
    VoteOut,
)

router = Router(tags=["ideas"])


def idea_out(idea: Idea, brand: Brand) -> dict[str, Any]:
    author = idea.author
    return {
        "id": idea.pk,
        "campaign_id": idea.campaign_id,
        "title": idea.title,
        "body_text": idea.body_text,
        "status": idea.status,
        "category": {"id": idea.category.pk, "name": idea.category.name} if idea.category else None,
        "tags": [tag.slug for tag in idea.tags.all()],
        "author": {"id": author.pk, "display_name": author.user.public_name},
        "support_count": idea.support_count,
        "comment_count": idea.comment_count,
        "rating_count": idea.rating_count,
        "rating_average": idea.rating_average,
        "has_voted": bool(getattr(idea, "has_voted", False)),
        "is_hidden": idea.is_hidden,
        "merged_into_id": idea.merged_into_id,
        "created_at": idea.created_at,
        "updated_at": idea.updated_at,
        "answered_at": idea.answered_at,
        "withdrawn_at": idea.withdrawn_at,
        "url": settings.SITE_URL + reverse("ideas:detail", args=[brand.slug, idea.pk]),
    }


def idea_detail_out(idea: Idea, brand: Brand) -> dict[str, Any]:
    return idea_out(idea, brand) | {
        "body": idea.body,
        "image_urls": [image.image.url for image in idea.images.all()],
        "my_rating": getattr(idea, "my_rating", None),
        "is_following": bool(getattr(idea, "is_following", False)),
    }


def idea_campaign(brand: Brand, membership: Any, campaign_id: int) -> Campaign:
    """The brand's idea campaign the caller may see (from the object cache), or 404."""
    campaign = campaign_by_id(brand, campaign_id)
    if campaign is None or campaign.kind != Campaign.Kind.IDEAS:
        raise Http404
    if not can_view_campaign(campaign, membership):
        raise Http404
    return campaign


def _category(campaign: Campaign, category_id: int | None) -> Category | None:
    if category_id is None:
        return None
    category = next((c for c in campaign.categories.all() if c.pk == category_id), None)
    if category is None:
        raise DomainError(_("Choose one of this campaign's categories."), field="category_id")
    return category


def _tags(brand: Brand, slugs: list[str]) -> list[Tag]:
    tags = list(Tag.objects.filter(brand=brand, slug__in=set(slugs)))
    if len(tags) != len(set(slugs)):
        raise DomainError(_("Choose tags of this community."), field="tags")
    return tags


@router.get(
    "/{brand}/campaigns/{campaign_id}/ideas",
    response=responses(IdeaPage),
    operation_id="ideas_list",
)
def ideas_list(
    request: HttpRequest, brand: BrandSlug, campaign_id: Id, query: Query[IdeaQuery]
) -> dict[str, Any]:
    """The campaign's ideas with the site's filters and sorts (merged ones only when asked for
    by status); hidden ones for the brand team only."""
    context = brand_context(request, brand)
    campaign = idea_campaign(context.brand, context.membership, campaign_id)
    filters = selectors.IdeaFilters(
        sort=query.sort,
        status=query.status or "",
        category=query.category,
        tag=query.tag or "",
        q=" ".join((query.q or "").split()),
    )
    ideas = selectors.ideas_for_campaign(campaign, context.membership, filters)
    return list_page(
        ideas,
        selectors.SORTS[filters.sort],
        query,
        tag=f"ideas:{filters.sort}",
        out=lambda idea: idea_out(idea, context.brand),
        since_field="updated_at",
    )


@router.post(
    "/{brand}/campaigns/{campaign_id}/ideas",
    response=responses(IdeaDetailOut, 201),
    operation_id="ideas_create",
)
def ideas_create(
    request: HttpRequest, brand: BrandSlug, campaign_id: Id, data: IdeaIn
) -> Status[dict[str, Any]]:
    """Submit an idea as the caller (a brand key acts as the admin who made it)."""
    context = brand_context(request, brand, Scope.WRITE)
    member = require_member(context)
    campaign = idea_campaign(context.brand, member, campaign_id)
    ratelimit.hit("idea_submit", f"m{member.pk}")
    idea = services.idea_submit(
        member=member,
        campaign=campaign,
        title=data.title,
        body=data.body,
        category=_category(campaign, data.category_id),
        tags=_tags(context.brand, data.tags),
    )
    idea = selectors.idea_for_page(context.brand, idea.pk, member)
    return Status(201, idea_detail_out(idea, context.brand))


@router.get("/{brand}/ideas/{idea_id}", response=responses(IdeaDetailOut), operation_id="ideas_get")
def ideas_get(request: HttpRequest, brand: BrandSlug, idea_id: Id) -> dict[str, Any]:
    context = brand_context(request, brand)
    idea = selectors.idea_for_page(context.brand, idea_id, context.membership)
    return idea_detail_out(idea, context.brand)


@router.patch(
    "/{brand}/ideas/{idea_id}", response=responses(IdeaDetailOut), operation_id="ideas_update"
)
def ideas_update(
    request: HttpRequest, brand: BrandSlug, idea_id: Id, data: IdeaPatch
) -> dict[str, Any]:
    """Edit one's idea while the phase allows it; fields left out keep their value."""
    context = brand_context(request, brand, Scope.WRITE)
    member = require_member(context)
    idea = selectors.idea_for_page(context.brand, idea_id, member)
    sent = data.model_fields_set
    services.idea_edit(
        member=member,
        idea=idea,
        title=data.title if data.title is not None else idea.title,
        body=data.body if data.body is not None else services.rich_text_source(idea.body),
        category=_category(idea.campaign, data.category_id)
        if "category_id" in sent
        else idea.category,
        tags=_tags(context.brand, data.tags) if data.tags is not None else list(idea.tags.all()),
        remove_image_ids=data.remove_image_ids,
    )
    return idea_detail_out(selectors.idea_for_page(context.brand, idea_id, member), context.brand)


@router.post(
    "/{brand}/ideas/{idea_id}/withdraw",
    response=responses(IdeaDetailOut),
    operation_id="ideas_withdraw",
)
def ideas_withdraw(request: HttpRequest, brand: BrandSlug, idea_id: Id) -> dict[str, Any]:
    """The author takes the idea back: it leaves every list."""
    context = brand_context(request, brand, Scope.WRITE)
    member = require_member(context)
    idea = selectors.idea_for_page(context.brand, idea_id, member)
    services.idea_withdraw(member=member, idea=idea)
    return idea_detail_out(selectors.idea_for_page(context.brand, idea_id, member), context.brand)


@router.post(
    "/{brand}/ideas/{idea_id}/vote", response=responses(VoteOut, 201), operation_id="votes_cast"
)
def votes_cast(request: HttpRequest, brand: BrandSlug, idea_id: Id) -> Status[dict[str, Any]]:
    """Support the idea (once: a second vote is 409 ``already_voted``)."""
    context = brand_context(request, brand, Scope.WRITE)
    member = require_member(context)
    idea = selectors.idea_for_vote(context.brand, idea_id, member)
    ratelimit.hit("vote_cast", f"m{member.pk}")
    services.vote_cast(member=member, idea=idea)
    return Status(201, {"idea_id": idea.pk, "support_count": idea.support_count, "has_voted": True})


@router.delete(
    "/{brand}/ideas/{idea_id}/vote", response=responses(None, 204), operation_id="votes_withdraw"
)
def votes_withdraw(request: HttpRequest, brand: BrandSlug, idea_id: Id) -> HttpResponse:
    """Take one's support back while voting is open (409 ``not_voted`` without a vote)."""
    context = brand_context(request, brand, Scope.WRITE)
    member = require_member(context)
    idea = selectors.idea_for_vote(context.brand, idea_id, member)
    ratelimit.hit("vote_cast", f"m{member.pk}")
    services.vote_withdraw(member=member, idea=idea)
    return HttpResponse(status=204)


@router.put(
    "/{brand}/ideas/{idea_id}/rating", response=responses(RatingOut), operation_id="ratings_set"
)
def ratings_set(
    request: HttpRequest, brand: BrandSlug, idea_id: Id, data: RatingIn
) -> dict[str, Any]:
    """Rate the idea 1 to 5 stars (when the campaign allows it); rating again replaces it."""
    context = brand_context(request, brand, Scope.WRITE)
    member = require_member(context)
    idea = selectors.idea_for_page(context.brand, idea_id, member)
    services.rating_set(member=member, idea=idea, stars=data.stars)
    idea.refresh_from_db(fields=["rating_count", "rating_sum"])
    return {
        "idea_id": idea.pk,
        "stars": data.stars,
        "rating_count": idea.rating_count,
        "rating_average": idea.rating_average,
    }


def _follow(request: HttpRequest, brand: str, idea_id: int, follow: bool) -> dict[str, Any]:
    context = brand_context(request, brand, Scope.WRITE)
    member = require_member(context)
    idea = selectors.idea_for_page(context.brand, idea_id, member)
    action = services.follow_idea if follow else services.unfollow_idea
    action(member=member, idea=idea)
    return {"idea_id": idea.pk, "is_following": follow}


@router.put(
    "/{brand}/ideas/{idea_id}/follow", response=responses(FollowOut), operation_id="follows_add"
)
def follows_add(request: HttpRequest, brand: BrandSlug, idea_id: Id) -> dict[str, Any]:
    """Follow the idea to hear of its comments and answers (idempotent)."""
    return _follow(request, brand, idea_id, True)


@router.delete(
    "/{brand}/ideas/{idea_id}/follow", response=responses(FollowOut), operation_id="follows_remove"
)
def follows_remove(request: HttpRequest, brand: BrandSlug, idea_id: Id) -> dict[str, Any]:
    return _follow(request, brand, idea_id, False)
