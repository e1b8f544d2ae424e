"""In store's rows of the tenancy table: the console's stores, catalogue and devices (brand
admins only) and the in-store dashboard (the team), with a store, a catalogue product and a
kiosk in each brand (named ``instore_*``: the customizer's world already has a ``product``).
The device API's cross-brand cases are in ``cocrea/instore/tests/test_device_api.py``."""

from __future__ import annotations

from typing import Any

from cocrea.instore.tests.factories import make_device, make_product, make_store
from tests.tenancy import ADMIN, MODERATOR, Spec, World

STORE = {"code": "HACK", "name_fr": "Hacked", "time_zone": "Europe/Paris"}
PRODUCT = {"sku": "HACK", "name_fr": "Hacked", "currency": "EUR", "status": "active"}


def _store(w: World) -> dict[str, Any]:
    return {"store_id": w.instore_store.pk}


def _product(w: World) -> dict[str, Any]:
    return {"product_id": w.instore_product.pk}


def _device(w: World) -> dict[str, Any]:
    return {"device_id": w.instore_device.pk}


URLS: dict[str, Spec] = {
    "instore:dashboard": Spec(MODERATOR),
    "instore:dashboard_export": Spec(MODERATOR),
    "instore:stores": Spec(ADMIN, data=lambda w: STORE),
    "instore:stores_import": Spec(ADMIN),
    "instore:store_edit": Spec(
        ADMIN,
        kwargs=_store,
        foreign=[lambda w: {"store_id": w.g_instore_store.pk}],
        data=lambda w: STORE,
    ),
    "instore:products": Spec(ADMIN, data=lambda w: PRODUCT),
    "instore:products_import": Spec(ADMIN),
    "instore:product_edit": Spec(
        ADMIN,
        kwargs=_product,
        foreign=[lambda w: {"product_id": w.g_instore_product.pk}],
        data=lambda w: PRODUCT,
    ),
    "instore:devices": Spec(
        ADMIN,
        data=lambda w: {"store": w.instore_store.pk, "kind": "kiosk", "name": "Hack"},
        foreign_data=lambda w: {"store": w.g_instore_store.pk, "kind": "kiosk", "name": "Hack"},
    ),
    "instore:device_revoke": Spec(
        ADMIN, kwargs=_device, foreign=[lambda w: {"device_id": w.g_instore_device.pk}]
    ),
    "instore:device_pair": Spec(
        ADMIN, kwargs=_device, foreign=[lambda w: {"device_id": w.g_instore_device.pk}]
    ),
    "instore:device_rotate": Spec(
        ADMIN, kwargs=_device, foreign=[lambda w: {"device_id": w.g_instore_device.pk}]
    ),
}


def objects(w: World) -> dict[str, Any]:
    store = make_store(w.alice, code="CL-01")
    g_store = make_store(w.charlie, code="GX-01")
    return {
        "instore_store": store,
        "g_instore_store": g_store,
        "instore_product": make_product(w.alice, "CL-SKU"),
        "g_instore_product": make_product(w.charlie, "GX-SKU"),
        "instore_device": make_device(w.alice, store)[0],
        "g_instore_device": make_device(w.charlie, g_store)[0],
    }


MIRROR: dict[str, str] = {
    "g_instore_store": "instore_store",
    "g_instore_product": "instore_product",
    "g_instore_device": "instore_device",
}
