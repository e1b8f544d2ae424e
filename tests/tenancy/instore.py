"""In store's rows of the tenancy table: a store, a catalogue product and a kiosk in each brand
(named ``instore_*``: the customizer's world already has a ``product``). The device API's
cross-brand cases are in ``cocrea/instore/tests/test_device_api.py``."""

from __future__ import annotations

from typing import Any

from cocrea.instore.tests.factories import make_device, make_product, make_store
from tests.tenancy import Spec, World

URLS: dict[str, Spec] = {}


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
