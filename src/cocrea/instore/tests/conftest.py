"""A store, two products and a kiosk of Café Lumière, and the same of Globex (charlie's)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from cocrea.brands.models import Membership
from cocrea.instore.models import Device, Product, Store
from cocrea.instore.tests.factories import make_device, make_product, make_store


@dataclass
class DeviceClient:
    token: str
    client: Client

    def post(self, path: str, data: Any) -> Any:
        body = data if isinstance(data, str | bytes) else json.dumps(data)
        return self.client.post(
            f"/api/v1/device{path}",
            body,
            content_type="application/json",
            HTTP_AUTHORIZATION=f"Bearer {self.token}",
        )

    def get(self, path: str = "") -> Any:
        return self.client.get(f"/api/v1/device{path}", HTTP_AUTHORIZATION=f"Bearer {self.token}")


@dataclass
class Shop:
    store: Store
    shirt: Product
    scarf: Product
    kiosk: Device
    api: DeviceClient


def _shop(admin: Membership, code: str) -> Shop:
    store = make_store(admin, code=code)
    shirt = make_product(admin, "SHIRT-1", "Linen shirt")
    scarf = make_product(admin, "SCARF-1", "Wool scarf")
    kiosk, token = make_device(admin, store)
    return Shop(store, shirt, scarf, kiosk, DeviceClient(token, Client()))


@pytest.fixture
def shop(alice: Membership) -> Shop:
    return _shop(alice, "PAR-01")


@pytest.fixture
def globex_shop(charlie: Membership) -> Shop:
    return _shop(charlie, "GLX-01")


def at(moment: datetime | None = None) -> str:
    return (moment or timezone.now()).isoformat()


def heart(ident: str, product: Product, **extra: Any) -> dict[str, Any]:
    return {"id": ident, "kind": "heart", "product_id": product.pk, "at": at(), **extra}
