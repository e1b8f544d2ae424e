"""The device API: what a kiosk, a bracelet station or a shelf QR code calls, with its own
token (``Authorization: Bearer cd_….…``), under ``/api/v1/device``.

A device reaches its own brand and store only: its token says which, and no id in a body can
take it elsewhere (another brand's product or store is ``unknown_product``/``unknown_store``).
"""

from __future__ import annotations

import json
import time
from datetime import datetime
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status
from ninja.security import HttpBearer

from cocrea.api.common import responses
from cocrea.api.errors import error_body
from cocrea.core import ratelimit
from cocrea.core.errors import DomainError, RateLimited
from cocrea.instore import qr, selectors
from cocrea.instore.ingest import BATCH_MAX, BatchIn, BatchTooLarge, SignalIn, signals_ingest
from cocrea.instore.models import Device, Product
from cocrea.instore.services import device_authenticate

PATH = "/api/v1/device/"  # the core middlewares let its operations refuse NUL per signal


class DeviceAuth(HttpBearer):
    """A device's token: ``Authorization: Bearer cd_….…``."""

    openapi_scheme = "bearer"

    def authenticate(self, request: HttpRequest, token: str) -> Device | None:
        device = device_authenticate(token)
        try:
            ratelimit.hit("device_request", f"d{device.pk}")
        except RateLimited as error:
            window = settings.RATE_LIMITS["device_request"][1]
            error.retry_after = window - int(time.time()) % window  # type: ignore[attr-defined]
            raise
        return device


router = Router(tags=["devices"], auth=DeviceAuth())


def device_of(request: HttpRequest) -> Device:
    return request.auth  # type: ignore[attr-defined,no-any-return]


class StoreOut(Schema):
    id: int
    code: str
    name: str
    city: str
    time_zone: str


class DeviceBrandOut(Schema):
    name: str
    primary_colour: str
    accent_colour: str
    logo: str | None


class DeviceOut(Schema):
    id: int
    kind: str
    name: str
    brand: str
    brand_look: DeviceBrandOut
    store: StoreOut
    server_time: datetime
    batch_max: int


class ErrorEntry(Schema):
    detail: str
    code: str
    errors: list[dict[str, Any]]


class ResultOut(Schema):
    id: str | None
    status: str  # accepted, duplicate, refused
    http: int
    error: ErrorEntry | None


class BatchOut(Schema):
    accepted: int
    duplicates: int
    refused: int
    results: list[ResultOut]
    server_time: datetime
    clock_skew_s: int


@router.get("", response=responses(DeviceOut), summary="The calling device and its store")
def whoami(request: HttpRequest) -> dict[str, Any]:
    device = device_of(request)
    store, brand = device.store, device.brand
    return {
        "id": device.pk,
        "kind": device.kind,
        "name": device.name,
        "brand": brand.slug,
        "brand_look": {"name": brand.name, "primary_colour": brand.primary_colour,
                       "accent_colour": brand.accent_colour,
                       "logo": brand.logo.url if brand.logo else None},
        "store": {"id": store.pk, "code": store.code, "name": store.name, "city": store.city,
                  "time_zone": store.time_zone},
        "server_time": timezone.now(),
        "batch_max": BATCH_MAX,
    }  # fmt: skip


class CatalogueProductOut(Schema):
    id: int
    sku: str
    name_fr: str
    name_en: str
    category_fr: str
    category_en: str
    price: Decimal | None
    currency: str
    status: str
    picture: str | None


class CatalogueOut(Schema):
    store: StoreOut
    products: list[CatalogueProductOut]


def _both(product: Product, field: str) -> dict[str, str]:
    """A text in French and English, each falling back on the other (modeltranslation's)."""
    fr, en = getattr(product, f"{field}_fr") or "", getattr(product, f"{field}_en") or ""
    return {f"{field}_fr": fr or en, f"{field}_en": en or fr}


@router.get(
    "/catalogue",
    response=responses(CatalogueOut),
    summary="The products a kiosk shows",
    description=(
        "The brand's products on sale or coming soon (not the discontinued ones), in French and "
        f"English, at most {selectors.KIOSK_PRODUCTS_MAX}. A kiosk keeps the answer to show it "
        "offline."
    ),
)
def catalogue(request: HttpRequest) -> dict[str, Any]:
    device = device_of(request)
    store = device.store
    products = [
        {"id": p.pk, "sku": p.sku, **_both(p, "name"), **_both(p, "category"), "price": p.price,
         "currency": p.currency, "status": p.status,
         "picture": p.picture.url if p.picture else None}
        for p in selectors.kiosk_products(device.brand)[: selectors.KIOSK_PRODUCTS_MAX]
    ]  # fmt: skip
    return {
        "store": {"id": store.pk, "code": store.code, "name": store.name, "city": store.city,
                  "time_zone": store.time_zone},
        "products": products,
    }  # fmt: skip


@router.get(
    "/qr.svg",
    response={200: None, **responses(None)},
    summary='The kiosk\'s "continue on your phone" QR code',
    description=(
        "An SVG QR code a shopper scans to go on with the kiosk on her phone: with `product_id`, "
        "the product's page on the brand's site (its customizer page when it has one), else the "
        "brand's home."
    ),
    openapi_extra={
        "responses": {
            "200": {
                "description": "The QR code",
                "content": {"image/svg+xml": {"schema": {"type": "string"}}},
            }
        }
    },
)
def continue_qr(request: HttpRequest, product_id: int | None = None) -> HttpResponse:
    device = device_of(request)
    product = None
    if product_id is not None:
        rows = selectors.kiosk_products(device.brand).select_related("customizer_product")
        product = rows.filter(pk=product_id).first() if 0 < product_id < 2**63 else None
        if product is None:
            return _error(request, 404, _("There is no such product."), "unknown_product")
    image = qr.svg(selectors.continue_url(device.brand, product), scale=6)
    return HttpResponse(image, content_type="image/svg+xml")


def _batch_answer(outcome: Any) -> dict[str, Any]:
    return {
        "accepted": outcome.count("accepted"),
        "duplicates": outcome.count("duplicate"),
        "refused": outcome.count("refused"),
        "results": [result.as_dict() for result in outcome.results],
        "server_time": timezone.now(),
        "clock_skew_s": outcome.skew_s,
    }


def _raw_batch(request: HttpRequest) -> tuple[list[Any], datetime | None]:
    """The body's items, each to be checked on its own (one bad signal must not refuse the
    batch, so the body is not validated as a whole)."""
    body = _json(request)
    if not isinstance(body, dict) or not isinstance(body.get("signals"), list):
        raise DomainError(
            _('Send {"signals": [...]}, a list of signals.'), code="invalid", field="signals"
        )
    try:
        sent_at = BatchIn.model_validate({"sent_at": body.get("sent_at"), "signals": []}).sent_at
    except ValueError:
        raise DomainError(_("sent_at is not a time."), code="invalid", field="sent_at") from None
    return body["signals"], sent_at


@router.post(
    "/signals",
    response=responses(BatchOut),
    summary="Send a batch of signals (up to 500)",
    description=(
        "Each signal is checked on its own: the good ones are kept, each refused one gets an "
        "error entry with a 4xx status and code in `results` (same order as sent). A signal "
        "whose `id` was already received is a `duplicate`: counted once, whatever the retries. "
        "`sent_at` (the device's clock when sending) corrects its clock's skew."
    ),
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {"application/json": {"schema": BatchIn.model_json_schema()}},
        }
    },
)
def post_signals(request: HttpRequest) -> HttpResponse | dict[str, Any]:
    items, sent_at = _raw_batch(request)
    try:
        outcome = signals_ingest(device=device_of(request), items=items, sent_at=sent_at)
    except BatchTooLarge:
        detail = _("A batch holds at most %(max)d signals; this one has %(n)d: split it.") % {
            "max": BATCH_MAX,
            "n": len(items),
        }
        return _error(request, 422, detail, "batch_too_large")
    return _batch_answer(outcome)


def _error(request: HttpRequest, status: int, detail: str, code: str) -> HttpResponse:
    return JsonResponse(error_body(detail, code), status=status)


def _json(request: HttpRequest) -> Any:
    try:
        return json.loads(request.body or b"null")
    except (ValueError, UnicodeDecodeError):
        raise DomainError(_("The body is not valid JSON."), code="bad_request") from None


@router.post(
    "/signal",
    response={**responses(ResultOut, 201), 200: ResultOut},
    summary="Send one signal",
    description="201 when kept, 200 when it was already received (a retry); else the error.",
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {"application/json": {"schema": SignalIn.model_json_schema()}},
        }
    },
)
def post_signal(request: HttpRequest) -> Any:
    outcome = signals_ingest(device=device_of(request), items=[_json(request)])
    result = outcome.results[0]
    if result.error is not None:
        return JsonResponse(result.error, status=result.http)
    return Status(result.http, result.as_dict())
