"""``instore.signal`` reaches a real receiver once per kept signal, never for a retry."""

from __future__ import annotations

from typing import Any

import pytest

from cocrea.brands.models import Membership
from cocrea.instore.tests.conftest import Shop, heart
from cocrea.webhooks.receiver import Receiver
from cocrea.webhooks.services import endpoint_create
from cocrea.webhooks.tests.conftest import port_range

pytestmark = pytest.mark.django_db


@pytest.fixture
def receiver() -> Any:
    with Receiver(ports=port_range()) as server:
        yield server


def test_each_kept_signal_is_told_once(
    shop: Shop,
    alice: Membership,
    receiver: Receiver,
    settings,
    django_capture_on_commit_callbacks,  # type: ignore[no-untyped-def]
) -> None:
    settings.WEBHOOK_TIMEOUT_S = 2
    hook = endpoint_create(
        actor=alice, brand=alice.brand, url=receiver.url, event_types=["instore.signal"]
    )
    receiver.secrets = [hook.secret]
    batch = {"signals": [heart("a", shop.shirt, tag="CARD-1"), heart("b", shop.scarf)]}
    with django_capture_on_commit_callbacks(execute=True):
        shop.api.post("/signals", batch)
    with django_capture_on_commit_callbacks(execute=True):
        shop.api.post("/signals", batch)  # a retry: nothing new to tell
    received = receiver.wait_for(2)
    assert len(received) == 2
    bodies = [item.json() for item in received]
    assert {body["type"] for body in bodies} == {"instore.signal"}
    data = {body["data"]["client_id"]: body["data"] for body in bodies}
    assert data["a"]["product"]["sku"] == "SHIRT-1"
    assert data["a"]["store"]["code"] == "PAR-01"
    assert data["a"]["with_tag"] is True
    assert "CARD-1" not in str(bodies)
