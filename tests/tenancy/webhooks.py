"""Webhooks' rows of the tenancy table: the console (brand admins only), an endpoint's page and
its actions, a delivery's log and its redelivery (an endpoint and a delivery in each brand)."""

from __future__ import annotations

from typing import Any

from cocrea.webhooks.services import endpoint_create, endpoint_ping
from tests.tenancy import ADMIN, Spec, World

EDIT = {
    "url": "https://hacked.example.org/hooks",
    "event_types": ["idea.created"],
    "is_active": "on",
}


def _endpoint(w: World) -> dict[str, Any]:
    return {"endpoint_id": w.endpoint.pk}


def _g_endpoint(w: World) -> dict[str, Any]:
    return {"endpoint_id": w.g_endpoint.pk}


def _delivery(w: World) -> dict[str, Any]:
    return {"delivery_id": w.delivery.pk}


def _g_delivery(w: World) -> dict[str, Any]:
    return {"delivery_id": w.g_delivery.pk}


def _endpoint_spec(data: Any = None) -> Spec:
    return Spec(ADMIN, kwargs=_endpoint, foreign=[_g_endpoint], data=data or (lambda w: {}))


URLS: dict[str, Spec] = {
    "webhooks:console": Spec(ADMIN),
    "webhooks:create": Spec(ADMIN, data=lambda w: EDIT),
    "webhooks:endpoint": _endpoint_spec(),
    "webhooks:edit": _endpoint_spec(lambda w: EDIT),
    "webhooks:rotate": _endpoint_spec(),
    "webhooks:ping": _endpoint_spec(),
    "webhooks:delete": _endpoint_spec(),
    "webhooks:delivery": Spec(ADMIN, kwargs=_delivery, foreign=[_g_delivery]),
    "webhooks:redeliver": Spec(ADMIN, kwargs=_delivery, foreign=[_g_delivery]),
}


def _hook(brand: Any, admin: Any) -> tuple[Any, Any]:
    endpoint = endpoint_create(
        actor=admin, brand=brand, url="https://crm.example.org/hooks", event_types=["member.joined"]
    )
    return endpoint, endpoint_ping(actor=admin, endpoint=endpoint)


def objects(w: World) -> dict[str, Any]:
    endpoint, delivery = _hook(w.brand, w.alice)
    g_endpoint, g_delivery = _hook(w.other, w.charlie)
    return {
        "endpoint": endpoint,
        "delivery": delivery,
        "g_endpoint": g_endpoint,
        "g_delivery": g_delivery,
    }


MIRROR: dict[str, str] = {"g_endpoint": "endpoint", "g_delivery": "delivery"}
