from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from cocrea.api.models import ApiKey
from cocrea.api.services import key_create, key_revoke
from cocrea.api.tests.conftest import ApiClient, make_client
from cocrea.brands.models import Membership
from cocrea.ideas.models import Idea

V1 = "/api/v1/brands/cafe-lumiere"


def _ideas(campaign) -> str:  # type: ignore[no-untyped-def]
    return f"{V1}/campaigns/{campaign.pk}/ideas"


def _assert_error(response, status: int, code: str) -> None:  # type: ignore[no-untyped-def]
    assert response.status_code == status, response.content
    body = response.json()
    assert set(body) == {"detail", "code", "errors"} and body["code"] == code


def test_no_credentials_is_401(db, campaign):
    _assert_error(Client().get(_ideas(campaign)), 401, "not_authenticated")
    bad = ApiClient("ck_nothing.nothing", Client())
    _assert_error(bad.get(_ideas(campaign)), 401, "invalid_key")


def test_a_revoked_or_expired_key_is_401(alice, campaign):
    key, secret = key_create(membership=alice, kind="brand", name="ERP", scope="read")
    client = ApiClient(secret, Client())
    assert client.get(_ideas(campaign)).status_code == 200
    key.refresh_from_db()
    assert key.last_used_at is not None
    key_revoke(membership=alice, key_id=key.pk, kind="brand")
    _assert_error(client.get(_ideas(campaign)), 401, "revoked_key")
    key, secret = key_create(membership=alice, kind="brand", name="CRM", scope="read")
    ApiKey.objects.filter(pk=key.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    _assert_error(ApiClient(secret, Client()).get(_ideas(campaign)), 401, "expired_key")


def test_a_brand_key_stops_when_its_maker_is_no_longer_admin(alice, campaign):
    client = make_client(alice, scope="read")
    Membership.objects.filter(pk=alice.pk).update(role=Membership.Role.MEMBER)
    _assert_error(client.get(_ideas(campaign)), 401, "owner_not_allowed")


def test_a_suspended_brand_refuses_its_keys_and_sessions_with_403_json(alice, bob, campaign):
    from cocrea.accounts.tests.factories import UserFactory
    from cocrea.brands.provisioning import brand_resume, brand_suspend

    operator = UserFactory(email="ops@example.org", is_superuser=True, is_staff=True)
    brand_key, personal = make_client(alice, scope="write"), make_client(bob, "personal", "write")
    member, ops = Client(), Client()
    member.force_login(bob.user)
    ops.force_login(operator)
    brand_suspend(brand=campaign.brand, actor=operator, reason="Unpaid")
    write = {"title": "A paused idea", "body": "Nothing is written."}
    for client in (brand_key, personal):
        _assert_error(client.get(_ideas(campaign)), 403, "brand_suspended")
        _assert_error(client.post(_ideas(campaign), write), 403, "brand_suspended")
        retried = client.post(_ideas(campaign), write, headers={"Idempotency-Key": "k1"})
        _assert_error(retried, 403, "brand_suspended")
        _assert_error(client.get("/api/v1/brands/globex/campaigns"), 403, "brand_suspended")
    _assert_error(member.get(_ideas(campaign)), 403, "brand_suspended")
    assert "paused" in member.get(_ideas(campaign)).json()["detail"]
    assert not Idea.objects.filter(title="A paused idea").exists()
    assert ops.get(_ideas(campaign)).status_code == 200
    brand_resume(brand=campaign.brand, actor=operator)
    assert brand_key.get(_ideas(campaign)).status_code == 200
    assert member.get(_ideas(campaign)).status_code == 200


def test_only_admins_make_brand_keys_and_tokens_never_get_admin(bob):
    from cocrea.core.errors import DomainError

    with pytest.raises(DomainError):
        key_create(membership=bob, kind="brand", name="x", scope="read")
    with pytest.raises(DomainError):
        key_create(membership=bob, kind="personal", name="x", scope="admin")


def test_the_secret_is_stored_hashed(alice):
    key, secret = key_create(membership=alice, kind="brand", name="ERP", scope="read")
    assert secret.split(".", 1)[1] not in key.secret_hash and len(key.secret_hash) == 64


def test_bad_input_gets_4xx_json_and_stores_nothing(bob_api, campaign, settings):
    path = _ideas(campaign)
    _assert_error(bob_api.post(path, {"title": 5}), 422, "invalid")
    _assert_error(bob_api.post(path, "{not json"), 400, "bad_request")
    _assert_error(bob_api.post(path, {"title": "a\u0000b", "body": "x"}), 400, "nul_byte")
    _assert_error(bob_api.get(path, {"q": "a\x00"}), 400, "nul_byte")
    _assert_error(bob_api.post(path, {"title": "", "body": "x"}), 422, "required")
    _assert_error(bob_api.post(path, {"title": "t", "body": "x", "tags": ["nope"]}), 422, "invalid")
    _assert_error(bob_api.get(f"{V1}/ideas/999999"), 404, "not_found")
    _assert_error(bob_api.get(f"{V1}/ideas/{2**70}"), 422, "invalid")
    _assert_error(bob_api.get(f"{V1}/ideas/abc"), 422, "invalid")
    _assert_error(bob_api.get(path, {"limit": 1000}), 422, "invalid")
    _assert_error(bob_api.get(path, {"sort": "nope"}), 422, "invalid")
    _assert_error(bob_api.get(path, {"updated_since": "yesterday"}), 422, "invalid")
    assert Idea.objects.count() == 0


def test_an_oversize_body_is_refused_before_it_is_read(bob_api, campaign, settings):
    settings.API_MAX_BODY_BYTES = 2048
    big = {"title": "t", "body": "x" * 5000}
    _assert_error(bob_api.post(_ideas(campaign), big), 413, "too_large")
    assert Idea.objects.count() == 0


def test_the_session_works_for_the_site_and_keeps_csrf(bob, campaign):
    client = Client(enforce_csrf_checks=True)
    client.force_login(bob.user)
    assert client.get(_ideas(campaign)).status_code == 200
    body = '{"title": "t", "body": "b"}'
    refused = client.post(_ideas(campaign), body, content_type="application/json")
    assert refused.status_code == 403 and Idea.objects.count() == 0
    client.get(f"/b/cafe-lumiere/c/{campaign.slug}/")  # the page sets the CSRF cookie
    token = client.cookies["csrftoken"].value
    ok = client.post(
        _ideas(campaign), body, content_type="application/json", HTTP_X_CSRFTOKEN=token
    )
    assert ok.status_code == 201 and Idea.objects.count() == 1


def test_too_many_requests_is_429_with_retry_after(bob_api, campaign, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "api_request": (2, 60)}
    assert bob_api.get(_ideas(campaign)).status_code == 200
    assert bob_api.get(_ideas(campaign)).status_code == 200
    response = bob_api.get(_ideas(campaign))
    _assert_error(response, 429, "rate")
    assert 1 <= int(response["Retry-After"]) <= 60


def test_the_schema_is_openapi_3_1_and_the_docs_are_served_locally(client):
    schema = client.get("/api/v1/openapi.json").json()
    assert schema["openapi"].startswith("3.1")
    assert "/api/v1/brands/{brand}/campaigns/{campaign_id}/ideas" in schema["paths"]
    page = client.get("/api/v1/docs").content.decode()
    assert "swagger-ui-bundle.js" in page and "cdn" not in page.lower()


def _detail(response) -> tuple[str, str]:  # type: ignore[no-untyped-def]
    return response.json()["detail"], response["Content-Language"]


def test_errors_speak_the_accept_language_else_the_key_owners_language(
    alice, bob, campaign, settings
):  # type: ignore[no-untyped-def]
    settings.LANGUAGE_CODE = "fr"  # the platform's default (the tests read English)
    unknown = f"{V1}/ideas/987654321"
    bob.user.language = "en"
    bob.user.save(update_fields=["language"])
    alice.user.language = "fr"
    alice.user.save(update_fields=["language"])
    english, french = make_client(bob, "personal", "write"), make_client(alice, scope="read")
    en_404, en_lang = _detail(english.get(unknown))
    fr_404, fr_lang = _detail(french.get(unknown))
    assert (en_lang, fr_lang) == ("en", "fr") and en_404 != fr_404
    # The header wins over the person's language, whatever its region or weights.
    assert _detail(english.get(unknown, headers={"Accept-Language": "fr-FR,fr;q=0.9"})) == (
        fr_404, "fr",
    )  # fmt: skip
    header = {"Accept-Language": "de-DE, en-GB;q=0.8, fr;q=0.5"}
    assert _detail(french.get(unknown, headers=header)) == (en_404, "en")
    # A language the platform does not speak falls back to the person's.
    assert _detail(french.get(unknown, headers={"Accept-Language": "de, *"})) == (fr_404, "fr")
    # A key that is not valid has no person: the header, else the site's French.
    bad = ApiClient("ck_nothing.nothing", Client())
    assert _detail(bad.get(unknown, headers={"Accept-Language": "en"})) == (
        "This API key is not valid.", "en",
    )  # fmt: skip
    assert _detail(bad.get(unknown)) == ("Cette clé d'API n'est pas valable.", "fr")


def test_bad_input_refused_before_the_operation_speaks_the_callers_language(bob):
    bob.user.language = "en"
    bob.user.save(update_fields=["language"])
    english = make_client(bob, "personal", "write")
    response = english.post(f"{V1}/ideas/1/comments", {"body": "a\x00b"})
    assert response.status_code == 400 and response["Content-Language"] == "en"
    assert response.json()["code"] == "nul_byte" and "NUL" in response.json()["detail"]
