"""The console's in-store pages: stores, catalogue (with imports) and devices."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from openpyxl import Workbook

from cocrea.brands.models import Membership
from cocrea.ideas.tests.helpers import fake_png, png
from cocrea.instore.models import Device, Product, Store
from cocrea.instore.tests.conftest import Shop
from cocrea.programmes.attention import needs_attention

pytestmark = pytest.mark.django_db

STORE = {"code": "LYO-01", "name_fr": "Lyon Part-Dieu", "name_en": "Lyon Part-Dieu",
         "city": "Lyon", "region": "Auvergne-Rhône-Alpes", "time_zone": "Europe/Paris",
         "is_active": "on"}  # fmt: skip


def _url(name: str, brand: Membership, *args: object) -> str:
    return reverse(f"instore:{name}", args=[brand.brand.slug, *args])


def test_an_admin_adds_and_edits_a_store(as_alice: Client, alice: Membership) -> None:
    answer = as_alice.post(_url("stores", alice), STORE)
    assert answer.status_code == 302
    store = Store.objects.get(code="LYO-01")
    assert store.name_fr == "Lyon Part-Dieu"
    page = as_alice.get(_url("stores", alice))
    assert b"Lyon Part-Dieu" in page.content
    edit = as_alice.post(_url("store_edit", alice, store.pk), {**STORE, "city": "Villeurbanne"})
    assert edit.status_code == 302
    store.refresh_from_db()
    assert store.city == "Villeurbanne"


def test_a_bad_store_is_a_form_error(as_alice: Client, alice: Membership) -> None:
    answer = as_alice.post(_url("stores", alice), {**STORE, "time_zone": "Mars/Base\x01"})
    assert answer.status_code == 400
    assert b"Unknown time zone" in answer.content
    assert not Store.objects.exists()


def _csv(text: str) -> SimpleUploadedFile:
    return SimpleUploadedFile("products.csv", text.encode(), content_type="text/csv")


def test_a_product_import_reports_each_refused_line(as_alice: Client, alice: Membership) -> None:
    lines = [
        "sku;name_fr;name_en;category_fr;price;status",
        "TS-01;T-shirt lin;Linen tee;Hauts;19,90;active",
        "TS-02;;;Hauts;12;active",
        "TS-03;Pull;Jumper;Mailles;douze;active",
        "TS-04;Écharpe;Scarf;Accessoires;25;sold_out",
        "TS 05;Bonnet;Hat;Accessoires;9;active",
        "TS-06;Veste;Jacket;Vestes;89;coming",
    ]
    answer = as_alice.post(_url("products_import", alice), {"file": _csv("\n".join(lines))})
    assert answer.status_code == 200
    report = answer.context["report"]
    refused = [(line.number, line.key) for line in report.refused]
    assert refused == [(3, "TS-02"), (4, "TS-03"), (5, "TS-04"), (6, "TS 05")]
    assert (report.created_count, report.updated_count) == (2, 0)
    assert str(Product.objects.get(sku="TS-01").price) == "19.90"
    assert b"import-refused" in answer.content
    again = as_alice.post(_url("products_import", alice), {"file": _csv("\n".join(lines))})
    assert again.context["report"].updated_count == 2
    assert Product.objects.count() == 2


def test_a_store_import_reads_excel(as_alice: Client, alice: Membership) -> None:
    book = Workbook()
    sheet = book.active
    sheet.append(["code", "name_fr", "city", "region", "time_zone"])
    sheet.append(["MRS-01", "Marseille Vieux-Port", "Marseille", "PACA", "Europe/Paris"])
    sheet.append(["BAD-01", "Nowhere", "Atlantis", "", "Ocean/Atlantis"])
    buffer = io.BytesIO()
    book.save(buffer)
    upload = SimpleUploadedFile("stores.xlsx", buffer.getvalue())
    answer = as_alice.post(_url("stores_import", alice), {"file": upload})
    report = answer.context["report"]
    assert [(line.number, line.outcome) for line in report.lines] == [
        (2, "created"),
        (3, "refused"),
    ]
    assert Store.objects.get(code="MRS-01").city == "Marseille"


@pytest.mark.parametrize(
    "content",
    [b"", b"PK\x03\x04 not really a zip", b"code\n" + b"A\n" * 5001, b"code\nA\x00B\n"],
)
def test_unreadable_files_are_refused_clearly(
    as_alice: Client, alice: Membership, content: bytes
) -> None:
    upload = SimpleUploadedFile("stores.csv", content)
    answer = as_alice.post(_url("stores_import", alice), {"file": upload})
    assert answer.status_code in (200, 400)
    report = answer.context.get("report")
    assert report is None or report.error or report.refused
    assert not Store.objects.exists()


def test_a_device_token_is_shown_once(as_alice: Client, alice: Membership, shop: Shop) -> None:
    answer = as_alice.post(
        _url("devices", alice), {"store": shop.store.pk, "kind": "kiosk", "name": "Entrance"}
    )
    assert answer.status_code == 302
    page = as_alice.get(_url("devices", alice))
    token = page.context["new_token"]["token"]
    device = Device.objects.get(name="Entrance")
    assert token.startswith(device.prefix + ".") and token.encode() in page.content
    again = as_alice.get(_url("devices", alice))
    assert again.context["new_token"] is None and token.encode() not in again.content


def test_revoke_and_rotate_from_the_console(
    as_alice: Client, alice: Membership, shop: Shop
) -> None:
    as_alice.post(_url("device_rotate", alice, shop.kiosk.pk))
    page = as_alice.get(_url("devices", alice))
    assert page.context["new_token"]["token"] != shop.api.token
    assert shop.api.get().status_code == 401
    as_alice.post(_url("device_revoke", alice, shop.kiosk.pk))
    shop.kiosk.refresh_from_db()
    assert shop.kiosk.revoked_at is not None
    assert b"Revoked" in as_alice.get(_url("devices", alice)).content


def test_health_and_the_console_home_show_offline_devices(alice: Membership, shop: Shop) -> None:
    assert not [i for i in needs_attention(alice.brand) if i.kind == "devices_offline"]
    Device.objects.filter(pk=shop.kiosk.pk).update(last_seen_at=timezone.now() - timedelta(hours=2))
    items = [i for i in needs_attention(alice.brand) if i.kind == "devices_offline"]
    assert len(items) == 1 and "1 in-store device" in items[0].detail


def test_members_and_moderators_are_refused(
    as_bob: Client, as_mona: Client, bob: Membership
) -> None:
    for client in (as_bob, as_mona):
        for name in ("stores", "products", "devices"):
            assert client.get(_url(name, bob)).status_code == 403


def test_an_admin_gives_a_product_a_picture_and_a_bad_file_is_refused(
    as_alice: Client, alice: Membership, shop: Shop, settings: object, tmp_path: object
) -> None:
    settings.MEDIA_ROOT = str(tmp_path)  # type: ignore[attr-defined]
    url = _url("product_picture", alice, shop.shirt.pk)
    refused = as_alice.post(url, {"picture": fake_png()})
    assert refused.status_code == 400 and b"picture" in refused.content.lower()
    shop.shirt.refresh_from_db()
    assert not shop.shirt.picture
    assert as_alice.post(url, {"picture": png()}).status_code == 302
    shop.shirt.refresh_from_db()
    assert shop.shirt.picture.name.startswith("instore/products/")
    page = as_alice.get(_url("product_edit", alice, shop.shirt.pk))
    assert shop.shirt.picture.url.encode() in page.content
