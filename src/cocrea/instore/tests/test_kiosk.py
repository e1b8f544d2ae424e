"""The kiosk's screen: pairing a screen with a kiosk (a one-time link, a new token), the page
and its service worker, and the catalogue the kiosk reads from the device API."""

from __future__ import annotations

import json
import re

import pytest
from django.test import Client
from django.urls import reverse

from cocrea.brands.models import Membership
from cocrea.instore.models import Device, Product
from cocrea.instore.selectors import continue_url
from cocrea.instore.services import device_revoke, kiosk_pairing_start
from cocrea.instore.tests.conftest import DeviceClient, Shop, heart
from cocrea.instore.tests.factories import make_device, make_product

pytestmark = pytest.mark.django_db
TOKEN = re.compile(r'data-token="(cd_[^"]+)"')


def _pairing_link(as_alice: Client, alice: Membership, device: Device) -> str:
    url = reverse("instore:device_pair", args=[alice.brand.slug, device.pk])
    assert as_alice.post(url).status_code == 302
    page = as_alice.get(reverse("instore:devices", args=[alice.brand.slug]))
    link = page.context["pairing"]["link"]
    assert link.encode() in page.content
    again = as_alice.get(reverse("instore:devices", args=[alice.brand.slug]))
    assert again.context["pairing"] is None and link.encode() not in again.content  # shown once
    return str(link)


def _claim(link: str) -> tuple[int, str]:
    answer = Client().post(link)
    found = TOKEN.search(answer.content.decode())
    return answer.status_code, found.group(1) if found else ""


def test_a_pairing_link_hands_the_kiosk_a_new_token_once(
    as_alice: Client, alice: Membership, shop: Shop
) -> None:
    link = _pairing_link(as_alice, alice, shop.kiosk)
    confirm = Client().get(link)  # a link preview does not use the code up
    assert confirm.status_code == 200 and b'data-testid="kiosk-pair"' in confirm.content
    status, token = _claim(link)
    assert status == 200 and token
    screen = DeviceClient(token, Client())
    assert screen.get().json()["id"] == shop.kiosk.pk
    assert shop.api.get().status_code == 401  # the token before pairing stops
    again = Client().post(link)
    assert again.status_code == 404 and b"unknown, used or expired" in again.content
    assert not TOKEN.search(again.content.decode())
    assert screen.get().status_code == 200  # a second claim changed nothing


def test_a_paired_page_is_not_kept_by_any_cache(alice: Membership, shop: Shop) -> None:
    _device, code = kiosk_pairing_start(actor=alice, device_id=shop.kiosk.pk)
    answer = Client().post(reverse("kiosk:pair", args=[code]))
    assert answer["Cache-Control"] == "no-store"


def test_revoking_or_rotating_the_kiosk_stops_its_screen(
    as_alice: Client, alice: Membership, shop: Shop
) -> None:
    _status, token = _claim(_pairing_link(as_alice, alice, shop.kiosk))
    screen = DeviceClient(token, Client())
    as_alice.post(reverse("instore:device_rotate", args=[alice.brand.slug, shop.kiosk.pk]))
    assert screen.get("/catalogue").status_code == 401
    assert screen.post("/signals", {"signals": [heart("k-1", shop.shirt)]}).status_code == 401
    _status, token = _claim(_pairing_link(as_alice, alice, shop.kiosk))
    screen = DeviceClient(token, Client())
    assert screen.get("/catalogue").status_code == 200
    device_revoke(actor=alice, device_id=shop.kiosk.pk)
    answer = screen.get("/catalogue")
    assert answer.status_code == 401 and answer.json()["code"] == "revoked_device"


def test_a_link_made_before_the_kiosk_was_revoked_pairs_nothing(
    as_alice: Client, alice: Membership, shop: Shop
) -> None:
    link = _pairing_link(as_alice, alice, shop.kiosk)
    device_revoke(actor=alice, device_id=shop.kiosk.pk)
    status, token = _claim(link)
    assert status == 401 and not token
    url = reverse("instore:device_pair", args=[alice.brand.slug, shop.kiosk.pk])
    answer = as_alice.post(url, follow=True)
    assert answer.context["pairing"] is None
    assert b"A revoked device cannot be paired." in answer.content


def test_only_a_kiosk_is_paired(as_alice: Client, alice: Membership, shop: Shop) -> None:
    station, _token = make_device(alice, shop.store, kind="bracelet_station")
    url = reverse("instore:device_pair", args=[alice.brand.slug, station.pk])
    answer = as_alice.post(url, follow=True)
    assert answer.context["pairing"] is None
    assert b"Only a kiosk can be paired with a screen." in answer.content


def test_another_brands_admin_cannot_pair_our_kiosk(
    as_charlie: Client, charlie: Membership, shop: Shop
) -> None:
    url = reverse("instore:device_pair", args=[charlie.brand.slug, shop.kiosk.pk])
    assert as_charlie.post(url).status_code == 404


@pytest.mark.parametrize(
    "code", ["nope", "x" * 300, "%00abc", "a%0Db", "../../etc", "ÿÿÿÿ"], ids=str
)
def test_unknown_or_malformed_codes_are_refused_clearly(code: str) -> None:
    for method in ("get", "post"):
        answer = getattr(Client(), method)(f"/kiosk/pair/{code}/")
        assert 200 <= answer.status_code < 500 and answer.status_code != 500
    assert Client().post("/kiosk/pair/nope/").status_code == 404


def test_the_kiosk_page_carries_both_languages_and_its_worker(client: Client) -> None:
    page = client.get(reverse("kiosk:home"))
    assert page.status_code == 200 and page["Cache-Control"] == "no-cache"
    html = page.content.decode()
    assert html.count("<h1") == 1
    strings = json.loads(re.search(r'id="kiosk-strings"[^>]*>(.*?)</script>', html).group(1))
    assert strings["fr"]["welcome"] == "Trouvez vos coups de cœur"
    assert strings["en"]["welcome"] == "Find your coups de cœur"
    assert set(strings["fr"]) == set(strings["en"])
    worker = client.get(reverse("kiosk:service_worker"))
    assert worker.status_code == 200 and worker["Content-Type"].startswith("text/javascript")
    assert b'"/static/instore/kiosk.js"' in worker.content and b'HOME = "/kiosk/"' in worker.content


def test_the_catalogue_lists_the_brands_products_for_sale_or_coming(
    alice: Membership, shop: Shop, globex_shop: Shop
) -> None:
    old = make_product(alice, "OLD-1", "Old mug")
    Product.objects.filter(pk=old.pk).update(status=Product.Status.DISCONTINUED)
    answer = shop.api.get("/catalogue")
    assert answer.status_code == 200
    body = answer.json()
    assert body["store"]["id"] == shop.store.pk
    assert {p["sku"] for p in body["products"]} == {"SHIRT-1", "SCARF-1"}
    assert {p["id"] for p in body["products"]} == {shop.shirt.pk, shop.scarf.pk}  # not Globex's
    shirt = next(p for p in body["products"] if p["sku"] == "SHIRT-1")
    assert shirt["name_fr"] == "Linen shirt" and shirt["price"] == "29.90"
    me = shop.api.get().json()
    assert me["brand_look"]["primary_colour"] == alice.brand.primary_colour


def test_the_catalogue_refuses_bad_tokens_in_json() -> None:
    for token in ("", "cd_nope.nope", "x" * 5000, "cd_\x01.a"):
        answer = DeviceClient(token, Client()).get("/catalogue")
        assert answer.status_code == 401 and answer["Content-Type"].startswith("application/json")


def test_the_continue_on_your_phone_code_leads_to_the_brands_site(
    settings, alice: Membership, shop: Shop, globex_shop: Shop
) -> None:
    settings.SITE_URL = "https://cocrea.example"
    answer = shop.api.get(f"/qr.svg?product_id={shop.shirt.pk}")
    assert answer.status_code == 200 and answer["Content-Type"] == "image/svg+xml"
    assert answer.content.lstrip().startswith(b"<svg")
    assert shop.api.get("/qr.svg").status_code == 200  # the brand's home
    assert continue_url(alice.brand, shop.shirt) == f"https://cocrea.example/b/{alice.brand.slug}/"


@pytest.mark.parametrize(
    "query", ["product_id=0", "product_id=-3", f"product_id={2**70}", "product_id=abc"], ids=str
)
def test_a_bad_product_for_the_code_is_a_json_4xx(query: str, shop: Shop) -> None:
    answer = shop.api.get(f"/qr.svg?{query}")
    assert 400 <= answer.status_code < 500 and answer.json()["detail"]


def test_another_brands_product_has_no_code(shop: Shop, globex_shop: Shop) -> None:
    answer = shop.api.get(f"/qr.svg?product_id={globex_shop.shirt.pk}")
    assert answer.status_code == 404 and answer.json()["code"] == "unknown_product"
    assert DeviceClient("cd_x.y", Client()).get("/qr.svg").status_code == 401
