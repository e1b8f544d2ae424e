"""The device API: tokens, batches with one result per signal, exactly-once, clocks, bad input."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from cocrea.api.services import key_create
from cocrea.instore.models import Signal
from cocrea.instore.services import device_revoke, device_rotate
from cocrea.instore.tags import tag_hash
from cocrea.instore.tests.conftest import DeviceClient, Shop, at, heart

pytestmark = pytest.mark.django_db


def test_a_device_learns_its_store_and_the_server_time(shop: Shop) -> None:
    answer = shop.api.get()
    assert answer.status_code == 200
    body = answer.json()
    assert body["store"]["code"] == "PAR-01"
    assert body["kind"] == "kiosk"
    assert body["batch_max"] == 500
    shop.kiosk.refresh_from_db()
    assert shop.kiosk.last_seen_at is not None


def test_a_batch_keeps_each_signal_with_its_result(shop: Shop) -> None:
    answer = shop.api.post("/signals", {"signals": [
        heart("h1", shop.shirt),
        {"id": "r1", "kind": "rating", "product_id": shop.scarf.pk, "rating": 4, "at": at()},
        {"id": "c1", "kind": "comment", "sku": "SHIRT-1", "text": "Lovely fabric", "at": at()},
        {"id": "v1", "kind": "view", "product_id": shop.shirt.pk, "at": at()},
    ]})  # fmt: skip
    assert answer.status_code == 200
    body = answer.json()
    assert (body["accepted"], body["duplicates"], body["refused"]) == (4, 0, 0)
    assert [r["status"] for r in body["results"]] == ["accepted"] * 4
    assert Signal.objects.filter(store=shop.store).count() == 4
    comment = Signal.objects.get(client_id="c1")
    assert comment.product == shop.shirt and comment.text == "Lovely fabric"


def test_a_retried_batch_counts_once(shop: Shop) -> None:
    batch = {"signals": [heart(f"h{n}", shop.shirt) for n in range(3)]}
    first = shop.api.post("/signals", batch).json()
    again = shop.api.post("/signals", batch).json()
    assert first["accepted"] == 3
    assert (again["accepted"], again["duplicates"]) == (0, 3)
    assert [r["status"] for r in again["results"]] == ["duplicate"] * 3
    assert Signal.objects.filter(device=shop.kiosk).count() == 3


def test_the_same_id_twice_in_one_batch_counts_once(shop: Shop) -> None:
    body = shop.api.post("/signals", {"signals": [heart("x", shop.shirt)] * 2}).json()
    assert [r["status"] for r in body["results"]] == ["accepted", "duplicate"]
    assert Signal.objects.filter(device=shop.kiosk).count() == 1


def test_the_single_signal_endpoint_answers_201_then_200(shop: Shop) -> None:
    assert shop.api.post("/signal", heart("one", shop.shirt)).status_code == 201
    retry = shop.api.post("/signal", heart("one", shop.shirt))
    assert retry.status_code == 200 and retry.json()["status"] == "duplicate"
    refused = shop.api.post("/signal", {"id": "bad", "kind": "heart", "at": at()})
    assert refused.status_code == 422 and refused.json()["code"] == "required"
    assert Signal.objects.filter(device=shop.kiosk).count() == 1


def test_a_revoked_token_is_refused(shop: Shop, alice) -> None:  # type: ignore[no-untyped-def]
    device_revoke(actor=alice, device_id=shop.kiosk.pk)
    answer = shop.api.post("/signals", {"signals": [heart("h", shop.shirt)]})
    assert answer.status_code == 401
    assert answer.json()["code"] == "revoked_device"
    assert not Signal.objects.exists()


def test_a_rotated_token_replaces_the_old_one(shop: Shop, alice) -> None:  # type: ignore[no-untyped-def]
    _device, token = device_rotate(actor=alice, device_id=shop.kiosk.pk)
    assert shop.api.get().json()["code"] == "invalid_device_token"
    assert DeviceClient(token, Client()).get().status_code == 200


def test_unknown_tokens_and_api_keys_are_refused(shop: Shop, alice) -> None:  # type: ignore[no-untyped-def]
    _key, secret = key_create(membership=alice, kind="brand", name="crm", scope="admin")
    for token in ("cd_0000000000.nope", secret, "nonsense", shop.api.token + "x"):
        answer = DeviceClient(token, Client()).post("/signals", {"signals": []})
        assert answer.status_code == 401, token
        assert answer.json()["code"] in {"invalid_device_token", "not_authenticated"}
    anonymous = Client().post("/api/v1/device/signals", "{}", content_type="application/json")
    assert anonymous.status_code == 401


def test_another_brands_products_and_stores_are_refused_per_signal(
    shop: Shop, globex_shop: Shop
) -> None:
    answer = globex_shop.api.post("/signals", {"signals": [
        heart("mine", globex_shop.shirt),
        heart("theirs", shop.shirt),
        {"id": "sku", "kind": "heart", "sku": "SHIRT-1", "at": at(), "store_id": shop.store.pk},
        {"id": "other-sku", "kind": "heart", "sku": "NOT-A-SKU", "at": at()},
    ]}).json()  # fmt: skip
    statuses = [(r["status"], r["http"], (r["error"] or {}).get("code")) for r in answer["results"]]
    assert statuses == [
        ("accepted", 201, None),
        ("refused", 404, "unknown_product"),
        ("refused", 404, "unknown_store"),
        ("refused", 404, "unknown_product"),
    ]
    assert not Signal.objects.filter(brand=shop.store.brand).exists()
    assert Signal.objects.get().product == globex_shop.shirt


def test_a_skewed_clock_is_corrected(shop: Shop) -> None:
    now = timezone.now()
    three_hours = timedelta(hours=3)
    kiosk_clock = now + three_hours  # the kiosk's clock runs three hours ahead
    signal = heart("late", shop.shirt, at=(kiosk_clock - timedelta(minutes=10)).isoformat())
    body = shop.api.post("/signals", {"sent_at": kiosk_clock.isoformat(), "signals": [signal]})
    assert body.json()["accepted"] == 1
    assert abs(body.json()["clock_skew_s"] - three_hours.total_seconds()) < 30
    row = Signal.objects.get()
    assert abs((row.occurred_at - (now - timedelta(minutes=10))).total_seconds()) < 30
    assert row.device_time > row.received_at  # the device's own reading is kept as sent
    shop.kiosk.refresh_from_db()
    assert abs(shop.kiosk.clock_skew_s - 3 * 3600) < 30


def test_future_and_ancient_times_are_refused_the_rest_kept(shop: Shop) -> None:
    now = timezone.now()
    body = shop.api.post("/signals", {"signals": [
        heart("future", shop.shirt, at=(now + timedelta(hours=2)).isoformat()),
        heart("ancient", shop.shirt, at=(now - timedelta(days=3 * 365)).isoformat()),
        heart("year-one", shop.shirt, at="0001-01-01T00:00:00Z"),
        heart("fine", shop.shirt, at=(now - timedelta(days=2)).isoformat()),
    ]}).json()  # fmt: skip
    codes = [(r["status"], (r["error"] or {}).get("code")) for r in body["results"]]
    assert codes == [
        ("refused", "in_future"),
        ("refused", "too_old"),
        ("refused", "too_old"),
        ("accepted", None),
    ]
    assert list(Signal.objects.values_list("client_id", flat=True)) == ["fine"]


def test_a_batch_of_ten_thousand_is_refused_clearly(shop: Shop) -> None:
    small = [{"id": str(n), "kind": "heart", "product_id": shop.shirt.pk, "at": at()}
             for n in range(10_000)]  # fmt: skip
    answer = shop.api.post("/signals", {"signals": small})
    assert answer.status_code in (413, 422)
    body = answer.json()
    assert body["code"] in ("batch_too_large", "too_large")
    if body["code"] == "batch_too_large":
        assert "500" in body["detail"] and "10000" in body["detail"]
    tiny = [{"id": str(n)} for n in range(10_000)]  # under the body limit: the count decides
    answer = shop.api.post("/signals", {"signals": tiny})
    assert answer.status_code == 422 and answer.json()["code"] == "batch_too_large"
    assert not Signal.objects.exists()


def test_a_nul_byte_refuses_its_signal_only(shop: Shop) -> None:
    body = json.dumps({"signals": [
        {"id": "nul", "kind": "comment", "text": "a\u0000b", "at": at()},
        heart("ok", shop.shirt),
    ]})  # fmt: skip
    assert "\\u0000" in body
    answer = shop.api.post("/signals", body).json()
    assert [r["status"] for r in answer["results"]] == ["refused", "accepted"]
    assert answer["results"][0]["http"] == 400
    assert answer["results"][0]["error"]["code"] == "nul_byte"
    assert list(Signal.objects.values_list("client_id", flat=True)) == ["ok"]


def test_a_nul_byte_elsewhere_in_the_api_still_refuses_the_request(alice) -> None:  # type: ignore[no-untyped-def]
    _key, secret = key_create(membership=alice, kind="brand", name="crm", scope="admin")
    answer = Client().post(
        f"/api/v1/brands/{alice.brand.slug}/engagement-events",
        json.dumps({"member_id": alice.pk, "kind": "instore_signal", "reason": "a\u0000"}),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {secret}",
    )
    assert answer.status_code == 400 and answer.json()["code"] == "nul_byte"


def test_oversize_and_missing_texts_are_refused(shop: Shop) -> None:
    body = shop.api.post("/signals", {"signals": [
        {"id": "long", "kind": "comment", "text": "x" * 1001, "at": at()},
        {"id": "empty", "kind": "idea", "text": "   ", "at": at()},
        {"id": "idea", "kind": "idea", "text": "Open on Sundays \u202e", "at": at()},
    ]}).json()  # fmt: skip
    codes = [(r["status"], (r["error"] or {}).get("code")) for r in body["results"]]
    assert codes == [("refused", "too_long"), ("refused", "required"), ("accepted", None)]
    assert Signal.objects.get().text == "Open on Sundays"


def test_wrong_types_get_validation_errors_per_signal(shop: Shop) -> None:
    body = shop.api.post("/signals", {"signals": [
        "not an object",
        {"id": "stars", "kind": "rating", "product_id": shop.shirt.pk, "rating": 9, "at": at()},
        {"id": "kind", "kind": "teleport", "at": at()},
        {"id": "big", "kind": "heart", "product_id": 2**70, "at": at()},
        {"id": "when", "kind": "heart", "product_id": shop.shirt.pk, "at": "yesterday"},
        {"id": "extra", "kind": "heart", "product_id": shop.shirt.pk, "at": at(), "admin": True},
        {"id": "with space", "kind": "heart", "product_id": shop.shirt.pk, "at": at()},
    ]}).json()  # fmt: skip
    assert body["refused"] == 7
    assert all(r["http"] == 422 for r in body["results"])
    assert body["results"][1]["error"]["errors"][0]["loc"] == ["body", "rating"]
    assert not Signal.objects.exists()


def test_a_body_that_is_not_a_batch_is_refused(shop: Shop) -> None:
    assert shop.api.post("/signals", "{not json").status_code == 400
    assert shop.api.post("/signals", {"signals": "nope"}).status_code == 422
    assert shop.api.post("/signals", [1, 2]).status_code == 422
    answer = shop.api.post("/signals", {"sent_at": "soon", "signals": []})
    assert answer.status_code == 422 and answer.json()["errors"][0]["loc"] == ["body", "sent_at"]


def test_a_bracelet_id_is_kept_as_a_keyed_hash_only(shop: Shop) -> None:
    shop.api.post("/signals", {"signals": [heart("b", shop.shirt, tag="04:A2:2B:9C")]})
    row = Signal.objects.get()
    assert row.tag_hash == tag_hash(shop.store.brand_id, "04:a2:2b:9c")
    assert row.tag_hash != tag_hash(shop.store.brand_id + 1, "04:A2:2B:9C")
    stored = json.dumps(list(Signal.objects.values()), default=str)
    assert "04:A2" not in stored.upper()


def test_the_device_api_is_in_the_openapi_schema(client: Client) -> None:
    schema = client.get("/api/v1/openapi.json").json()
    assert "/api/v1/device/signals" in schema["paths"]
    operation = schema["paths"]["/api/v1/device/signals"]["post"]
    body = operation["requestBody"]["content"]["application/json"]["schema"]
    assert body["properties"]["signals"]["maxItems"] == 500
