"""The webhooks console: brand admins add endpoints, see the secret once, read the log."""

from __future__ import annotations

import pytest
from django.urls import reverse

from cocrea.webhooks.models import Attempt, Delivery, Endpoint
from cocrea.webhooks.services import endpoint_create, endpoint_ping

pytestmark = pytest.mark.django_db


def _url(name: str, *args: object) -> str:
    return reverse(f"webhooks:{name}", args=["cafe-lumiere", *args])


GOOD = {
    "url": "https://crm.example.org/cocrea",
    "description": "Our CRM",
    "event_types": ["idea.created", "member.joined"],
    "is_active": "on",
}


def test_an_admin_adds_an_endpoint_and_sees_its_secret_once(as_alice, brand):
    response = as_alice.post(_url("create"), GOOD)
    endpoint = Endpoint.objects.get()
    assert response.status_code == 302
    assert response["Location"] == _url("endpoint", endpoint.pk)
    assert endpoint.event_types == ["idea.created", "member.joined"]
    assert endpoint.secret.startswith("whsec_") and len(endpoint.secret) > 40
    page = as_alice.get(response["Location"]).content.decode()
    assert endpoint.secret in page
    again = as_alice.get(response["Location"]).content.decode()
    assert endpoint.secret not in again and "shown once" in again


def test_the_console_lists_endpoints_with_their_recent_deliveries(as_alice, alice, brand):
    endpoint = endpoint_create(
        actor=alice, brand=brand, url=GOOD["url"], event_types=["idea.created"]
    )
    endpoint_ping(actor=alice, endpoint=endpoint)
    page = as_alice.get(_url("console")).content.decode()
    assert GOOD["url"] in page and "delivered: 0 · failed: 0 · waiting: 1" in page


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("javascript:alert(1)", "Use an http:// or https:// address"),
        ("ftp://crm.example.org/x", "Use an http:// or https:// address"),
        ("https://user:pw@crm.example.org/", "without a user name or password"),
        ("https://crm.example.org/\x00", "NUL character"),
        ("https://crm.example.org/a b", "Enter the full address"),
        ("http://10.0.0.8/hooks", "This address is private"),
        ("http://[::1]:8000/hooks", "This address is private"),
        ("http://localhost/hooks", "This address is private"),
        ("https://" + "a" * 2100 + ".org/", "Ensure this value has at most 2000"),
    ],
)
def test_bad_addresses_are_form_errors(as_alice, settings, url, message):
    settings.WEBHOOK_ALLOWED_NETWORKS = []
    response = as_alice.post(_url("create"), {**GOOD, "url": url})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Endpoint.objects.exists()


def test_no_event_and_unknown_events_are_refused(as_alice):
    for types in ([], ["idea.exploded"], ["webhook.ping"]):
        response = as_alice.post(_url("create"), {**GOOD, "event_types": types})
        assert response.status_code == 400
    assert not Endpoint.objects.exists()


def test_an_admin_edits_pauses_and_deletes_an_endpoint(as_alice, alice, brand):
    endpoint = endpoint_create(
        actor=alice, brand=brand, url=GOOD["url"], event_types=["idea.created"]
    )
    data = {"url": "https://erp.example.org/in", "event_types": ["comment.created"]}
    assert as_alice.post(_url("edit", endpoint.pk), data).status_code == 302
    endpoint.refresh_from_db()
    assert endpoint.url == data["url"] and endpoint.event_types == ["comment.created"]
    assert not endpoint.is_active  # the box was not ticked
    assert as_alice.post(_url("delete", endpoint.pk)).status_code == 302
    assert not Endpoint.objects.exists()


def test_switching_an_endpoint_back_on_forgets_its_failures(as_alice, alice, brand):
    endpoint = endpoint_create(
        actor=alice, brand=brand, url=GOOD["url"], event_types=["idea.created"]
    )
    Endpoint.objects.filter(pk=endpoint.pk).update(
        is_active=False, consecutive_failures=15, disabled_at="2026-01-01T00:00:00Z"
    )
    page = as_alice.get(_url("endpoint", endpoint.pk)).content.decode()
    assert "after 15 failed attempts in a row" in page
    as_alice.post(_url("edit", endpoint.pk), {**GOOD, "url": endpoint.url})
    endpoint.refresh_from_db()
    assert (
        endpoint.is_active and endpoint.consecutive_failures == 0 and endpoint.disabled_at is None
    )


def test_rotating_shows_the_new_secret_once_and_keeps_the_old_valid(as_alice, alice, brand):
    endpoint = endpoint_create(
        actor=alice, brand=brand, url=GOOD["url"], event_types=["idea.created"]
    )
    old = endpoint.secret
    response = as_alice.post(_url("rotate", endpoint.pk), follow=True)
    endpoint.refresh_from_db()
    page = response.content.decode()
    assert endpoint.secret != old and endpoint.secret in page and old not in page
    assert "The previous secret stays valid until" in page


def test_the_delivery_log_shows_attempts_and_redelivers_by_hand(
    as_alice, alice, brand, receiver, settings
):
    endpoint = endpoint_create(
        actor=alice, brand=brand, url=receiver.url, event_types=["idea.created"]
    )
    delivery = endpoint_ping(actor=alice, endpoint=endpoint)
    Attempt.objects.create(
        delivery=delivery,
        number=1,
        started_at=delivery.created_at,
        duration_ms=42,
        status=500,
        error="HTTP 500",
        response_excerpt="<b>broken</b>",
    )
    Delivery.objects.filter(pk=delivery.pk).update(state="failed", attempts=1)
    page = as_alice.get(_url("delivery", delivery.pk)).content.decode()
    assert "42 ms" in page and "&lt;b&gt;broken&lt;/b&gt;" in page and "webhook.ping" in page
    log = as_alice.get(_url("endpoint", endpoint.pk) + "?state=failed").content.decode()
    assert str(delivery.pk) in log
    response = as_alice.post(_url("redeliver", delivery.pk))
    assert response.status_code == 302
    # Sent in line in the tests (after commit in real life): the receiver got it.
    delivery.refresh_from_db()
    assert delivery.state in ("pending", "succeeded")


def test_moderators_and_members_are_refused(as_mona, alice, brand):
    assert as_mona.get(_url("console")).status_code == 403
    assert as_mona.post(_url("create"), GOOD).status_code == 403
    assert not Endpoint.objects.exists()


def test_the_console_nav_links_webhooks_for_admins_only(as_alice, client, mona, brand):
    assert _url("console") in as_alice.get(_url("console")).content.decode()


def test_the_demo_endpoint_is_made_once_and_follows_the_port(alice, brand):
    from cocrea.webhooks.services import demo_endpoint_ensure

    first = demo_endpoint_ensure(actor=alice, url="http://127.0.0.1:8001/hooks")
    again = demo_endpoint_ensure(actor=alice, url="http://127.0.0.1:8081/hooks")
    assert first.pk == again.pk and Endpoint.objects.count() == 1
    assert again.url == "http://127.0.0.1:8081/hooks" and again.secret == first.secret
    assert "member.joined" in again.event_types and "webhook.ping" not in again.event_types
