from __future__ import annotations

import pytest

from cocrea.brands.models import Membership
from cocrea.sso.models import BrandSignIn, IdentityProvider

URL = "/b/cafe-lumiere/console/sign-in/"
OIDC = {
    "name": "Staff accounts",
    "server_url": "https://id.cafe.example/realms/cafe",
    "client_id": "cocrea",
    "secret": "s3cret",
    "scopes": "openid email profile",
    "enabled": "on",
}


def test_an_admin_adds_an_oidc_provider(as_alice, brand):
    response = as_alice.post(f"{URL}providers/new/oidc/", OIDC)
    assert response.status_code == 302
    provider = IdentityProvider.objects.get(brand=brand)
    assert (provider.client_id, provider.secret, provider.protocol) == ("cocrea", "s3cret", "oidc")
    page = as_alice.get(URL).content.decode()
    assert f"/accounts/oidc/{provider.key}/login/callback/" in page
    assert "s3cret" not in page


def test_an_empty_secret_keeps_the_current_one(as_alice, brand):
    as_alice.post(f"{URL}providers/new/oidc/", OIDC)
    provider = IdentityProvider.objects.get(brand=brand)
    as_alice.post(f"{URL}providers/{provider.pk}/", {**OIDC, "secret": "", "name": "Staff"})
    provider.refresh_from_db()
    assert (provider.name, provider.secret) == ("Staff", "s3cret")


def test_scopes_without_openid_and_nul_bytes_are_refused(as_alice, brand):
    response = as_alice.post(f"{URL}providers/new/oidc/", {**OIDC, "scopes": "email"})
    assert b"must include openid" in response.content
    response = as_alice.post(f"{URL}providers/new/oidc/", {**OIDC, "client_id": "a\x00b"})
    assert response.status_code in (200, 400)
    assert not IdentityProvider.objects.exists()


@pytest.mark.parametrize("who", ["anonymous", "as_bob", "as_mona", "as_charlie"])
def test_only_the_brands_admins_reach_the_page(request, client, brand, alice, who):
    caller = client if who == "anonymous" else request.getfixturevalue(who)
    response = caller.get(URL)
    assert response.status_code in (302, 403, 404)
    response = caller.post(f"{URL}providers/new/oidc/", OIDC)
    assert response.status_code in (302, 403, 404)
    assert not IdentityProvider.objects.exists()


def test_another_brands_provider_cannot_be_edited(as_alice, brand, other_brand):
    theirs = IdentityProvider.objects.create(
        brand=other_brand, protocol="oidc", key="globex-1", name="Globex"
    )
    assert as_alice.get(f"{URL}providers/{theirs.pk}/").status_code == 404
    assert as_alice.post(f"{URL}providers/{theirs.pk}/delete/").status_code == 404
    assert IdentityProvider.objects.filter(pk=theirs.pk).exists()


def test_sso_only_needs_a_provider(as_alice, brand):
    as_alice.post(f"{URL}options/", {"sso_only": "on"})
    assert not BrandSignIn.objects.filter(brand=brand, sso_only=True).exists()
    as_alice.post(f"{URL}providers/new/oidc/", OIDC)
    as_alice.post(f"{URL}options/", {"sso_only": "on"})
    assert BrandSignIn.objects.get(brand=brand).sso_only


def test_sso_only_refuses_the_members_password(client, brand, alice, bob):
    IdentityProvider.objects.create(brand=brand, protocol="oidc", key="cafe-1", name="Staff")
    BrandSignIn.objects.create(brand=brand, sso_only=True)
    bob.user.set_password("bob password 123")
    bob.user.save()
    response = client.post(
        "/accounts/login/", {"login": bob.user.email, "password": "bob password 123"}
    )
    assert response.status_code == 200
    assert "signs its members in with its own accounts" in response.content.decode()
    assert "_auth_user_id" not in client.session
    # The team keeps its password (a broken provider must not lock the brand out).
    alice.user.set_password("alice password 123")
    alice.user.save()
    response = client.post(
        "/accounts/login/", {"login": alice.user.email, "password": "alice password 123"}
    )
    assert response.status_code == 302
    assert alice.role == Membership.Role.ADMIN


def test_the_customer_secret_is_shown_once(as_alice, brand):
    as_alice.post(f"{URL}customer-secret/", {"action": "rotate"})
    secret = BrandSignIn.objects.get(brand=brand).customer_secret
    assert secret in as_alice.get(URL).content.decode()
    assert secret not in as_alice.get(URL).content.decode()
