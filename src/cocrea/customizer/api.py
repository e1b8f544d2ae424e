"""Customizable products and the caller's own designs in the REST API, over the customizer's
selectors and services (every rule checked by ``design_save``: options, incompatible pairs,
blocked words, prices)."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy as _
from ninja import Query, Router, Status

from cocrea.api.auth import brand_context, require_member
from cocrea.api.common import BrandSlug, Id, PageQuery, responses
from cocrea.api.models import Scope
from cocrea.api.pagination import list_page
from cocrea.brands.models import Brand
from cocrea.core.errors import DomainError
from cocrea.customizer import selectors, services
from cocrea.customizer.models import Design, Product
from cocrea.customizer.schemas import (
    DesignIn,
    DesignOut,
    DesignPage,
    DesignPatch,
    ProductOut,
    ProductPage,
)

router = Router(tags=["customizer"])


def product_out(product: Product) -> dict[str, Any]:
    return {
        "id": product.pk,
        "slug": product.slug,
        "name": product.name,
        "description": product.description,
        "base_price": product.base_price,
        "currency": product.currency,
        "text_label": product.text_label,
        "text_max_length": product.text_max_length,
        "text_price": product.text_price,
        "parts": [
            {
                "id": part.pk,
                "name": part.name,
                "options": [
                    {
                        "id": o.pk,
                        "label": o.label,
                        "kind": o.kind,
                        "colour": o.colour,
                        "material": o.material,
                        "price_delta": o.price_delta,
                    }
                    for o in part.options.all()
                ],
            }
            for part in product.parts.all()
        ],
    }


def design_out(design: Design) -> dict[str, Any]:
    return {
        "id": design.pk,
        "product_id": design.product_id,
        "title": design.title,
        "choices": {str(k): int(v) for k, v in (design.choices or {}).items()},
        "text": design.text,
        "price": design.price,
        "currency": design.currency,
        "status": design.status,
        "created_at": design.created_at,
        "updated_at": design.updated_at,
    }


def _product(brand: Brand, product_id: int) -> Product:
    product = selectors.products_for_members(brand).filter(pk=product_id).first()
    if product is None:
        raise Http404
    return product


def _choices(choices: dict[str, int]) -> dict[int, int]:
    if not all(key.isdigit() and len(key) < 19 for key in choices):
        raise DomainError(_("Name each part by its id."), field="choices")
    return {int(key): value for key, value in choices.items()}


@router.get("/{brand}/products", response=responses(ProductPage), operation_id="products_list")
def products_list(request: HttpRequest, brand: BrandSlug, page: Query[PageQuery]) -> dict[str, Any]:
    """The products open to members' designs, with their parts and options."""
    context = brand_context(request, brand)
    products = selectors.products_for_members(context.brand)
    return list_page(products, ("id",), page, tag="products", out=product_out)


@router.get(
    "/{brand}/products/{product_id}", response=responses(ProductOut), operation_id="products_get"
)
def products_get(request: HttpRequest, brand: BrandSlug, product_id: Id) -> dict[str, Any]:
    context = brand_context(request, brand)
    return product_out(_product(context.brand, product_id))


@router.get("/{brand}/designs", response=responses(DesignPage), operation_id="designs_list")
def designs_list(request: HttpRequest, brand: BrandSlug, page: Query[PageQuery]) -> dict[str, Any]:
    """The caller's own designs, last changed first."""
    context = brand_context(request, brand)
    member = require_member(context)
    designs = selectors.designs_for_member(member)
    return list_page(designs, ("-updated_at", "-id"), page, tag="designs", out=design_out)


@router.post("/{brand}/designs", response=responses(DesignOut, 201), operation_id="designs_create")
def designs_create(
    request: HttpRequest, brand: BrandSlug, data: DesignIn
) -> Status[dict[str, Any]]:
    """Save a design (or a draft) of a product: one option per part, checked as on the site."""
    context = brand_context(request, brand, Scope.WRITE)
    member = require_member(context)
    product = _product(context.brand, data.product_id)
    design = services.design_save(
        member=member,
        product=product,
        title=data.title,
        choices=_choices(data.choices),
        text=data.text,
        status=data.status,
    )
    return Status(201, design_out(design))


@router.get(
    "/{brand}/designs/{design_id}", response=responses(DesignOut), operation_id="designs_get"
)
def designs_get(request: HttpRequest, brand: BrandSlug, design_id: Id) -> dict[str, Any]:
    context = brand_context(request, brand)
    member = require_member(context)
    return design_out(selectors.design_for_member(member, design_id))


@router.patch(
    "/{brand}/designs/{design_id}", response=responses(DesignOut), operation_id="designs_update"
)
def designs_update(
    request: HttpRequest, brand: BrandSlug, design_id: Id, data: DesignPatch
) -> dict[str, Any]:
    context = brand_context(request, brand, Scope.WRITE)
    member = require_member(context)
    design = selectors.design_for_member(member, design_id)
    design = services.design_update(
        design=design,
        member=member,
        title=data.title,
        choices=_choices(data.choices),
        text=data.text,
        status=data.status,
    )
    return design_out(design)


@router.delete(
    "/{brand}/designs/{design_id}", response=responses(None, 204), operation_id="designs_delete"
)
def designs_delete(request: HttpRequest, brand: BrandSlug, design_id: Id) -> HttpResponse:
    context = brand_context(request, brand, Scope.WRITE)
    member = require_member(context)
    services.design_delete(design=selectors.design_for_member(member, design_id), member=member)
    return HttpResponse(status=204)
