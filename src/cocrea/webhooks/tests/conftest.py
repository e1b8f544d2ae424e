"""A real HTTP receiver on 127.0.0.1 (a thread with http.server, never a mock) and an endpoint
of alice's brand that points at it."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

from cocrea.brands.models import Brand, Membership
from cocrea.webhooks import registry
from cocrea.webhooks.models import Endpoint
from cocrea.webhooks.receiver import Receiver
from cocrea.webhooks.services import endpoint_create


def port_range() -> range:
    """The helper's slot (CONTRACTS.md); CI may give another with WEBHOOK_TEST_PORTS=lo-hi."""
    low, _sep, high = os.environ.get("WEBHOOK_TEST_PORTS", "18200-18299").partition("-")
    return range(int(low), int(high) + 1)


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    with Receiver(ports=port_range()) as server:
        server.hang_s = 5.0
        yield server


@pytest.fixture
def endpoint(brand: Brand, alice: Membership, receiver: Receiver, settings) -> Endpoint:  # type: ignore[no-untyped-def]
    settings.WEBHOOK_TIMEOUT_S = 2
    hook = endpoint_create(
        actor=alice,
        brand=brand,
        url=receiver.url,
        event_types=[key for key, _label in registry.choices()],
        description="CRM",
    )
    receiver.secrets = [hook.secret]
    return hook
