"""The brands of the REST API: the caller's own, and nothing else."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Router

from cocrea.api.auth import brand_context, caller_of
from cocrea.api.common import BrandSlug, PageParams, responses
from cocrea.api.pagination import paginate
from cocrea.brands.models import Brand, Membership
from cocrea.brands.schemas import BrandOut, BrandPage
from cocrea.brands.selectors import memberships_of_user

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
    rows, cursor = paginate(
        memberships, ("id",), cursor=page.cursor, limit=page.limit, tag="brands"
    )
    return {"items": [brand_out(m.brand, m) for m in rows], "next_cursor": cursor}


@router.get("/{brand}", response=responses(BrandOut), operation_id="brands_get")
def brands_get(request: HttpRequest, brand: BrandSlug) -> dict[str, Any]:
    context = brand_context(request, brand)
    return brand_out(context.brand, context.membership)
