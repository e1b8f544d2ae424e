"""Stores, products and devices of the test cast's brands, made through the services."""

from __future__ import annotations

from decimal import Decimal

from cocrea.brands.models import Membership
from cocrea.instore.models import Device, Product, Store
from cocrea.instore.services import (
    ProductData,
    StoreData,
    device_register,
    product_save,
    store_save,
)


def make_store(admin: Membership, code: str = "PAR-01", name: str = "Paris Rivoli") -> Store:
    data = StoreData(code=code, name_fr=name, name_en=name, city="Paris", region="Île-de-France")
    return store_save(actor=admin, brand=admin.brand, data=data)


def make_product(admin: Membership, sku: str = "SKU-1", name: str = "Linen shirt") -> Product:
    data = ProductData(
        sku=sku, name_fr=name, name_en=name, category_en="Shirts", price=Decimal("29.90")
    )
    return product_save(actor=admin, brand=admin.brand, data=data)


def make_device(admin: Membership, store: Store, kind: str = "kiosk") -> tuple[Device, str]:
    return device_register(actor=admin, store=store, kind=kind, name=f"{kind} 1")
