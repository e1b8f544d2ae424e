"""``cocrea simulate_store`` against a live server: kiosks that go offline and lose answers,
and a count that finds every signal once."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command

from cocrea.brands.models import Membership
from cocrea.instore.models import Device, Signal, SignalDaily
from cocrea.instore.tests.factories import make_product

pytestmark = pytest.mark.django_db(transaction=True)


def test_simulated_kiosks_lose_nothing_and_double_nothing(live_server, alice: Membership) -> None:
    make_product(alice, "SHIRT-1", "Linen shirt")
    make_product(alice, "SCARF-1", "Wool scarf")
    out = io.StringIO()
    call_command(
        "simulate_store", url=live_server.url, brand=alice.brand.slug, stores=2, kiosks=2,
        rounds=6, workers=1, offline=0.3, lost=0.4, seed=3, stdout=out,
    )  # fmt: skip
    report = out.getvalue()
    assert "0 lost, 0 doubled." in report
    figures = dict(line.rsplit(None, 1) for line in report.splitlines()[:14])
    made = int(figures["signals made on the kiosks"])
    assert made > 0 and int(figures["duplicates (answers heard)"]) > 0  # retries happened
    assert Signal.objects.count() == made
    with_product = Signal.objects.exclude(product=None).count()
    assert sum(SignalDaily.objects.values_list("count", flat=True)) == with_product
    assert not Device.objects.filter(revoked_at=None).exists()  # the simulated kiosks are gone


def test_the_simulator_refuses_a_bad_url_or_brand(alice: Membership) -> None:
    with pytest.raises(CommandError):
        call_command("simulate_store", url="file:///etc/passwd", brand=alice.brand.slug)
    with pytest.raises(CommandError):
        call_command("simulate_store", url="http://127.0.0.1:9", brand="nobody")
