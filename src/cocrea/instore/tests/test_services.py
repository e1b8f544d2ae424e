"""Stores, products and devices: who may manage them, what is refused, secrets shown once."""

from __future__ import annotations

from decimal import Decimal

import pytest

from cocrea.brands.models import Membership
from cocrea.core.errors import DomainError, NotFound, PermissionDenied
from cocrea.customizer.models import Product as CustomizerProduct
from cocrea.instore.models import Device
from cocrea.instore.services import (
    ProductData,
    StoreData,
    device_authenticate,
    device_register,
    device_revoke,
    device_rotate,
    product_save,
    store_save,
)
from cocrea.instore.tests.factories import make_device, make_product, make_store

pytestmark = pytest.mark.django_db


def test_only_admins_manage_stores(bob: Membership, mona: Membership) -> None:
    for member in (bob, mona):
        with pytest.raises(PermissionDenied):
            store_save(actor=member, brand=member.brand, data=StoreData(code="X", name_fr="X"))


def test_an_admin_cannot_write_into_another_brand(alice: Membership, charlie: Membership) -> None:
    with pytest.raises(PermissionDenied):
        store_save(actor=charlie, brand=alice.brand, data=StoreData(code="X", name_fr="X"))
    store = make_store(alice)
    with pytest.raises(PermissionDenied):
        device_register(actor=charlie, store=store, kind="kiosk", name="Hack")
    device, _token = make_device(alice, store)
    with pytest.raises(NotFound):
        device_revoke(actor=charlie, device_id=device.pk)
    with pytest.raises(NotFound):
        device_rotate(actor=charlie, device_id=device.pk)


def test_store_codes_are_unique_in_a_brand_not_across(
    alice: Membership, charlie: Membership
) -> None:
    make_store(alice, code="PAR-01")
    make_store(charlie, code="PAR-01")
    with pytest.raises(DomainError) as error:
        make_store(alice, code="PAR-01")
    assert error.value.field == "code"


@pytest.mark.parametrize(
    ("data", "field"),
    [
        (StoreData(code="A B", name_fr="x"), "code"),
        (StoreData(code="A", name_fr=""), "name_fr"),
        (StoreData(code="A", name_fr="x", time_zone="Mars/Olympus"), "time_zone"),
        (StoreData(code="A", name_fr="x" * 121), "name_fr"),
    ],
)
def test_bad_stores_are_refused(alice: Membership, data: StoreData, field: str) -> None:
    with pytest.raises(DomainError) as error:
        store_save(actor=alice, brand=alice.brand, data=data)
    assert error.value.field == field


def test_a_product_links_to_its_brands_customizer_product_only(
    alice: Membership, charlie: Membership
) -> None:
    own = CustomizerProduct.objects.create(brand=alice.brand, name="Mug", slug="mug")
    theirs = CustomizerProduct.objects.create(brand=charlie.brand, name="Cup", slug="cup")
    data = ProductData(sku="MUG", name_fr="Tasse", customizer_product_id=theirs.pk)
    with pytest.raises(DomainError) as error:
        product_save(actor=alice, brand=alice.brand, data=data)
    assert error.value.field == "customizer_product"
    data.customizer_product_id = own.pk
    assert product_save(actor=alice, brand=alice.brand, data=data).customizer_product == own


def test_a_product_is_updated_in_place(alice: Membership) -> None:
    product = make_product(alice)
    data = ProductData(sku="SKU-1", name_fr="Chemise", name_en="Shirt", price=Decimal("19"))
    saved = product_save(actor=alice, brand=alice.brand, data=data, product=product)
    saved.refresh_from_db()
    assert (saved.name_fr, saved.name_en, saved.price) == ("Chemise", "Shirt", Decimal("19.00"))
    with pytest.raises(DomainError):
        product_save(
            actor=alice,
            brand=alice.brand,
            data=ProductData(sku="S", name_fr="x", price=Decimal(-1)),
        )


def test_a_device_secret_is_stored_hashed_and_works_once_given(alice: Membership) -> None:
    device, token = make_device(alice, make_store(alice))
    assert token.startswith(f"{device.prefix}.")
    secret = token.partition(".")[2]
    assert secret not in device.secret_hash
    assert device_authenticate(token) == device
    assert Device.objects.get(pk=device.pk).last_seen_at is not None


def test_a_closed_store_gets_no_new_device(alice: Membership) -> None:
    store = make_store(alice)
    store_save(
        actor=alice,
        brand=alice.brand,
        store=store,
        data=StoreData(code="PAR-01", name_fr="Paris", is_active=False),
    )
    with pytest.raises(DomainError):
        device_register(actor=alice, store=store, kind="kiosk", name="Kiosk")


def test_a_revoked_device_cannot_be_rotated(alice: Membership) -> None:
    device, _token = make_device(alice, make_store(alice))
    device_revoke(actor=alice, device_id=device.pk)
    with pytest.raises(DomainError):
        device_rotate(actor=alice, device_id=device.pk)
