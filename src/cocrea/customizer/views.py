"""The customizer for members: live preview, saving designs, drafts and share links."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cocrea.brands.models import Brand, Membership
from cocrea.brands.permissions import brand_view
from cocrea.core.errors import DomainError
from cocrea.customizer import selectors, services
from cocrea.customizer.models import Design, Product
from cocrea.customizer.selectors import Catalogue
from cocrea.customizer.svg import design_svg, product_svg
from cocrea.ideas.responses import refuse_visitor

ACTIONS = {"preview", "draft", "save"}
STATUS_FOR = {"draft": Design.Status.DRAFT, "save": Design.Status.SAVED}


def _posted_choices(request: HttpRequest, cat: Catalogue) -> dict[int, int]:
    """``part-<id>=<option id>`` fields of the form; other fields are ignored."""
    choices: dict[int, int] = {}
    for part in cat.parts:
        raw = request.POST.get(f"part-{part.pk}", "")
        if raw:
            value = int(raw) if raw.isascii() and raw.isdigit() and len(raw) < 10 else -1
            choices[part.pk] = value
    return choices


def _default_choices(cat: Catalogue) -> dict[int, int]:
    return {p.pk: p.options.all()[0].pk for p in cat.parts_with_options()}


def _design_choices(design: Design) -> dict[int, int]:
    return {int(k): int(v) for k, v in (design.choices or {}).items()}


def _live(
    cat: Catalogue, member: Membership | None, brand: Brand, choices: dict[int, int], text: str
) -> tuple[services.Evaluation, str]:
    languages = services.member_languages(member, brand)
    result = services.evaluate(cat, choices=choices, text=text, languages=languages)
    svg = product_svg(cat.product, cat.parts, result.chosen, result.text)
    return result, svg


def _context(
    request: HttpRequest,
    cat: Catalogue,
    *,
    choices: dict[int, int],
    text: str,
    title: str = "",
    design: Design | None = None,
    errors: dict[str, str] | None = None,
    inputs: bool = True,
) -> dict[str, Any]:
    result, svg = _live(cat, request.membership, request.brand, choices, text)  # type: ignore[attr-defined]
    shown = {**result.field_errors(), **(errors or {})}
    share_url = (
        request.build_absolute_uri(_shared_path(request, design)) if design is not None else ""
    )
    return {
        "product": cat.product,
        "groups": _groups(cat, choices) if inputs else [],
        "text": text,
        "title": title,
        "svg": mark_safe(svg),  # noqa: S308 - built from sanitised layers and escaped text
        "price": result.price,
        "errors": shown,
        "design": design,
        "share_url": share_url,
    }


def _groups(cat: Catalogue, choices: dict[int, int]) -> list[dict[str, Any]]:
    """The option inputs, part by part, with the chosen one checked."""
    return [
        {
            "part": part,
            "options": [(o, choices.get(part.pk) == o.pk) for o in part.options.all()],
        }
        for part in cat.parts_with_options()
    ]


def _shared_path(request: HttpRequest, design: Design) -> str:
    return reverse("customizer:shared", args=[request.brand.slug, design.share_token])  # type: ignore[attr-defined]


@brand_view()
def products(request: HttpRequest) -> HttpResponse:
    items = [
        {
            "product": p,
            "svg": mark_safe(  # noqa: S308 - sanitised layers
                product_svg(p, p.parts.all(), _first_options(p), uid=f"p{p.pk}")
            ),
        }
        for p in selectors.products_for_members(request.brand)  # type: ignore[attr-defined]
    ]
    return render(request, "customizer/products.html", {"items": items})


def _first_options(product: Product) -> dict[int, Any]:
    return {p.pk: p.options.all()[0] for p in product.parts.all() if p.options.all()}


def _save(
    request: HttpRequest, cat: Catalogue, design: Design | None
) -> tuple[HttpResponse | None, dict[str, str]]:
    """Save (create or update) from the posted form: a redirect, or the errors to show."""
    member = request.membership  # type: ignore[attr-defined]
    action = request.POST.get("action", "save")
    title = request.POST.get("title", "")[:1000]
    text = request.POST.get("text", "")[:1000]
    choices, status = _posted_choices(request, cat), STATUS_FOR[action]
    try:
        if design is None:
            design = services.design_save(
                member=member,
                product=cat.product,
                title=title,
                choices=choices,
                text=text,
                status=status,
            )
        else:
            design = services.design_update(
                design=design, member=member, title=title, choices=choices, text=text, status=status
            )
    except DomainError as error:
        return None, {(error.field or "general"): str(error.message)}
    if action == "draft":
        messages.success(request, _("Your draft is saved."))
    else:
        messages.success(request, _("Your design is saved."))
    return redirect("customizer:design_edit", request.brand.slug, design.pk), {}  # type: ignore[attr-defined]


def _page(request: HttpRequest, cat: Catalogue, design: Design | None) -> HttpResponse:
    if design is not None:
        choices, text, title = _design_choices(design), design.text, design.title
    else:
        choices, text, title = _default_choices(cat), "", ""
    status, errors = 200, dict[str, str]()
    if request.method == "POST":
        action = request.POST.get("action", "preview")
        if action not in ACTIONS:
            action = "preview"
        if action != "preview" and (refused := refuse_visitor(request)):
            return refused  # visitors try the customizer freely; saving needs a membership
        if action != "preview":
            response, errors = _save(request, cat, design)
            if response is not None:
                return response
            status = 400
        choices = _posted_choices(request, cat)
        text = request.POST.get("text", "")[:1000]
        title = request.POST.get("title", "")[:200]
    context = _context(
        request, cat, design=design, errors=errors, choices=choices, text=text, title=title
    )
    return render(request, "customizer/customize.html", context, status=status)


@brand_view()
def customize(request: HttpRequest, product_slug: str) -> HttpResponse:
    """Anyone who may see the brand tries the product; saving a design asks to sign in."""
    product = selectors.product_for_members(request.brand, product_slug)  # type: ignore[attr-defined]
    return _page(request, selectors.catalogue(product), None)


@require_POST
@brand_view()
def preview(request: HttpRequest, product_slug: str) -> HttpResponse:
    """The htmx swap: the picture, the price and the messages (errors swapped out of band)."""
    product = selectors.product_for_members(request.brand, product_slug)  # type: ignore[attr-defined]
    cat = selectors.catalogue(product)
    text = request.POST.get("text", "")[:1000]
    choices = _posted_choices(request, cat)
    context = _context(request, cat, choices=choices, text=text, inputs=False)
    return render(request, "customizer/_live.html", {**context, "oob": True})


@brand_view("member")
def my_designs(request: HttpRequest) -> HttpResponse:
    designs = list(selectors.designs_for_member(request.membership))  # type: ignore[attr-defined]
    items = [{"design": d, "svg": mark_safe(design_svg(d))} for d in designs]  # noqa: S308
    return render(request, "customizer/my_designs.html", {"items": items})


@brand_view("member")
def design_edit(request: HttpRequest, design_id: int) -> HttpResponse:
    design = selectors.design_for_member(request.membership, design_id)  # type: ignore[attr-defined]
    return _page(request, selectors.catalogue(design.product), design)


@require_POST
@brand_view("member")
def design_delete(request: HttpRequest, design_id: int) -> HttpResponse:
    member = request.membership  # type: ignore[attr-defined]
    design = selectors.design_for_member(member, design_id)
    services.design_delete(design=design, member=member)
    messages.success(request, _("The design is deleted."))
    return redirect("customizer:my_designs", request.brand.slug)  # type: ignore[attr-defined]


@require_POST
@brand_view("member")
def design_share_reset(request: HttpRequest, design_id: int) -> HttpResponse:
    member = request.membership  # type: ignore[attr-defined]
    design = selectors.design_for_member(member, design_id)
    services.design_share_reset(design=design, member=member)
    messages.success(request, _("A new share link is ready; the old one no longer works."))
    return redirect("customizer:design_edit", request.brand.slug, design.pk)  # type: ignore[attr-defined]


@brand_view()
def shared(request: HttpRequest, token: str) -> HttpResponse:
    design = selectors.design_by_token(request.brand, token)  # type: ignore[attr-defined]
    context = {"design": design, "svg": mark_safe(design_svg(design))}  # noqa: S308
    response = render(request, "customizer/shared.html", context)
    response["X-Robots-Tag"] = "noindex"
    response["Referrer-Policy"] = "no-referrer"
    return response
