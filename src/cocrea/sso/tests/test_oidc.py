"""Sign-in through a brand's OpenID Connect provider: a real one (django-oauth-toolkit) in
its own process; Cocréa speaks to it over HTTP through allauth, as in production."""

from __future__ import annotations

import pytest
from allauth.account.models import EmailAddress
from allauth.socialaccount.models import SocialAccount
from django.test import Client

from cocrea.accounts.models import User
from cocrea.brands.models import Brand, Membership
from cocrea.sso.models import IdentityProvider
from cocrea.sso.tests.provider import Provider, path_of

KEY = "cafe-kc"
CALLBACK = f"http://testserver/accounts/oidc/{KEY}/login/callback/"
PASSWORD = "correct horse battery"


@pytest.fixture
def idp(brand: Brand, oidc_provider: Provider) -> IdentityProvider:
    oidc_provider.setup(
        users=[
            {"email": "zoe@cafe.example", "password": PASSWORD, "name": "Zoé"},
            {"email": "ugo@cafe.example", "password": PASSWORD, "verified": False},
        ],
        clients=[{"client_id": "cocrea-cafe", "secret": "s3cret", "redirect_uris": [CALLBACK]}],
    )
    return IdentityProvider.objects.create(
        brand=brand,
        protocol="oidc",
        key=KEY,
        name="Café Lumière staff",
        server_url=oidc_provider.issuer,
        client_id="cocrea-cafe",
        secret="s3cret",
    )


def _start(client: Client, next_url: str = "") -> str:
    query = f"?next={next_url}" if next_url else ""
    response = client.post(f"/accounts/oidc/{KEY}/login/{query}")
    assert response.status_code == 302
    return str(response["Location"])


def sign_in(
    client: Client, provider: Provider, email: str = "zoe@cafe.example", next_url: str = ""
) -> tuple[object, str]:
    back = provider.approve(_start(client, next_url), email, PASSWORD)
    return client.get(path_of(back)), back


def test_member_signs_in_and_lands_in_the_brand(client, brand, idp, oidc_provider):
    response, _back = sign_in(client, oidc_provider)
    assert response.status_code == 302
    assert response["Location"] == f"/b/{brand.slug}/"
    user = User.objects.get(email="zoe@cafe.example")
    assert user.display_name == "Zoé"
    assert Membership.objects.filter(brand=brand, user=user, role="member").exists()
    assert SocialAccount.objects.get(user=user).provider == KEY
    assert EmailAddress.objects.get(user=user).verified
    assert client.get(f"/b/{brand.slug}/").context["user"] == user


def test_a_members_only_brand_takes_its_providers_people(client, brand, idp, oidc_provider):
    brand.visibility = Brand.Visibility.MEMBERS
    brand.save(update_fields=["visibility"])
    response, _back = sign_in(client, oidc_provider)
    assert response["Location"] == f"/b/{brand.slug}/"
    assert Membership.objects.filter(brand=brand, user__email="zoe@cafe.example").exists()


def test_an_existing_verified_account_is_linked(client, brand, idp, oidc_provider, bob):
    user = User.objects.create_user(email="zoe@cafe.example", password="old password 12")
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    sign_in(client, oidc_provider)
    assert SocialAccount.objects.get(provider=KEY).user == user
    user.refresh_from_db()
    assert user.check_password("old password 12")


def test_an_unverified_account_with_the_address_loses_its_password(
    client, brand, idp, oidc_provider
):
    squatter = User.objects.create_user(email="zoe@cafe.example", password="squatter pw 123")
    EmailAddress.objects.create(user=squatter, email=squatter.email, verified=False)
    response, _back = sign_in(client, oidc_provider)
    assert response.status_code == 302
    squatter.refresh_from_db()
    assert not squatter.has_usable_password()  # whoever made it cannot sign in any more
    assert SocialAccount.objects.get(provider=KEY).user == squatter


def test_an_address_the_provider_did_not_verify_links_nothing(client, brand, idp, oidc_provider):
    owner = User.objects.create_user(email="ugo@cafe.example", password="owner password 1")
    EmailAddress.objects.create(user=owner, email=owner.email, verified=True, primary=True)
    sign_in(client, oidc_provider, email="ugo@cafe.example")
    assert not SocialAccount.objects.filter(user=owner).exists()
    owner.refresh_from_db()
    assert owner.check_password("owner password 1")


@pytest.mark.parametrize("mode", ["badsig", "wrongaud", "expired"])
def test_a_tampered_id_token_is_refused(client, brand, idp, oidc_provider, mode):
    idp.server_url = f"{oidc_provider.url}/evil/{mode}"
    idp.save(update_fields=["server_url"])
    response, _back = sign_in(client, oidc_provider)
    assert response.status_code == 401
    assert b"Third-Party Login Failure" in response.content
    assert not User.objects.filter(email="zoe@cafe.example").exists()
    assert "_auth_user_id" not in client.session


def test_a_used_code_is_refused(client, brand, idp, oidc_provider):
    _response, back = sign_in(client, oidc_provider)
    client.logout()
    User.objects.all().delete()
    again = _start(client)  # a fresh sign-in whose state the thief now holds
    state = again.split("state=")[1].split("&")[0]
    replay = path_of(back).split("&state=")[0].split("state=")[0]
    response = client.get(f"{replay.rstrip('&?')}&state={state}")
    assert response.status_code == 401
    assert not User.objects.exists()
    assert "_auth_user_id" not in client.session


def test_a_disabled_or_suspended_brands_provider_is_not_found(client, brand, idp):
    idp.enabled = False
    idp.save(update_fields=["enabled"])
    assert client.post(f"/accounts/oidc/{KEY}/login/").status_code == 404


def test_the_sign_in_page_shows_only_the_brands_button(client, brand, other_brand, idp):
    page = client.get(f"/accounts/login/?next=/b/{brand.slug}/").content.decode()
    assert "Café Lumière staff" in page
    other = client.get(f"/accounts/login/?next=/b/{other_brand.slug}/").content.decode()
    assert "Café Lumière staff" not in other


def test_the_sign_in_page_lets_its_form_lead_to_the_provider(client, brand, idp, oidc_provider):
    """Browsers check a form's redirects against form-action: without the provider's origin
    there, the "Continue" button does nothing at all (seen in Chromium)."""
    page = client.get(f"/accounts/oidc/{KEY}/login/?next=/b/{brand.slug}/")
    assert page.status_code == 200
    directives = dict(
        (d.split()[0], d.split()[1:]) for d in page["Content-Security-Policy"].split("; ")
    )
    assert directives["form-action"] == ["'self'", oidc_provider.url]
    assert directives["script-src"] == ["'self'"]  # the rest of the policy is untouched
    other = client.get("/accounts/login/")["Content-Security-Policy"]
    assert oidc_provider.url not in other
    idp.enabled = False
    idp.save(update_fields=["enabled"])
    assert client.get(f"/accounts/oidc/{KEY}/login/").status_code == 404
