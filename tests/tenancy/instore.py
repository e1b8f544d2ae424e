"""In store's rows of the tenancy table: the console's stores, catalogue and devices (brand
admins only, with the printable shelf QR codes), the in-store dashboard (the team) and the
page a shelf QR code opens (anyone), with a store, a catalogue product and a
kiosk in each brand (named ``instore_*``: the customizer's world already has a ``product``).
The device API's cross-brand cases are in ``cocrea/instore/tests/test_device_api.py``."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from cocrea.brands.models import Membership
from cocrea.instore.ingest import signals_ingest
from cocrea.instore.models import Device, ListItem, Product
from cocrea.instore.tags import tag_link
from cocrea.instore.tests.factories import make_device, make_product, make_store
from tests.tenancy import ADMIN, MEMBER, MODERATOR, PUBLIC, Spec, World

STORE = {"code": "HACK", "name_fr": "Hacked", "time_zone": "Europe/Paris"}
PRODUCT = {"sku": "HACK", "name_fr": "Hacked", "currency": "EUR", "status": "active"}


def _store(w: World) -> dict[str, Any]:
    return {"store_id": w.instore_store.pk}


def _product(w: World) -> dict[str, Any]:
    return {"product_id": w.instore_product.pk}


def _store_product(w: World) -> dict[str, Any]:
    return {"store_id": w.instore_store.pk, "product_id": w.instore_product.pk}


_FOREIGN_STORE_PRODUCT = [
    lambda w: {"store_id": w.g_instore_store.pk, "product_id": w.instore_product.pk},
    lambda w: {"store_id": w.instore_store.pk, "product_id": w.g_instore_product.pk},
]


def _device(w: World) -> dict[str, Any]:
    return {"device_id": w.instore_device.pk}


URLS: dict[str, Spec] = {
    "instore:dashboard": Spec(MODERATOR),
    "instore:dashboard_export": Spec(MODERATOR),
    "instore:signals": Spec(MODERATOR),
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
    "instore:product_picture": Spec(
        ADMIN, kwargs=_product, foreign=[lambda w: {"product_id": w.g_instore_product.pk}]
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
    "instore:qr": Spec(
        ADMIN, kwargs=_store, foreign=[lambda w: {"store_id": w.g_instore_store.pk}]
    ),
    "instore:qr_sheet": Spec(
        ADMIN, kwargs=_store, foreign=[lambda w: {"store_id": w.g_instore_store.pk}]
    ),
    "instore:qr_svg": Spec(ADMIN, kwargs=_store_product, foreign=_FOREIGN_STORE_PRODUCT),
    "instore:qr_pdf": Spec(ADMIN, kwargs=_store_product, foreign=_FOREIGN_STORE_PRODUCT),
    # The page a shelf QR code opens: anyone who may see the brand; another brand's store or
    # product is not found.
    "instore:shelf": Spec(PUBLIC, kwargs=_store_product, foreign=_FOREIGN_STORE_PRODUCT),
    # A member's list, her bracelets and cards, and the idea made of an item: hers alone.
    "instore:my_list": Spec(
        MEMBER, data=lambda w: {"kind": "card", "tag": "HACK-0001", "consent": "on"}
    ),
    "instore:unlink": Spec(
        MEMBER,
        kwargs=lambda w: {"link_id": w.instore_link.pk},
        foreign=[lambda w: {"link_id": w.g_instore_link.pk}],
    ),
    "instore:item_idea": Spec(
        MEMBER,
        kwargs=lambda w: {"item_id": w.instore_item.pk},
        foreign=[lambda w: {"item_id": w.g_instore_item.pk}],
        data=lambda w: {"campaign": w.campaign.pk, "title": "Hacked", "body": "Hacked"},
    ),
    "instore:device_rotate": Spec(
        ADMIN, kwargs=_device, foreign=[lambda w: {"device_id": w.g_instore_device.pk}]
    ),
}


def _list_item(member: Membership, device: Device, product: Product) -> ListItem:
    """A coup de cœur of ``member``'s bracelet, in her list (through the ingest)."""
    tag_link(member=member, tag="TENANCY-0001", kind="bracelet", consent=True)
    heart = {"id": "t1", "kind": "heart", "product_id": product.pk, "tag": "TENANCY-0001",
             "at": timezone.now().isoformat()}  # fmt: skip
    signals_ingest(device=device, items=[heart])
    return ListItem.objects.get(member=member)


def objects(w: World) -> dict[str, Any]:
    store = make_store(w.alice, code="CL-01")
    g_store = make_store(w.charlie, code="GX-01")
    product, g_product = make_product(w.alice, "CL-SKU"), make_product(w.charlie, "GX-SKU")
    device, g_device = make_device(w.alice, store)[0], make_device(w.charlie, g_store)[0]
    item, g_item = _list_item(w.bob, device, product), _list_item(w.g_member, g_device, g_product)
    return {
        "instore_store": store,
        "g_instore_store": g_store,
        "instore_product": product,
        "g_instore_product": g_product,
        "instore_device": device,
        "g_instore_device": g_device,
        "instore_item": item,
        "g_instore_item": g_item,
        "instore_link": item.member.tag_links.get(),
        "g_instore_link": g_item.member.tag_links.get(),
        "instore_shelf": make_device(w.alice, store, kind="shelf_qr")[0],
        "g_instore_shelf": make_device(w.charlie, g_store, kind="shelf_qr")[0],
    }


MIRROR: dict[str, str] = {
    "g_instore_store": "instore_store",
    "g_instore_product": "instore_product",
    "g_instore_device": "instore_device",
    "g_instore_shelf": "instore_shelf",
    "g_instore_item": "instore_item",
    "g_instore_link": "instore_link",
}
