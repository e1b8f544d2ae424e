"""The brand console's in-store pages (brand admins): stores, products (with imports) and
devices (register, token shown once, revoke, rotate, health)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods, require_POST

from cocrea.brands.permissions import brand_view
from cocrea.core.errors import DomainError
from cocrea.customizer.models import Product as CustomizerProduct
from cocrea.instore import importing, selectors, services
from cocrea.instore.forms import DeviceForm, ImportForm, PictureForm, ProductForm, StoreForm
from cocrea.instore.models import Device, Product, Store

SESSION_NEW_TOKEN = "instore_new_token"  # noqa: S105 (a session key: the token to show once)
SESSION_PAIRING = "instore_pairing"  # the kiosk pairing link to show once


def _apply_error(form: Any, error: DomainError) -> None:
    form.add_error(error.field if error.field in form.fields else None, str(error.message))


# --- Stores ---------------------------------------------------------------------------------


def _stores_page(request: HttpRequest, form: StoreForm, status: int = 200, **extra: Any) -> Any:
    context = {
        "stores": list(selectors.stores(request.brand)),  # type: ignore[attr-defined]
        "form": form,
        "import_form": ImportForm(),
        "section": "stores",
        **extra,
    }
    return render(request, "instore/stores.html", context, status=status)


def _store_data(form: StoreForm) -> services.StoreData:
    return services.StoreData(**form.cleaned_data)


@require_http_methods(["GET", "POST"])
@brand_view("admin")
def stores(request: HttpRequest) -> HttpResponse:
    if request.method == "GET":
        return _stores_page(request, StoreForm())
    form = StoreForm(request.POST)
    if not form.is_valid():
        return _stores_page(request, form, status=400)
    try:
        services.store_save(
            actor=request.membership,  # type: ignore[attr-defined]
            brand=request.brand,  # type: ignore[attr-defined]
            data=_store_data(form),
        )
    except DomainError as error:
        _apply_error(form, error)
        return _stores_page(request, form, status=400)
    messages.success(request, _("Store added."))
    return redirect("instore:stores", brand_slug=request.brand.slug)  # type: ignore[attr-defined]


def _store(request: HttpRequest, store_id: int) -> Store:
    found = Store.objects.filter(brand=request.brand, pk=store_id).first()  # type: ignore[attr-defined]
    if found is None:
        raise Http404
    return found


@require_http_methods(["GET", "POST"])
@brand_view("admin")
def store_edit(request: HttpRequest, store_id: int) -> HttpResponse:
    store = _store(request, store_id)
    fields = list(StoreForm.base_fields)
    form = StoreForm(request.POST or None, initial={f: getattr(store, f) for f in fields})
    if request.method == "POST" and form.is_valid():
        try:
            services.store_save(
                actor=request.membership,  # type: ignore[attr-defined]
                brand=request.brand,  # type: ignore[attr-defined]
                data=_store_data(form),
                store=store,
            )
        except DomainError as error:
            _apply_error(form, error)
        else:
            messages.success(request, _("Store saved."))
            return redirect("instore:stores", brand_slug=store.brand.slug)
    status = 400 if request.method == "POST" else 200
    context = {"store": store, "form": form, "section": "stores"}
    return render(request, "instore/store_edit.html", context, status=status)


@require_POST
@brand_view("admin")
def stores_import(request: HttpRequest) -> HttpResponse:
    form = ImportForm(request.POST, request.FILES)
    if not form.is_valid():
        return _stores_page(request, StoreForm(), status=400, import_form=form)
    report = importing.import_stores(
        actor=request.membership,  # type: ignore[attr-defined]
        brand=request.brand,  # type: ignore[attr-defined]
        upload=form.cleaned_data["file"],
    )
    return _stores_page(request, StoreForm(), status=400 if report.error else 200, report=report)


# --- Products -------------------------------------------------------------------------------


def _customizer_choices(request: HttpRequest) -> list[tuple[int, str]]:
    rows = CustomizerProduct.objects.filter(brand=request.brand)  # type: ignore[attr-defined]
    return [(p.pk, p.name) for p in rows.order_by("name")]


def _products_page(request: HttpRequest, form: ProductForm, status: int = 200, **extra: Any) -> Any:
    q = request.GET.get("q", "")[:100]
    rows = selectors.products(request.brand, q)  # type: ignore[attr-defined]
    context = {
        "products": list(rows[: selectors.PRODUCTS_PAGE]),
        "total": rows.count(),
        "page_size": selectors.PRODUCTS_PAGE,
        "q": q,
        "form": form,
        "import_form": ImportForm(),
        "section": "catalogue",
        **extra,
    }
    return render(request, "instore/products.html", context, status=status)


def _product_data(form: ProductForm) -> services.ProductData:
    data = dict(form.cleaned_data)
    data["customizer_product_id"] = data.pop("customizer_product")
    return services.ProductData(**data)


@require_http_methods(["GET", "POST"])
@brand_view("admin")
def products(request: HttpRequest) -> HttpResponse:
    choices = _customizer_choices(request)
    if request.method == "GET":
        return _products_page(request, ProductForm(customizer=choices))
    form = ProductForm(request.POST, customizer=choices)
    if not form.is_valid():
        return _products_page(request, form, status=400)
    try:
        services.product_save(
            actor=request.membership,  # type: ignore[attr-defined]
            brand=request.brand,  # type: ignore[attr-defined]
            data=_product_data(form),
        )
    except DomainError as error:
        _apply_error(form, error)
        return _products_page(request, form, status=400)
    messages.success(request, _("Product added."))
    return redirect("instore:products", brand_slug=request.brand.slug)  # type: ignore[attr-defined]


def _initial(product: Product) -> dict[str, Any]:
    initial = {f: getattr(product, f) for f in ProductForm.base_fields if f != "customizer_product"}
    initial["customizer_product"] = product.customizer_product_id
    return initial


@require_http_methods(["GET", "POST"])
@brand_view("admin")
def product_edit(request: HttpRequest, product_id: int) -> HttpResponse:
    product = Product.objects.filter(brand=request.brand, pk=product_id).first()  # type: ignore[attr-defined]
    if product is None:
        raise Http404
    choices = _customizer_choices(request)
    form = ProductForm(request.POST or None, initial=_initial(product), customizer=choices)
    if request.method == "POST" and form.is_valid():
        try:
            services.product_save(
                actor=request.membership,  # type: ignore[attr-defined]
                brand=request.brand,  # type: ignore[attr-defined]
                data=_product_data(form),
                product=product,
            )
        except DomainError as error:
            _apply_error(form, error)
        else:
            messages.success(request, _("Product saved."))
            return redirect("instore:products", brand_slug=product.brand.slug)
    status = 400 if request.method == "POST" else 200
    context = {
        "product": product,
        "form": form,
        "picture_form": PictureForm(),
        "section": "catalogue",
    }
    return render(request, "instore/product_edit.html", context, status=status)


@require_POST
@brand_view("admin")
def product_picture(request: HttpRequest, product_id: int) -> HttpResponse:
    product = Product.objects.filter(brand=request.brand, pk=product_id).first()  # type: ignore[attr-defined]
    if product is None:
        raise Http404
    form = PictureForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.product_picture_set(
                actor=request.membership,  # type: ignore[attr-defined]
                product=product,
                upload=form.cleaned_data["picture"],
            )
        except DomainError as error:
            _apply_error(form, error)
        else:
            messages.success(request, _("Picture saved."))
            return redirect(
                "instore:product_edit", brand_slug=product.brand.slug, product_id=product.pk
            )
    context = {
        "product": product,
        "form": ProductForm(initial=_initial(product), customizer=_customizer_choices(request)),
        "picture_form": form,
        "section": "catalogue",
    }
    return render(request, "instore/product_edit.html", context, status=400)


@require_POST
@brand_view("admin")
def products_import(request: HttpRequest) -> HttpResponse:
    choices = _customizer_choices(request)
    form = ImportForm(request.POST, request.FILES)
    if not form.is_valid():
        return _products_page(request, ProductForm(customizer=choices), 400, import_form=form)
    report = importing.import_products(
        actor=request.membership,  # type: ignore[attr-defined]
        brand=request.brand,  # type: ignore[attr-defined]
        upload=form.cleaned_data["file"],
    )
    status = 400 if report.error else 200
    return _products_page(request, ProductForm(customizer=choices), status, report=report)


# --- Devices --------------------------------------------------------------------------------


def _device_form(request: HttpRequest, data: Any = None) -> DeviceForm:
    open_stores = Store.objects.filter(brand=request.brand, is_active=True)  # type: ignore[attr-defined]
    return DeviceForm(data, stores=open_stores)


def _devices_page(request: HttpRequest, form: DeviceForm, status: int = 200) -> HttpResponse:
    kept = request.session.pop(SESSION_NEW_TOKEN, None)
    pairing = request.session.pop(SESSION_PAIRING, None)
    context = {
        "devices": selectors.devices(request.brand),  # type: ignore[attr-defined]
        "form": form,
        "new_token": kept if isinstance(kept, dict) else None,
        "pairing": pairing if isinstance(pairing, dict) else None,
        "pairing_minutes": int(services.PAIRING_TTL.total_seconds() // 60),
        "section": "devices",
    }
    return render(request, "instore/devices.html", context, status=status)


def _show_token_once(request: HttpRequest, device: Device, token: str) -> None:
    request.session[SESSION_NEW_TOKEN] = {"device": device.pk, "name": device.name, "token": token}


@require_http_methods(["GET", "POST"])
@brand_view("admin")
def devices(request: HttpRequest) -> HttpResponse:
    if request.method == "GET":
        return _devices_page(request, _device_form(request))
    form = _device_form(request, request.POST)
    if not form.is_valid():
        return _devices_page(request, form, status=400)
    try:
        device, token = services.device_register(
            actor=request.membership,  # type: ignore[attr-defined]
            store=form.cleaned_data["store"],
            kind=form.cleaned_data["kind"],
            name=form.cleaned_data["name"],
        )
    except DomainError as error:
        _apply_error(form, error)
        return _devices_page(request, form, status=400)
    _show_token_once(request, device, token)
    messages.success(request, _("Device registered. Copy its token now: it is shown only once."))
    return redirect("instore:devices", brand_slug=device.brand.slug)


def _device_action(request: HttpRequest, device_id: int, action: Any) -> Any:
    try:
        return action(actor=request.membership, device_id=device_id)  # type: ignore[attr-defined]
    except DomainError as error:
        if error.status == 404:
            raise Http404 from error
        messages.error(request, str(error.message))
        return None


@require_POST
@brand_view("admin")
def device_revoke(request: HttpRequest, device_id: int) -> HttpResponse:
    if _device_action(request, device_id, services.device_revoke) is not None:
        messages.success(request, _("Device revoked: its token no longer works."))
    return redirect("instore:devices", brand_slug=request.brand.slug)  # type: ignore[attr-defined]


@require_POST
@brand_view("admin")
def device_rotate(request: HttpRequest, device_id: int) -> HttpResponse:
    rotated = _device_action(request, device_id, services.device_rotate)
    if rotated is not None:
        device, token = rotated
        _show_token_once(request, device, token)
        messages.success(request, _("New token made; the previous one no longer works."))
    return redirect("instore:devices", brand_slug=request.brand.slug)  # type: ignore[attr-defined]


@require_POST
@brand_view("admin")
def device_pair(request: HttpRequest, device_id: int) -> HttpResponse:
    """A one-time link to open on the kiosk's screen (shown once on the devices page)."""
    started = _device_action(request, device_id, services.kiosk_pairing_start)
    if started is not None:
        device, code = started
        link = request.build_absolute_uri(reverse("kiosk:pair", args=[code]))
        request.session[SESSION_PAIRING] = {"device": device.pk, "name": device.name, "link": link}
    return redirect("instore:devices", brand_slug=request.brand.slug)  # type: ignore[attr-defined]
