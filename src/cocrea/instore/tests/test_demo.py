"""The demo's shops: consistent stores, devices and a month of signals, through the ingest."""

from __future__ import annotations

import random

import pytest
from django.utils import timezone

from cocrea.brands.models import Membership
from cocrea.instore.daily import daily_rebuild
from cocrea.instore.demo import STORES, seed_instore
from cocrea.instore.models import Device, Signal, SignalDaily, Store
from cocrea.instore.selectors import offline_devices

pytestmark = pytest.mark.django_db


def test_the_demo_seeds_shops_devices_and_a_month_of_signals(alice: Membership) -> None:
    kept = seed_instore(brand=alice.brand, rng=random.Random(1))
    assert kept == Signal.objects.count() > 1000
    assert Store.objects.filter(brand=alice.brand).count() == len(STORES)
    assert Device.objects.filter(brand=alice.brand).count() == 3 * len(STORES)
    assert Signal.objects.filter(kind="comment").exists()
    assert offline_devices(alice.brand).count() == 1
    oldest = Signal.objects.order_by("occurred_at").first()
    assert oldest is not None and (timezone.now() - oldest.occurred_at).days <= 28
    assert Signal.objects.filter(tag_hash__gt="").exists()
    assert not Signal.objects.filter(text__contains="DEMO-BRACELET").exists()
    total = sum(SignalDaily.objects.values_list("count", flat=True))
    assert daily_rebuild(brand=alice.brand) == total  # the counts match the signals
    assert seed_instore(brand=alice.brand, rng=random.Random(1)) == 0  # idempotent


def test_deleting_a_brand_takes_its_shops_devices_and_signals(alice: Membership) -> None:
    seed_instore(brand=alice.brand, rng=random.Random(2))
    alice.brand.delete()
    assert not Signal.objects.exists() and not Device.objects.exists()
