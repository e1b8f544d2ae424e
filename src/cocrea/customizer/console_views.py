"""The brand console for customizable products: products, parts, options, rules and statistics."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cocrea.brands.permissions import brand_view
from cocrea.core.errors import DomainError
from cocrea.core.forms import form_field
from cocrea.core.texts import texts_of
from cocrea.customizer import selectors, services
from cocrea.customizer.forms import (
    BlockedWordsForm,
    IncompatibilityForm,
    OptionForm,
    PartForm,
    ProductForm,
    product_initial,
)
from cocrea.customizer.models import Option, Product
from cocrea.customizer.svg import product_svg


def _form_error(form: forms.Form, error: DomainError) -> None:
    form.add_error(form_field(form, error.field), str(error.message))


def _to_product(request: HttpRequest, product: Product) -> HttpResponse:
    return redirect("customizer:console_product", request.brand.slug, product.pk)  # type: ignore[attr-defined]


@brand_view("moderator")
def console(request: HttpRequest) -> HttpResponse:
    products = list(selectors.products_for_console(request.brand))  # type: ignore[attr-defined]
    return render(request, "customizer/console/products.html", {"products": products})


@brand_view("admin")
def console_create(request: HttpRequest) -> HttpResponse:
    form = ProductForm(request.POST or None, initial={"currency": "EUR", "is_active": True})
    if request.method == "POST" and form.is_valid():
        try:
            product = services.product_create(
                brand=request.brand,  # type: ignore[attr-defined]
                by=request.membership,  # type: ignore[attr-defined]
                slug=form.cleaned_data["slug"],
                **form.values(),
            )
        except DomainError as error:
            _form_error(form, error)
        else:
            messages.success(request, _("The product is created. Now add its parts."))
            return _to_product(request, product)
    return render(
        request,
        "customizer/console/product_form.html",
        {"form": form},
        status=400 if form.errors else 200,
    )


def _sample(product: Product) -> str:
    """Sample text to show where the personalization goes."""
    return "ABCDEFGHIJKL"[: min(product.text_max_length, 3)]


def _product_page(request: HttpRequest, product: Product, **forms_: Any) -> dict[str, Any]:
    cat = selectors.catalogue(product)
    options = [o for part in cat.parts for o in part.options.all()]
    by_id = {o.pk: o for o in options}
    first = {p.pk: p.options.all()[0] for p in cat.parts_with_options()}
    words: dict[str, list[str]] = {}
    for word in product.blocked_words.all():
        words.setdefault(word.language, []).append(word.word)
    return {
        "product": product,
        "parts": cat.parts,
        "svg": mark_safe(product_svg(product, cat.parts, first, _sample(product))),  # noqa: S308
        "product_form": forms_.get("product_form") or ProductForm(initial=product_initial(product)),
        "part_form": forms_.get("part_form") or PartForm(),
        "option_form": OptionForm(),
        "incompatibility_form": forms_.get("incompatibility_form")
        or IncompatibilityForm(options=options),
        "incompatibilities": [
            (pk, by_id.get(a), by_id.get(b))
            for pk, a, b in product.incompatibilities.values_list(
                "pk", "option_a_id", "option_b_id"
            )
        ],
        "words_form": BlockedWordsForm(
            initial={f"words_{lang}": "\n".join(ws) for lang, ws in words.items()}
        ),
    }


@brand_view("admin")
def console_product(request: HttpRequest, product_id: int) -> HttpResponse:
    product = selectors.product_for_console(request.brand, product_id)  # type: ignore[attr-defined]
    form = ProductForm(request.POST or None, initial=product_initial(product))
    if request.method == "POST" and form.is_valid():
        try:
            services.product_update(product=product, by=request.membership, **form.values())  # type: ignore[attr-defined]
        except DomainError as error:
            _form_error(form, error)
        else:
            messages.success(request, _("The product is saved."))
            return _to_product(request, product)
    context = _product_page(request, product, product_form=form)
    return render(
        request, "customizer/console/product.html", context, status=400 if form.errors else 200
    )


@require_POST
@brand_view("admin")
def part_create(request: HttpRequest, product_id: int) -> HttpResponse:
    product = selectors.product_for_console(request.brand, product_id)  # type: ignore[attr-defined]
    form = PartForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.part_create(
                product=product,
                by=request.membership,  # type: ignore[attr-defined]
                name=form.cleaned_data["name"],
                shape=form.cleaned_data["shape"],
                order=form.cleaned_data["order"],
            )
        except DomainError as error:
            _form_error(form, error)
        else:
            messages.success(request, _("The part is added."))
            return _to_product(request, product)
    context = _product_page(request, product, part_form=form)
    return render(request, "customizer/console/product.html", context, status=400)


@brand_view("admin")
def part_edit(request: HttpRequest, part_id: int) -> HttpResponse:
    part = selectors.part_for_console(request.brand, part_id)  # type: ignore[attr-defined]
    initial = {"name": texts_of(part, "name"), "order": part.order, "shape": part.shape}
    form = PartForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.part_update(
                part=part,
                by=request.membership,  # type: ignore[attr-defined]
                name=form.cleaned_data["name"],
                shape=form.cleaned_data["shape"],
                order=form.cleaned_data["order"] or 0,
            )
        except DomainError as error:
            _form_error(form, error)
        else:
            messages.success(request, _("The part is saved."))
            return _to_product(request, part.product)
    context = {"form": form, "part": part, "product": part.product}
    return render(
        request, "customizer/console/part_form.html", context, status=400 if form.errors else 200
    )


@require_POST
@brand_view("admin")
def part_delete(request: HttpRequest, part_id: int) -> HttpResponse:
    part = selectors.part_for_console(request.brand, part_id)  # type: ignore[attr-defined]
    services.part_delete(part=part, by=request.membership)  # type: ignore[attr-defined]
    messages.success(request, _("The part is deleted."))
    return _to_product(request, part.product)


def _option_kwargs(form: OptionForm) -> dict[str, Any]:
    return {k: form.cleaned_data[k] for k in ("label", "colour", "kind", "material", "price_delta")}


@require_POST
@brand_view("admin")
def option_create(request: HttpRequest, part_id: int) -> HttpResponse:
    part = selectors.part_for_console(request.brand, part_id)  # type: ignore[attr-defined]
    form = OptionForm(request.POST)
    if form.is_valid():
        try:
            services.option_create(part=part, by=request.membership, **_option_kwargs(form))  # type: ignore[attr-defined]
        except DomainError as error:
            messages.error(request, str(error.message))
        else:
            messages.success(request, _("The option is added."))
    else:
        messages.error(
            request, _("The option was not added: %(errors)s") % {"errors": _errors(form)}
        )
    return _to_product(request, part.product)


def _errors(form: forms.Form) -> str:
    return "; ".join(
        f"{form.fields[k].label if k in form.fields else ''} {' '.join(str(e) for e in v)}".strip()
        for k, v in form.errors.items()
    )


@brand_view("admin")
def option_edit(request: HttpRequest, option_id: int) -> HttpResponse:
    option = selectors.option_for_console(request.brand, option_id)  # type: ignore[attr-defined]
    initial = {k: getattr(option, k) for k in ("colour", "kind", "material", "price_delta")}
    initial["label"] = texts_of(option, "label")
    form = OptionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.option_update(option=option, by=request.membership, **_option_kwargs(form))  # type: ignore[attr-defined]
        except DomainError as error:
            _form_error(form, error)
        else:
            messages.success(request, _("The option is saved."))
            return _to_product(request, option.part.product)
    context = {"form": form, "option": option, "product": option.part.product}
    return render(
        request, "customizer/console/option_form.html", context, status=400 if form.errors else 200
    )


@require_POST
@brand_view("admin")
def option_delete(request: HttpRequest, option_id: int) -> HttpResponse:
    option = selectors.option_for_console(request.brand, option_id)  # type: ignore[attr-defined]
    services.option_delete(option=option, by=request.membership)  # type: ignore[attr-defined]
    messages.success(request, _("The option is deleted."))
    return _to_product(request, option.part.product)


@require_POST
@brand_view("admin")
def incompatibility_add(request: HttpRequest, product_id: int) -> HttpResponse:
    product = selectors.product_for_console(request.brand, product_id)  # type: ignore[attr-defined]
    options = list(Option.objects.filter(part__product=product).select_related("part"))
    form = IncompatibilityForm(request.POST, options=options)
    if not form.is_valid():
        messages.error(request, _("Choose two options of this product."))
        return _to_product(request, product)
    by_id = {o.pk: o for o in options}
    try:
        services.incompatibility_add(
            product=product,
            by=request.membership,  # type: ignore[attr-defined]
            option_a=by_id[form.cleaned_data["option_a"]],
            option_b=by_id[form.cleaned_data["option_b"]],
        )
    except DomainError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(request, _("These two options can no longer be chosen together."))
    return _to_product(request, product)


@require_POST
@brand_view("admin")
def incompatibility_delete(request: HttpRequest, incompatibility_id: int) -> HttpResponse:
    found = selectors.incompatibility_for_console(request.brand, incompatibility_id)  # type: ignore[attr-defined]
    product = found.product
    services.incompatibility_remove(incompatibility=found, by=request.membership)  # type: ignore[attr-defined]
    messages.success(request, _("The two options may be combined again."))
    return _to_product(request, product)


@require_POST
@brand_view("admin")
def blocked_words(request: HttpRequest, product_id: int) -> HttpResponse:
    product = selectors.product_for_console(request.brand, product_id)  # type: ignore[attr-defined]
    form = BlockedWordsForm(request.POST)
    if not form.is_valid():
        messages.error(
            request, _("The lists were not saved: %(errors)s") % {"errors": _errors(form)}
        )
        return _to_product(request, product)
    try:
        for language, words in form.words().items():
            services.blocked_words_set(
                product=product,
                by=request.membership,  # type: ignore[attr-defined]
                language=language,
                words=words,
            )
    except DomainError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(request, _("The blocked words are saved."))
    return _to_product(request, product)


@brand_view("moderator")
def stats(request: HttpRequest, product_id: int) -> HttpResponse:
    product = selectors.product_for_console(request.brand, product_id)  # type: ignore[attr-defined]
    ranking = selectors.option_ranking(product)
    combinations = selectors.combination_ranking(product)
    chart = {
        "parts": [
            {
                "name": group["part"].name,
                "labels": [row["option"].label for row in group["rows"]],
                "counts": [row["count"] for row in group["rows"]],
                "colours": [row["option"].colour for row in group["rows"]],
            }
            for group in ranking
        ]
    }
    context = {
        "product": product,
        "ranking": ranking,
        "combinations": combinations,
        "counts": selectors.save_counts(product),
        "chart": chart,
    }
    return render(request, "customizer/console/stats.html", context)
