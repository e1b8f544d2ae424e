"""Reads of the in-store catalogue and devices, with what each page shows already annotated."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import Count, Q, QuerySet
from django.urls import reverse
from django.utils import timezone

from cocrea.brands.models import Brand
from cocrea.instore.models import Device, Product, Store

PRODUCTS_PAGE = 200
KIOSK_PRODUCTS_MAX = 2000


def stores(brand: Brand) -> QuerySet[Store]:
    return Store.objects.filter(brand=brand).annotate(
        device_count=Count("devices", filter=Q(devices__revoked_at__isnull=True))
    )


def products(brand: Brand, q: str = "") -> QuerySet[Product]:
    rows = Product.objects.filter(brand=brand).select_related("customizer_product")
    q = q.strip()
    if q:
        rows = rows.filter(
            Q(sku__icontains=q) | Q(name_fr__icontains=q) | Q(name_en__icontains=q)
            | Q(category_fr__icontains=q) | Q(category_en__icontains=q)
        )  # fmt: skip
    return rows


def kiosk_products(brand: Brand) -> QuerySet[Product]:
    """What a kiosk shows: the products on sale, then those coming soon."""
    rows = Product.objects.filter(brand=brand).exclude(status=Product.Status.DISCONTINUED)
    return rows.order_by("status", "category_fr", "name_fr", "id")


def continue_url(brand: Brand, product: Product | None = None) -> str:
    """Where a kiosk's "continue on your phone" QR code leads: the customizer's page of the
    product when it has one, else the brand's home on the site (absolute, ``SITE_URL``)."""
    if product is not None and product.customizer_product is not None:
        path = reverse("customizer:customize", args=[brand.slug, product.customizer_product.slug])
    else:
        path = reverse("brands:brand_home", args=[brand.slug])
    return f"{settings.SITE_URL}{path}"


def offline_since(now: datetime | None = None) -> datetime:
    return (now or timezone.now()) - timedelta(minutes=settings.INSTORE_OFFLINE_AFTER_MIN)


def health(device: Device, now: datetime | None = None) -> str:
    """``revoked``, ``never`` (never called), ``online`` or ``offline``."""
    if device.revoked_at is not None:
        return "revoked"
    if device.last_seen_at is None:
        return "never"
    return "online" if device.last_seen_at >= offline_since(now) else "offline"


def devices(brand: Brand) -> list[Device]:
    rows = list(Device.objects.filter(brand=brand).select_related("store"))
    now = timezone.now()
    for device in rows:
        device.health = health(device, now)  # type: ignore[attr-defined]
    return rows


def offline_devices(brand: Brand) -> QuerySet[Device]:
    """Active devices that called once and not since ``INSTORE_OFFLINE_AFTER_MIN``."""
    return Device.objects.filter(
        brand=brand, revoked_at__isnull=True, last_seen_at__lt=offline_since()
    )


def shelf_device(store: Store) -> Device | None:
    """The store's shelf QR codes (the oldest active one): the device a shelf QR's signals are
    attributed to. ``None`` when the store has none, or only revoked ones."""
    return (
        Device.objects.filter(store=store, kind=Device.Kind.SHELF_QR, revoked_at__isnull=True)
        .order_by("id")
        .first()
    )


def printable_products(brand: Brand, q: str = "") -> QuerySet[Product]:
    """The products a shelf label is printed for: on sale or coming soon."""
    return products(brand, q).exclude(status=Product.Status.DISCONTINUED)
