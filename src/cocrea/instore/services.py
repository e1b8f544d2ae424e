"""Writes of the in-store catalogue and devices: stores, products, devices and their secrets.

Only the brand team (admins) manages them (``permissions.can_manage``). A device's secret is
returned once by ``device_register`` and ``device_rotate``; only its hash is kept.
``device_authenticate`` turns an ``Authorization: Bearer cd_….…`` value into the device, or
raises ``Unauthorized`` saying why (unknown, revoked).
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import zoneinfo
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cocrea.brands.models import Brand, Membership
from cocrea.core.errors import DomainError, NotFound, PermissionDenied
from cocrea.core.files import files_removed_on_error
from cocrea.core.images import clean_image
from cocrea.customizer.models import Product as CustomizerProduct
from cocrea.instore.models import Device, Product, Store
from cocrea.instore.permissions import can_manage

TOKEN_PREFIX = "cd"  # noqa: S105 (the public start of a device token, not a secret)
TOUCH_EVERY = timedelta(seconds=30)  # last_seen_at is written at most twice a minute
PAIRING_TTL = timedelta(minutes=15)  # a kiosk pairing link works once, within this time
NAME_MAX = 80


class Unauthorized(DomainError):
    status = 401


def _require_admin(actor: Membership, brand: Brand) -> None:
    if actor.brand_id != brand.pk or not can_manage(actor):
        raise PermissionDenied(_("Only brand admins may manage stores and devices."))


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def _text(value: str, field: str, limit: int, *, required: bool = False) -> str:
    value = " ".join(value.split())
    if required and not value:
        raise DomainError(_("This field is required."), code="required", field=field)
    if len(value) > limit:
        raise DomainError(
            _("At most %(max)d characters.") % {"max": limit}, code="too_long", field=field
        )
    return value


# --- Stores ---------------------------------------------------------------------------------


@dataclass
class StoreData:
    code: str
    name_fr: str
    name_en: str = ""
    city: str = ""
    region: str = ""
    time_zone: str = "Europe/Paris"
    opening_hours_fr: str = ""
    opening_hours_en: str = ""
    is_active: bool = True


def _clean_store(data: StoreData) -> dict[str, Any]:
    if data.time_zone not in zoneinfo.available_timezones():
        raise DomainError(
            _("Unknown time zone (for example Europe/Paris)."), code="invalid", field="time_zone"
        )
    name_fr = _text(data.name_fr, "name_fr", 120)
    name_en = _text(data.name_en, "name_en", 120)
    if not (name_fr or name_en):
        raise DomainError(_("Give the store a name."), code="required", field="name_fr")
    return {
        "code": _code(data.code),
        "name_fr": name_fr,
        "name_en": name_en,
        "city": _text(data.city, "city", 80),
        "region": _text(data.region, "region", 80),
        "time_zone": data.time_zone,
        "opening_hours_fr": _text(data.opening_hours_fr, "opening_hours_fr", 200),
        "opening_hours_en": _text(data.opening_hours_en, "opening_hours_en", 200),
        "is_active": bool(data.is_active),
    }


def _code(value: str, field: str = "code", limit: int = 32) -> str:
    value = _text(value, field, limit, required=True)
    if any(char.isspace() for char in value):
        raise DomainError(_("No spaces in a code."), code="invalid", field=field)
    return value


@transaction.atomic
def store_save(
    *, actor: Membership, brand: Brand, data: StoreData, store: Store | None = None
) -> Store:
    """Create a store, or update ``store``, from ``data``; the code is unique in the brand."""
    _require_admin(actor, brand)
    fields = _clean_store(data)
    clash = Store.objects.filter(brand=brand, code=fields["code"])
    if store is not None:
        clash = clash.exclude(pk=store.pk)
    if clash.exists():
        raise DomainError(_("Another store has this code."), code="duplicate", field="code")
    if store is None:
        return Store.objects.create(brand=brand, **fields)
    if store.brand_id != brand.pk:
        raise NotFound(_("There is no such store."))
    for name, value in fields.items():
        setattr(store, name, value)
    store.save(update_fields=list(fields))
    return store


# --- Products -------------------------------------------------------------------------------


@dataclass
class ProductData:
    sku: str
    name_fr: str
    name_en: str = ""
    category_fr: str = ""
    category_en: str = ""
    price: Decimal | None = None
    currency: str = "EUR"
    status: str = Product.Status.ACTIVE
    customizer_product_id: int | None = None


def _clean_product(brand: Brand, data: ProductData) -> dict[str, Any]:
    name_fr = _text(data.name_fr, "name_fr", 160)
    name_en = _text(data.name_en, "name_en", 160)
    if not (name_fr or name_en):
        raise DomainError(_("Give the product a name."), code="required", field="name_fr")
    if data.status not in Product.Status.values:
        raise DomainError(_("Unknown status."), code="invalid", field="status")
    if data.price is not None and (data.price < 0 or data.price >= Decimal("10000000")):
        raise DomainError(_("Give a price from 0 to 9,999,999."), code="invalid", field="price")
    currency = data.currency.strip().upper() or "EUR"
    if len(currency) != 3 or not currency.isalpha():
        raise DomainError(_("A currency is three letters (EUR)."), code="invalid", field="currency")
    linked = data.customizer_product_id
    if linked is not None and not CustomizerProduct.objects.filter(pk=linked, brand=brand).exists():
        raise DomainError(_("There is no such customizer product."), field="customizer_product")
    return {
        "sku": _code(data.sku, "sku", 64),
        "name_fr": name_fr,
        "name_en": name_en,
        "category_fr": _text(data.category_fr, "category_fr", 80),
        "category_en": _text(data.category_en, "category_en", 80),
        "price": data.price,
        "currency": currency,
        "status": data.status,
        "customizer_product_id": linked,
    }


@transaction.atomic
def product_save(
    *, actor: Membership, brand: Brand, data: ProductData, product: Product | None = None
) -> Product:
    """Create a product, or update ``product``; the reference (SKU) is unique in the brand."""
    _require_admin(actor, brand)
    fields = _clean_product(brand, data)
    clash = Product.objects.filter(brand=brand, sku=fields["sku"])
    if product is not None:
        clash = clash.exclude(pk=product.pk)
    if clash.exists():
        raise DomainError(_("Another product has this reference."), code="duplicate", field="sku")
    if product is None:
        return Product.objects.create(brand=brand, **fields)
    if product.brand_id != brand.pk:
        raise NotFound(_("There is no such product."))
    for name, value in fields.items():
        setattr(product, name, value)
    product.save(update_fields=[*fields, "updated_at"])
    return product


@files_removed_on_error
@transaction.atomic
def product_picture_set(*, actor: Membership, product: Product, upload: UploadedFile) -> Product:
    """Give ``product`` a picture (checked and re-encoded by ``core.images.clean_image``); the
    previous file is deleted once the new one is committed."""
    _require_admin(actor, product.brand)
    try:
        content = clean_image(upload)
    except ValidationError as error:
        raise DomainError(error.messages[0], code="invalid", field="picture") from None
    previous = product.picture.name
    product.picture.save(content.name or "picture", content, save=False)
    product.save(update_fields=["picture", "updated_at"])
    if previous:
        storage = product.picture.storage
        transaction.on_commit(lambda: storage.delete(previous))
    return product


# --- Devices --------------------------------------------------------------------------------


def _new_secret() -> tuple[str, str]:
    return f"{TOKEN_PREFIX}_{secrets.token_hex(5)}", secrets.token_urlsafe(32)


@transaction.atomic
def device_register(*, actor: Membership, store: Store, kind: str, name: str) -> tuple[Device, str]:
    """A new device of ``store`` and its token (``cd_….…``), to be shown once."""
    _require_admin(actor, store.brand)
    if kind not in Device.Kind.values:
        raise DomainError(_("Choose a kind of device."), code="invalid", field="kind")
    if not store.is_active:
        raise DomainError(_("This store is closed."), code="invalid", field="store")
    prefix, secret = _new_secret()
    device = Device.objects.create(
        brand_id=store.brand_id,
        store=store,
        kind=kind,
        name=_text(name, "name", NAME_MAX, required=True),
        prefix=prefix,
        secret_hash=_hash(secret),
        created_by=actor,
    )
    return device, f"{prefix}.{secret}"


def _locked(actor: Membership, device_id: int) -> Device:
    device = (
        Device.objects.select_for_update()
        .select_related("brand")
        .filter(brand_id=actor.brand_id, pk=device_id)
        .first()
    )
    if device is None:
        raise NotFound(_("There is no such device."))
    _require_admin(actor, device.brand)
    return device


@transaction.atomic
def device_revoke(*, actor: Membership, device_id: int) -> Device:
    """The device's token stops working at once; its signals stay."""
    device = _locked(actor, device_id)
    if device.revoked_at is None:
        device.revoked_at = timezone.now()
        device.save(update_fields=["revoked_at"])
    return device


@transaction.atomic
def device_rotate(*, actor: Membership, device_id: int) -> tuple[Device, str]:
    """A new token for the device (to be shown once); the old one stops working at once."""
    device = _locked(actor, device_id)
    if device.revoked_at is not None:
        raise DomainError(_("A revoked device cannot get a new token."), code="revoked_device")
    return device, _rotate(device)


def _rotate(device: Device) -> str:
    prefix, secret = _new_secret()
    device.prefix, device.secret_hash, device.rotated_at = prefix, _hash(secret), timezone.now()
    device.save(update_fields=["prefix", "secret_hash", "rotated_at"])
    return f"{prefix}.{secret}"


# --- Kiosk screens --------------------------------------------------------------------------
# A kiosk's browser gets its token once, through a pairing link the admin opens on it: the
# link's code is random (96 bits), kept hashed in the cache for PAIRING_TTL and works once.
# Claiming it gives the device a new token (only its hash is stored, so the server cannot
# hand out the current one): an earlier screen or copy of the token stops at once.


def _pairing_key(code: str) -> str:
    return f"instore:pairing:{_hash(code)}"


def kiosk_pairing_start(*, actor: Membership, device_id: int) -> tuple[Device, str]:
    """The kiosk and a one-time code (``/kiosk/pair/<code>/``) that pairs a screen with it."""
    rows = Device.objects.select_related("brand").filter(brand_id=actor.brand_id, pk=device_id)
    found = rows.first()
    if found is None:
        raise NotFound(_("There is no such device."))
    _require_admin(actor, found.brand)
    if found.kind != Device.Kind.KIOSK:
        raise DomainError(_("Only a kiosk can be paired with a screen."), code="not_a_kiosk")
    if found.revoked_at is not None:
        raise DomainError(_("A revoked device cannot be paired."), code="revoked_device")
    code = secrets.token_urlsafe(12)
    cache.set(_pairing_key(code), found.pk, timeout=int(PAIRING_TTL.total_seconds()))
    return found, code


def kiosk_pairing_claim(code: str) -> tuple[Device, str]:
    """The kiosk of a pairing code and its new token; the code works once. ``NotFound`` when
    the code is unknown, used or expired; ``Unauthorized`` when the kiosk was revoked since."""
    key = _pairing_key(code[:64])
    device_id = cache.get(key)
    # delete() says whether this call removed the key: of two claims, one wins.
    if not isinstance(device_id, int) or not cache.delete(key):
        raise NotFound(_("This pairing link is unknown, used or expired."), code="unknown_pairing")
    with transaction.atomic():
        rows = Device.objects.select_for_update(of=("self",)).select_related("store", "brand")
        found = rows.filter(pk=device_id, kind=Device.Kind.KIOSK).first()
        if found is None or found.revoked_at is not None or found.brand.is_suspended:
            raise Unauthorized(_("This device was revoked."), code="revoked_device")
        return found, _rotate(found)


def device_authenticate(token: str, now: datetime | None = None) -> Device:
    """The active device of this bearer token, with its store and brand, or ``Unauthorized``."""
    now = now or timezone.now()
    prefix, _dot, secret = token.strip().partition(".")
    device = (
        Device.objects.select_related("store", "brand").filter(prefix=prefix[:16]).first()
        if secret and prefix.startswith(f"{TOKEN_PREFIX}_")
        else None
    )
    if device is None or not hmac.compare_digest(device.secret_hash, _hash(secret)):
        raise Unauthorized(_("This device token is not valid."), code="invalid_device_token")
    if device.revoked_at is not None:
        raise Unauthorized(_("This device was revoked."), code="revoked_device")
    if device.brand.is_suspended:
        raise Unauthorized(_("This brand is suspended."), code="brand_suspended")
    _touch(device, now)
    return device


def _touch(device: Device, now: datetime) -> None:
    if device.last_seen_at is not None and now - device.last_seen_at < TOUCH_EVERY:
        return
    Device.objects.filter(pk=device.pk).update(last_seen_at=now)
    device.last_seen_at = now
