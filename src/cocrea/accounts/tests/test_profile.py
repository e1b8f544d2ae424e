from __future__ import annotations

import io

from django.conf import settings
from django.test import Client
from django.urls import reverse
from PIL import Image

from cocrea.accounts.models import User

URL = "/accounts/profile/"


def _png() -> io.BytesIO:
    buffer = io.BytesIO()
    Image.new("RGB", (32, 32), "teal").save(buffer, format="PNG")
    buffer.seek(0)
    buffer.name = "me.png"
    return buffer


def _data(**overrides: object) -> dict[str, object]:
    data: dict[str, object] = {"display_name": "Bobby", "bio": "I like tea.", "language": "fr"}
    data.update(overrides)
    return data


def test_profile_url_name():
    assert reverse("accounts:profile") == URL


def test_anonymous_visitors_are_sent_to_login(client: Client):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_profile_lists_my_brands_with_my_role(as_alice: Client, alice, other_brand):
    from cocrea.brands.tests.factories import MembershipFactory

    MembershipFactory(brand=other_brand, user=alice.user)
    content = as_alice.get(URL).content.decode()
    assert "Café Lumière" in content and "Globex" in content
    assert "Brand admin" in content or "admin" in content.lower()


def test_profile_edit_saves_and_changes_the_language_at_once(as_bob: Client, bob):
    response = as_bob.post(URL, _data(language="en", avatar=_png()))
    assert response.status_code == 302
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    user = User.objects.get(pk=bob.user.pk)
    assert (user.display_name, user.bio, user.language) == ("Bobby", "I like tea.", "en")
    assert user.avatar.name.endswith(".png")
    page = as_bob.get(URL)
    assert page["Content-Language"] == "en"


def test_a_non_image_avatar_is_refused(as_bob: Client, bob):
    fake = io.BytesIO(b"MZ\x90\x00 this is an exe")
    fake.name = "me.jpg"
    response = as_bob.post(URL, _data(avatar=fake, display_name="Changed"))
    assert response.status_code == 200
    assert "not an image" in response.content.decode()
    user = User.objects.get(pk=bob.user.pk)
    assert not user.avatar and user.display_name == "Bob"


def test_an_oversize_bio_gives_a_form_error(as_bob: Client, bob):
    response = as_bob.post(URL, _data(bio="x" * 281))
    assert response.status_code == 200
    assert 'class="errorlist"' in response.content.decode()
    assert User.objects.get(pk=bob.user.pk).bio == ""


def test_a_bio_of_exactly_280_characters_is_kept(as_bob: Client, bob):
    as_bob.post(URL, _data(bio="y" * 280))
    assert User.objects.get(pk=bob.user.pk).bio == "y" * 280


def test_nul_bytes_are_refused(as_bob: Client, bob):
    response = as_bob.post(URL, _data(bio="evil\x00bio"))
    assert response.status_code == 400
    assert User.objects.get(pk=bob.user.pk).bio == ""


def test_unknown_language_and_empty_name_give_form_errors(as_bob: Client, bob):
    response = as_bob.post(URL, _data(language="xx", display_name="   "))
    assert response.status_code == 200
    assert response.content.decode().count('class="errorlist"') == 2
