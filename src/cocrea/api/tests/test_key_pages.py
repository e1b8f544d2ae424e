from __future__ import annotations

from django.test import Client

from cocrea.api.models import ApiKey
from cocrea.api.tests.conftest import ApiClient

KEYS = "/b/cafe-lumiere/console/api-keys/"
TOKENS = "/b/cafe-lumiere/me/api-tokens/"


def test_an_admin_makes_a_key_sees_it_once_and_it_works(as_alice, alice, campaign):
    response = as_alice.post(KEYS, {"name": "CRM sync", "scope": "write"}, follow=True)
    page = response.content.decode()
    secret = response.context["shown"]["secret"]
    assert secret in page and "CRM sync" in page
    key = ApiKey.objects.get()
    assert key.kind == "brand" and key.scope == "write" and key.membership == alice
    assert secret not in as_alice.get(KEYS).content.decode()  # shown once
    api = ApiClient(secret, Client())
    assert api.get(f"/api/v1/brands/cafe-lumiere/campaigns/{campaign.pk}").status_code == 200
    as_alice.post(f"{KEYS}{key.pk}/revoke/")
    assert api.get(f"/api/v1/brands/cafe-lumiere/campaigns/{campaign.pk}").status_code == 401


def test_the_console_links_to_the_keys(as_alice):
    assert KEYS in as_alice.get("/b/cafe-lumiere/console/team/").content.decode()


def test_members_and_outsiders_cannot_reach_the_keys_page(as_bob, client, charlie, alice):
    assert as_bob.get(KEYS).status_code == 403
    assert as_bob.post(KEYS, {"name": "x", "scope": "read"}).status_code == 403
    assert ApiKey.objects.count() == 0
    outsider = Client()
    outsider.force_login(charlie.user)
    assert outsider.get(KEYS).status_code in (403, 404)
    assert Client().get(KEYS).status_code == 302


def test_a_member_makes_a_personal_token_and_revokes_only_their_own(as_bob, bob, alice):
    as_bob.post(TOKENS, {"name": "My script", "scope": "admin"})
    assert ApiKey.objects.count() == 0  # no admin scope for personal tokens
    as_bob.post(TOKENS, {"name": "My script", "scope": "write"})
    token = ApiKey.objects.get()
    assert token.kind == "personal" and token.membership == bob
    from cocrea.api.services import key_create

    alices, _secret = key_create(membership=alice, kind="brand", name="ERP", scope="read")
    as_bob.post(f"{TOKENS}{alices.pk}/revoke/")
    alices.refresh_from_db()
    assert alices.revoked_at is None
    as_bob.post(f"{TOKENS}{token.pk}/revoke/")
    token.refresh_from_db()
    assert token.revoked_at is not None


def test_the_demo_key_is_the_same_on_every_run_and_works(alice, campaign):
    from cocrea.api.services import demo_key_ensure

    first = demo_key_ensure(membership=alice)
    assert demo_key_ensure(membership=alice) == first and ApiKey.objects.count() == 1
    api = ApiClient(first, Client())
    assert api.get(f"/api/v1/brands/cafe-lumiere/campaigns/{campaign.pk}").status_code == 200
