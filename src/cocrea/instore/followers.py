"""What follows newly kept signals, called by ``ingest`` inside its transaction with the rows it
really inserted (never for a duplicate): each comment or idea becomes a voice of the insight
engine (channel "store", the store as its segment), the signals of linked bracelets and cards
go to their members' lists with their credit (``tags.list_follow``), and webhooks are told."""

from __future__ import annotations

from typing import Any

from cocrea.insights.models import Voice
from cocrea.insights.stream import schedule_voices
from cocrea.instore.models import Device, Signal
from cocrea.instore.tags import list_follow
from cocrea.instore.webhooks import INSTORE_SIGNAL
from cocrea.webhooks import payloads
from cocrea.webhooks.models import Endpoint
from cocrea.webhooks.services import emit

VOICE_SOURCE = "instore.signal"
SPOKEN = {Signal.Kind.COMMENT, Signal.Kind.IDEA}


def signals_follow(device: Device, created: list[Signal]) -> None:
    _feed_insights(device, created)
    list_follow(device.brand_id, created)
    _tell_webhooks(device, created)


def _feed_insights(device: Device, created: list[Signal]) -> None:
    """Words said in store join the online ones in the insight engine: written after commit
    and analysed as one batch (``schedule_voices``), not one analysis per comment."""
    schedule_voices(
        {
            "brand": device.brand,
            "channel": Voice.Channel.STORE,
            "source": VOICE_SOURCE,
            "external_id": signal.pk,
            "title": signal.product.name if signal.product is not None else "",
            "text": signal.text,
            "created_at": signal.occurred_at,
            "store": device.store,
        }
        for signal in created
        if signal.kind in SPOKEN and signal.text
    )


def _listening(brand_id: int) -> bool:
    """Whether an active endpoint of the brand subscribed to in-store signals (one query per
    batch rather than one per signal when none does, the common case)."""
    types = Endpoint.objects.filter(brand_id=brand_id, is_active=True).values_list(
        "event_types", flat=True
    )
    return any(INSTORE_SIGNAL in (listed or []) for listed in types)


def _tell_webhooks(device: Device, created: list[Signal]) -> None:
    if not _listening(device.brand_id):
        return
    for signal in created:
        emit(
            brand=device.brand_id,
            event_type=INSTORE_SIGNAL,
            payload=signal_payload(device, signal),
            dedupe_key=f"instore.signal:{signal.pk}",
        )


def signal_payload(device: Device, signal: Signal) -> dict[str, Any]:
    """The ``data`` of ``instore.signal`` (docs/webhooks.md). Never a bracelet or card id,
    nor its hash: only whether the signal came with one."""
    product = signal.product
    store = device.store
    return {
        "id": signal.pk,
        "client_id": signal.client_id,
        "kind": signal.kind,
        "store": {"id": store.pk, "code": store.code, "name": store.name, "region": store.region},
        "product": (
            {"id": product.pk, "sku": product.sku, "name": product.name}
            if product is not None
            else None
        ),
        "rating": signal.rating,
        "text": signal.text,
        "language": signal.language,
        "device": {"id": device.pk, "kind": device.kind},
        "with_tag": bool(signal.tag_hash),
        "occurred_at": payloads.iso(signal.occurred_at),
        "received_at": payloads.iso(signal.received_at),
    }
