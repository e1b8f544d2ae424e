"""The in-store dashboard reads day counts kept beside the signals: exact, rebuildable."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from cocrea.brands.models import Membership
from cocrea.instore.daily import daily_rebuild
from cocrea.instore.models import SignalDaily
from cocrea.instore.tests.conftest import Shop, heart

pytestmark = pytest.mark.django_db


def _days_ago(n: int) -> str:
    return (timezone.now() - timedelta(days=n)).isoformat()


def _traffic(shop: Shop) -> None:
    signals = [heart(f"s{n}", shop.shirt) for n in range(3)]
    signals += [heart(f"old{n}", shop.scarf, at=_days_ago(10)) for n in range(2)]
    signals += [heart("new-scarf", shop.scarf)]
    signals += [{"id": f"r{n}", "kind": "rating", "product_id": shop.shirt.pk, "rating": n + 3,
                 "at": _days_ago(1)} for n in range(2)]  # fmt: skip
    assert shop.api.post("/signals", {"signals": signals}).json()["accepted"] == 8
    shop.api.post("/signals", {"signals": signals})  # a retry counts nothing


def test_top_products_trend_and_ratings(shop: Shop, as_alice: Client, alice: Membership) -> None:
    _traffic(shop)
    page = as_alice.get(reverse("instore:dashboard", args=[alice.brand.slug]) + "?period=7")
    assert page.status_code == 200
    top = page.context["products"]
    assert [(p["sku"], p["hearts"], p["hearts_before"]) for p in top] == [
        ("SHIRT-1", 3, 0),
        ("SCARF-1", 1, 2),
    ]
    assert top[0]["mean_rating"] == 3.5 and top[0]["ratings"] == 2
    assert [p["sku"] for p in page.context["trending"]] == ["SHIRT-1"]
    assert page.context["totals"]["heart"] == 4


def test_the_counts_are_rebuilt_from_the_signals(shop: Shop, alice: Membership) -> None:
    _traffic(shop)
    before = sorted(SignalDaily.objects.values_list("product_id", "kind", "day", "count"))
    SignalDaily.objects.update(count=999)
    assert daily_rebuild(brand=alice.brand) == 8
    assert sorted(SignalDaily.objects.values_list("product_id", "kind", "day", "count")) == before
    out = io.StringIO()
    call_command("instore_rebuild_daily", "--brand", alice.brand.slug, stdout=out)
    assert "8 signals counted" in out.getvalue()


def test_filters_by_store_and_bad_filters_fall_back(
    shop: Shop, globex_shop: Shop, as_alice: Client, alice: Membership
) -> None:
    _traffic(shop)
    _traffic(globex_shop)
    url = reverse("instore:dashboard", args=[alice.brand.slug])
    mine = as_alice.get(url, {"store": shop.store.pk}).context["totals"]["heart"]
    assert mine == 6
    theirs = as_alice.get(url, {"store": globex_shop.store.pk, "period": "9999", "region": "x"})
    assert theirs.status_code == 200 and theirs.context["totals"]["heart"] == 6  # ignored: not ours


def test_the_csv_export_lists_the_top_products(
    shop: Shop, as_alice: Client, alice: Membership
) -> None:
    _traffic(shop)
    answer = as_alice.get(reverse("instore:dashboard_export", args=[alice.brand.slug]))
    lines = answer.content.decode("utf-8-sig").splitlines()
    assert lines[0].startswith("sku,name,hearts")
    assert lines[1].startswith("SHIRT-1,Linen shirt,3,")


def test_members_are_refused(as_bob: Client, bob: Membership) -> None:
    assert as_bob.get(reverse("instore:dashboard", args=[bob.brand.slug])).status_code == 403


def test_the_drill_down_lists_a_products_signals_without_tags(
    shop: Shop, as_alice: Client, alice: Membership, django_assert_max_num_queries: object
) -> None:
    _traffic(shop)
    shop.api.post("/signals", {"signals": [heart("tagged", shop.shirt, tag="04:A2:2B:9C")]})
    url = reverse("instore:signals", args=[alice.brand.slug])
    with django_assert_max_num_queries(16):  # type: ignore[operator]  # not one per signal
        page = as_alice.get(url, {"period": "7", "product": shop.shirt.pk})
    rows = page.context["signals"]
    assert {s.client_id for s in rows} == {"s0", "s1", "s2", "r0", "r1", "tagged"}
    assert b"04:A2" not in page.content and rows[0].client_id == "tagged"
    assert b">Yes<" in page.content  # it came with a bracelet: only that is said
    ratings = as_alice.get(url, {"period": "7", "kind": "rating"}).context["signals"]
    assert {s.client_id for s in ratings} == {"r0", "r1"}
    old = as_alice.get(url, {"period": "30", "product": shop.scarf.pk}).context["signals"]
    assert len(old) == 3  # the two of ten days ago are in the 30 days


def test_the_drill_down_refuses_other_brands_products(
    shop: Shop, globex_shop: Shop, as_alice: Client, alice: Membership
) -> None:
    url = reverse("instore:signals", args=[alice.brand.slug])
    assert as_alice.get(url, {"product": globex_shop.shirt.pk}).status_code == 404
    assert as_alice.get(url, {"product": "x\x00", "kind": "nope", "period": "-1"}).status_code in (
        200,
        400,
    )
