"""In-store comments and ideas join the online voices of the insight engine, with their store."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from cocrea.brands.models import Membership
from cocrea.insights import services
from cocrea.insights.models import Voice
from cocrea.insights.tests.conftest import warm  # noqa: F401  (the session's loaded models)
from cocrea.instore.tests.conftest import Shop, at, heart

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("warm")]

COMMENTS = [
    "Le lin est trop fin, la chemise se froisse en une heure.",
    "La chemise en lin se froisse beaucoup trop vite, dommage.",
    "J'aimerais une taille de plus pour l'écharpe en laine.",
]


def _send(shop: Shop, capture) -> None:  # type: ignore[no-untyped-def]
    signals = [heart("h", shop.shirt)] + [
        {"id": f"c{n}", "kind": "comment", "product_id": shop.shirt.pk, "text": text, "at": at()}
        for n, text in enumerate(COMMENTS)
    ]
    with capture(execute=True):
        assert shop.api.post("/signals", {"signals": signals}).json()["accepted"] == 4


def test_an_in_store_comment_reaches_the_insight_themes(
    shop: Shop,
    alice: Membership,
    django_capture_on_commit_callbacks,  # type: ignore[no-untyped-def]
) -> None:
    _send(shop, django_capture_on_commit_callbacks)
    voices = Voice.objects.filter(channel="store")
    assert voices.count() == 3  # the heart is a product signal, not a voice
    voice = voices.get(text=COMMENTS[0])
    assert voice.store == shop.store and voice.title == "Linen shirt"
    assert voice.analysed_at is not None and voice.language == "fr"
    themes = services.themes_recompute(brand=alice.brand)
    assert themes
    assert all(v.theme_id is not None for v in Voice.objects.filter(channel="store"))


def test_a_retry_makes_no_second_voice(shop: Shop, django_capture_on_commit_callbacks) -> None:  # type: ignore[no-untyped-def]
    _send(shop, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        shop.api.post("/signals", {"signals": [
            {"id": "c0", "kind": "comment", "product_id": shop.shirt.pk, "text": COMMENTS[0],
             "at": at()}]})  # fmt: skip
    assert Voice.objects.filter(channel="store").count() == 3


def test_the_store_is_a_segment_of_the_dashboard(
    shop: Shop,
    as_alice: Client,
    alice: Membership,
    django_capture_on_commit_callbacks,  # type: ignore[no-untyped-def]
) -> None:
    _send(shop, django_capture_on_commit_callbacks)
    page = as_alice.get(reverse("insights_dashboard:home", args=[alice.brand.slug]))
    stores = [s for s in page.context["segments"] if s["key"] == "store"]
    assert stores and stores[0]["rows"][0]["name"] == "Paris Rivoli"
    param = stores[0]["rows"][0]["param"]
    assert param == f"store={shop.store.pk}"
    drill = as_alice.get(
        reverse("insights_dashboard:voices", args=[alice.brand.slug]) + "?period=all&" + param
    )
    assert drill.status_code == 200
    assert "froisse" in drill.content.decode()
