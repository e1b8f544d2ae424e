"""The customer token: the brand's shop signs its logged-in customer in (HS256 JWT)."""

from __future__ import annotations

import time
import uuid

import jwt
import pytest
from allauth.account.models import EmailAddress

from cocrea.accounts.models import User
from cocrea.brands.models import Brand, Membership
from cocrea.sso.models import BrandSignIn

SECRET = "the-cafe-shop-secret-0123456789abcdef"


@pytest.fixture
def shop(brand: Brand) -> BrandSignIn:
    return BrandSignIn.objects.create(brand=brand, customer_secret=SECRET)


def token(secret: str = SECRET, **claims: object) -> str:
    now = int(time.time())
    body = {
        "aud": "cocrea:cafe-lumiere",
        "email": "nina@shop.example",
        "name": "Nina",
        "iat": now,
        "exp": now + 300,
        "jti": str(uuid.uuid4()),
        **claims,
    }
    return jwt.encode({k: v for k, v in body.items() if v is not None}, secret, "HS256")


URL = "/b/cafe-lumiere/sso/customer/"


def test_a_new_customer_becomes_a_member_and_lands_in_the_brand(client, brand, shop):
    response = client.get(URL, {"token": token()})
    assert response.status_code == 302 and response["Location"] == "/b/cafe-lumiere/"
    user = User.objects.get(email="nina@shop.example")
    assert user.display_name == "Nina" and not user.has_usable_password()
    assert EmailAddress.objects.get(user=user).verified
    assert Membership.objects.filter(brand=brand, user=user, role="member").exists()
    assert int(client.session["_auth_user_id"]) == user.pk


def test_the_shop_can_post_the_token(client, brand, shop):
    assert client.post(URL, {"token": token()}).status_code == 302


def test_an_existing_member_is_signed_in(client, brand, shop, bob):
    client.get(URL, {"token": token(email="BOB@example.org")})
    assert int(client.session["_auth_user_id"]) == bob.user.pk


def _refused(client, value: str, code: str, status: int = 400) -> None:
    response = client.get(URL, {"token": value})
    assert response.status_code == status
    assert f'data-code="{code}"' in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_a_token_works_once(client, brand, shop):
    once = token()
    client.get(URL, {"token": once})
    client.logout()
    _refused(client, once, "used")


def test_expired_long_lived_tampered_and_foreign_tokens_are_refused(client, brand, shop):
    now = int(time.time())
    _refused(client, token(iat=now - 900, exp=now - 300), "expired")
    _refused(client, token(exp=now + 3600), "lifetime")
    _refused(client, token(secret="another-brands-secret-0123456789abcd"), "invalid")
    _refused(client, token(aud="cocrea:globex"), "invalid")
    head, _body, sig = token().split(".")
    forged = jwt.encode({"aud": "cocrea:cafe-lumiere", "email": "x@y.z"}, "k" * 32, "HS256")
    _refused(client, f"{head}.{forged.split('.')[1]}.{sig}", "invalid")
    _refused(client, jwt.encode({"email": "a@b.c"}, "", algorithm="none"), "invalid")
    _refused(client, token(jti=None), "invalid")
    _refused(client, token(email="not an address"), "email")
    _refused(client, "x" * 5000, "malformed")
    assert not User.objects.exists()


def test_nul_bytes_are_refused(client, brand, shop):
    response = client.get(URL, {"token": token() + "\x00"})
    assert response.status_code == 400
    _refused(client, token(email="nina\x00@shop.example"), "email")
    assert not User.objects.exists()


def test_a_brand_without_a_secret_refuses(client, brand):
    _refused(client, token(), "disabled")


def test_another_brands_account_is_not_taken_over(client, brand, shop, charlie):
    _refused(client, token(email="charlie@example.org"), "account_elsewhere", status=403)
    # Nothing was spent: once she is signed in herself, the same token works.
    client.force_login(charlie.user)
    assert client.get(URL, {"token": token(email="charlie@example.org")}).status_code == 302
    assert Membership.objects.filter(brand=brand, user=charlie.user).exists()


def test_a_suspended_brand_refuses(client, brand, shop):
    from django.utils import timezone

    brand.suspended_at = timezone.now()
    brand.save(update_fields=["suspended_at"])
    _refused(client, token(), "suspended", status=403)
