"""Shelf QR codes: printed from the console, and the phone page they open (heart, rating,
comment, no account), through the devices' ingest, with a light limit per phone."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from cocrea.brands.models import Membership
from cocrea.instore.models import Device, Signal, SignalDaily
from cocrea.instore.services import device_revoke
from cocrea.instore.shelf_views import COOKIE
from cocrea.instore.tests.conftest import Shop
from cocrea.instore.tests.factories import make_device
from cocrea.instore.tests.test_qr import _streams

pytestmark = pytest.mark.django_db


@pytest.fixture
def shelf_qr(shop: Shop, alice: Membership) -> Device:
    device, _token = make_device(alice, shop.store, kind="shelf_qr")
    return device


def _page(shop: Shop, product_id: int | None = None, store_id: int | None = None) -> str:
    slug = shop.store.brand.slug
    return reverse(
        "instore:shelf", args=[slug, store_id or shop.store.pk, product_id or shop.shirt.pk]
    )


def _phone(shop: Shop) -> Client:
    """A phone that opened the page once (it has its cookie)."""
    phone = Client()
    assert phone.get(_page(shop)).status_code == 200
    return phone


# --- The console ----------------------------------------------------------------------------


def test_an_admin_prints_a_code_per_product_and_a_sheet(
    as_alice: Client, shop: Shop, shelf_qr: Device
) -> None:
    args = [shop.store.brand.slug, shop.store.pk]
    page = as_alice.get(reverse("instore:qr", args=args))
    assert page.status_code == 200 and page.content.count(b'data-testid="qr-row"') == 2
    svg = as_alice.get(reverse("instore:qr_svg", args=[*args, shop.shirt.pk]))
    assert svg["Content-Type"] == "image/svg+xml" and svg.content.startswith(b"<svg")
    pdf = as_alice.get(reverse("instore:qr_pdf", args=[*args, shop.shirt.pk]))
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    assert 'filename="qr-PAR-01-SHIRT-1.pdf"' in pdf["Content-Disposition"]
    sheet = as_alice.get(reverse("instore:qr_sheet", args=args))
    [content] = _streams(sheet.content)
    assert b"(Linen shirt) Tj" in content and b"(Wool scarf) Tj" in content
    assert b"(SHIRT-1) Tj" in content and b"(Paris Rivoli) Tj" in content


def test_a_store_without_shelf_codes_says_so(as_alice: Client, shop: Shop) -> None:
    page = as_alice.get(reverse("instore:qr", args=[shop.store.brand.slug, shop.store.pk]))
    assert b'data-testid="qr-no-device"' in page.content


def test_others_may_not_print_codes(
    as_bob: Client, shop: Shop, globex_shop: Shop, charlie: Membership
) -> None:
    slug = shop.store.brand.slug
    own = reverse("instore:qr_svg", args=[slug, shop.store.pk, shop.shirt.pk])
    assert Client().get(own).status_code == 302  # to the login page
    assert as_bob.get(own).status_code == 403  # a member, not an admin
    as_charlie = Client()
    as_charlie.force_login(charlie.user)
    assert as_charlie.get(own).status_code in (403, 404)
    # Alice's brand with Globex's store or product: not found.
    as_alice = Client()
    as_alice.force_login(shop.kiosk.created_by.user)  # type: ignore[union-attr]
    foreign_store = reverse("instore:qr_pdf", args=[slug, globex_shop.store.pk, shop.shirt.pk])
    foreign_product = reverse("instore:qr_svg", args=[slug, shop.store.pk, globex_shop.shirt.pk])
    assert as_alice.get(foreign_store).status_code == 404
    assert as_alice.get(foreign_product).status_code == 404
    assert (
        as_alice.get(reverse("instore:qr_sheet", args=[slug, globex_shop.store.pk])).status_code
        == 404
    )


# --- The phone page -------------------------------------------------------------------------


def test_a_shopper_hearts_rates_and_comments_without_an_account(
    shop: Shop, shelf_qr: Device
) -> None:
    phone = _phone(shop)
    page = phone.get(_page(shop))
    assert b"Linen shirt" in page.content and b"Paris Rivoli" in page.content
    assert phone.post(_page(shop), {"action": "heart"}).status_code == 302
    assert phone.post(_page(shop), {"action": "rating", "rating": "4"}).status_code == 302
    answer = phone.post(
        _page(shop), {"action": "comment", "text": "Plus de tailles ?"}, follow=True
    )
    assert b"the brand will read your comment" in answer.content
    kinds = sorted(Signal.objects.filter(device=shelf_qr).values_list("kind", flat=True))
    assert kinds == ["comment", "heart", "rating"]
    rating = Signal.objects.get(kind="rating")
    assert rating.rating == 4 and rating.store == shop.store and rating.tag_hash == ""
    day = SignalDaily.objects.get(kind="heart", product=shop.shirt)
    assert day.count == 1  # the dashboard's counts, as for a kiosk


def test_a_second_heart_from_the_same_phone_counts_once(shop: Shop, shelf_qr: Device) -> None:
    phone = _phone(shop)
    phone.post(_page(shop), {"action": "heart"})
    again = phone.post(_page(shop), {"action": "heart"}, follow=True)
    assert b"You already gave this product your heart" in again.content
    phone.post(_page(shop, shop.scarf.pk), {"action": "heart"})
    other_phone = _phone(shop)
    other_phone.post(_page(shop), {"action": "heart"})
    assert Signal.objects.filter(kind="heart", product=shop.shirt).count() == 2
    assert Signal.objects.filter(kind="heart", product=shop.scarf).count() == 1
    assert SignalDaily.objects.get(kind="heart", product=shop.shirt).count == 2


def test_a_post_without_the_phone_cookie_is_refused(shop: Shop, shelf_qr: Device) -> None:
    answer = Client().post(_page(shop), {"action": "heart"})
    assert answer.status_code == 400 and b"must accept cookies" in answer.content
    forged = Client()
    forged.cookies[COOKIE] = "0" * 32  # not signed by the server
    assert forged.post(_page(shop), {"action": "heart"}).status_code == 400
    assert not Signal.objects.exists()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"action": "rating"}, b"Choose from 1 to 5 stars"),
        ({"action": "rating", "rating": "9"}, b"Select a valid choice"),
        ({"action": "comment", "text": "   "}, b"A comment or an idea needs a text"),
        ({"action": "comment", "text": "x" * 1001}, b"at most 1000 characters"),
        ({"action": "comment", "text": "nul\x00byte"}, b"NUL character"),
        ({"action": "vote"}, b"Choose what to send"),
        ({}, b"Choose what to send"),
    ],
)
def test_bad_input_is_a_clear_error(
    shop: Shop, shelf_qr: Device, data: dict[str, str], message: bytes
) -> None:
    answer = _phone(shop).post(_page(shop), data)
    assert 400 <= answer.status_code < 500
    assert message in answer.content
    assert not Signal.objects.exists()


def test_comments_past_the_limit_per_phone_are_refused(
    shop: Shop, shelf_qr: Device, settings: object
) -> None:
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "shelf_phone": (2, 600)}  # type: ignore[attr-defined]
    phone = _phone(shop)
    for n in range(2):
        assert phone.post(_page(shop), {"action": "comment", "text": f"c{n}"}).status_code == 302
    third = phone.post(_page(shop), {"action": "comment", "text": "c3"})
    assert third.status_code == 429 and b"Too many attempts" in third.content
    assert _phone(shop).post(_page(shop), {"action": "comment", "text": "c4"}).status_code == 302
    assert Signal.objects.filter(kind="comment").count() == 3


def test_codes_of_other_brands_closed_stores_or_revoked_devices_are_not_found(
    shop: Shop, shelf_qr: Device, globex_shop: Shop, alice: Membership, charlie: Membership
) -> None:
    slug = shop.store.brand.slug
    foreign = [
        reverse("instore:shelf", args=[slug, globex_shop.store.pk, shop.shirt.pk]),
        reverse("instore:shelf", args=[slug, shop.store.pk, globex_shop.shirt.pk]),
        reverse("instore:shelf", args=["globex", globex_shop.store.pk, globex_shop.shirt.pk]),
        reverse("instore:shelf", args=[slug, shop.store.pk, 2**40]),
    ]
    for url in foreign:  # the last two: Globex has no shelf codes; no such product
        assert Client().get(url).status_code == 404
        assert Client().post(url, {"action": "heart"}).status_code == 404
    device_revoke(actor=alice, device_id=shelf_qr.pk)
    assert Client().get(_page(shop)).status_code == 404
    assert not Signal.objects.exists()
