"""Visitors try the customizer before they sign up; saving is what needs an account (issue 18).
The price reads "Prix :" in French, and on a phone the picture stays in view."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import login
from django.urls import reverse

from cocrea.customizer.models import Design
from cocrea.customizer.tests.factories import choices

pytestmark = pytest.mark.django_db
NBSP = "\u00a0"


def _url(name, product):  # type: ignore[no-untyped-def]
    return reverse(f"customizer:{name}", args=[product.brand.slug, product.slug])


def _form(product, *labels, **extra):  # type: ignore[no-untyped-def]
    data = {f"part-{p}": o for p, o in choices(product, *labels).items()}
    return {"title": "My cup", "text": "", **data, **extra}


def test_a_visitor_opens_the_customizer_and_is_offered_to_sign_up(client, product):
    response = client.get(_url("customize", product))
    html = response.content.decode()
    assert response.status_code == 200 and 'id="customizer-preview"' in html
    assert 'data-testid="try-signup"' in html and 'id="save-design"' not in html


def test_a_visitor_sees_the_picture_and_price_change_live(client, product):
    response = client.post(
        _url("preview", product), _form(product, "Steel", "Black", "Leather", text="JD")
    )
    assert response.status_code == 200 and "<svg" in response.content.decode()
    assert 'data-amount="' in response.content.decode()


def test_a_visitor_who_saves_is_sent_to_log_in_and_nothing_is_written(client, product):
    for action in ("save", "draft"):
        data = _form(product, "Steel", "Black", "Leather", action=action)
        response = client.post(_url("customize", product), data)
        assert response.status_code == 302 and reverse("account_login") in response["Location"]
    assert not Design.objects.exists()


def test_an_outsider_signed_in_elsewhere_tries_but_must_join_to_save(client, product, charlie):
    login(client, charlie)
    assert client.get(_url("customize", product)).status_code == 200
    data = _form(product, "Steel", "Black", "Leather", action="save")
    client.post(_url("customize", product), data)
    assert not Design.objects.exists()


def test_the_price_reads_with_a_french_colon(client, product, bob):
    bob.user.language = "fr"
    bob.user.save(update_fields=["language"])
    html = login(client, bob).get(_url("customize", product)).content.decode()
    assert f"Prix{NBSP}:" in html and "Prix:" not in html


def test_on_a_phone_the_picture_stays_in_view():
    """The stage is sticky on narrow screens too (the Chromium test scrolls to check it)."""
    css = (Path(__file__).parents[1] / "static" / "customizer" / "customizer.css").read_text()
    narrow = css[css.index("@media (max-width: 799px)") :]
    assert ".customizer__stage { position: sticky; top: 0;" in narrow[: narrow.index("}\n}")]
