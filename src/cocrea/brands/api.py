"""The brands of the REST API: the caller's own, and nothing else."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from django.http import Http404, HttpRequest
from django.utils import timezone
from ninja import Query, Router

from cocrea.api.auth import brand_context, caller_of, require_team
from cocrea.api.common import BrandSlug, Id, PageParams, PageQuery, aware, responses
from cocrea.api.pagination import list_page
from cocrea.brands.models import Brand, Membership
from cocrea.brands.schemas import BrandOut, BrandPage, MemberOut, MemberPage
from cocrea.brands.selectors import memberships_of_user
from cocrea.engagement.models import MemberScore
from cocrea.engagement.services import current_score
from cocrea.exports.datasets.members import emails_brand_may_use

router = Router(tags=["brands"])


def brand_out(brand: Brand, membership: Membership | None) -> dict[str, Any]:
    return {
        "slug": brand.slug,
        "name": brand.name,
        "tagline": brand.tagline,
        "description": brand.description,
        "visibility": brand.visibility,
        "languages": list(brand.languages or [brand.default_language]),
        "default_language": brand.default_language,
        "primary_colour": brand.primary_colour,
        "accent_colour": brand.accent_colour,
        "logo_url": brand.logo.url if brand.logo else None,
        "created_at": brand.created_at,
        "role": membership.role if membership is not None else None,
    }


@router.get("", response=responses(BrandPage), operation_id="brands_list")
def brands_list(request: HttpRequest, page: PageParams) -> dict[str, Any]:
    """The brands the caller belongs to: the key's own brand, or the signed-in person's."""
    caller = caller_of(request)
    if caller.key is not None:
        key = caller.key
        return {"items": [brand_out(key.brand, key.membership)], "next_cursor": None}
    memberships = memberships_of_user(caller.user)
    return list_page(memberships, ("id",), page, tag="brands", out=lambda m: brand_out(m.brand, m))


@router.get("/{brand}", response=responses(BrandOut), operation_id="brands_get")
def brands_get(request: HttpRequest, brand: BrandSlug) -> dict[str, Any]:
    context = brand_context(request, brand)
    return brand_out(context.brand, context.membership)


class MemberQuery(PageQuery):
    role: Literal["member", "influencer", "moderator", "admin"] | None = None
    joined_since: datetime | None = None


def members_out(brand: Brand, rows: list[Membership]) -> list[dict[str, Any]]:
    """The members with their tier, decayed score and consent (three queries for a page)."""
    ids = [m.pk for m in rows]
    now = timezone.now()
    scores = {
        s.member_id: s for s in MemberScore.objects.filter(member_id__in=ids).select_related("tier")
    }
    allowed = emails_brand_may_use(brand, ids)
    items = []
    for m in rows:
        score = scores.get(m.pk)
        items.append(
            {
                "id": m.pk,
                "display_name": m.user.public_name,
                "role": m.role,
                "language": m.user.language,
                "joined_at": m.joined_at,
                "tier": score.tier.name if score is not None and score.tier else None,
                "score": round(current_score(score, now=now), 2) if score is not None else 0.0,
                "email": m.user.email if m.pk in allowed else None,
                "consent": {"contact": m.pk in allowed},
            }
        )
    return items


@router.get("/{brand}/members", response=responses(MemberPage), operation_id="members_list")
def members_list(
    request: HttpRequest, brand: BrandSlug, query: Query[MemberQuery]
) -> dict[str, Any]:
    """The brand's members with tier, score and consent (the brand team only, not with a
    personal token). E-mail addresses only where the member consented."""
    context = brand_context(request, brand)
    require_team(context)
    members = Membership.objects.filter(brand=context.brand).select_related("user")
    if query.role:
        members = members.filter(role=query.role)
    if query.joined_since is not None:
        members = members.filter(joined_at__gte=aware(query.joined_since))
    return list_page(
        members,
        ("id",),
        query,
        tag="members",
        out_page=lambda rows: members_out(context.brand, rows),
    )


@router.get(
    "/{brand}/members/{member_id}", response=responses(MemberOut), operation_id="members_get"
)
def members_get(request: HttpRequest, brand: BrandSlug, member_id: Id) -> dict[str, Any]:
    context = brand_context(request, brand)
    require_team(context)
    member = Membership.objects.filter(brand=context.brand, pk=member_id).select_related("user")
    row = member.first()
    if row is None:
        raise Http404
    return members_out(context.brand, [row])[0]
