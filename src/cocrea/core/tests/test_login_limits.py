"""Login limits: per (account, address) pair with progressive delays, behind a trusted proxy."""

from __future__ import annotations

import pytest
from django.test import Client, RequestFactory
from django.urls import reverse

from cocrea.core import loginlimits
from cocrea.core.clientip import client_ip

PASSWORD = "a-long Passphrase 42"
ATTACKER = "203.0.113.9"
MEMBER_HOME = "198.51.100.7"
PROXY = "127.0.0.1"


@pytest.fixture
def member(bob):  # type: ignore[no-untyped-def]
    bob.user.set_password(PASSWORD)
    bob.user.save()
    from allauth.account.models import EmailAddress

    EmailAddress.objects.update_or_create(
        user=bob.user, email=bob.user.email, defaults={"verified": True, "primary": True}
    )
    return bob.user


@pytest.fixture
def behind_proxy(settings):  # type: ignore[no-untyped-def]
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1


def _login(email: str, password: str, via: str) -> Client:
    client = Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=via)
    client.post(reverse("account_login"), {"login": email, "password": password})
    return client


def _logged_in(client: Client) -> bool:
    return "_auth_user_id" in client.session


def test_the_client_address_comes_from_the_trusted_proxy_hop(rf: RequestFactory, settings):
    request = rf.get("/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=f"10.9.9.9, {ATTACKER}")
    assert client_ip(request) == PROXY  # the default trusts no header
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    assert client_ip(request) == ATTACKER  # the hop nginx appended, not what the client wrote
    settings.ALLAUTH_TRUSTED_CLIENT_IP_HEADER = "X-Real-IP"
    request = rf.get("/", REMOTE_ADDR=PROXY, HTTP_X_REAL_IP=MEMBER_HOME)
    assert client_ip(request) == MEMBER_HOME


def test_an_attacker_failing_on_a_known_email_does_not_lock_the_member_out(member, behind_proxy):
    for _attempt in range(15):
        _login(member.email, "wrong password", via=ATTACKER)

    assert _logged_in(_login(member.email, PASSWORD, via=MEMBER_HOME))
    # The attacker's own pair is held even with the right password.
    assert not _logged_in(_login(member.email, PASSWORD, via=ATTACKER))


def test_failures_of_one_client_behind_the_proxy_do_not_hold_the_others(member, dan, behind_proxy):
    for attempt in range(25):
        _login(f"nobody{attempt}@example.org", "wrong password", via=ATTACKER)

    assert _logged_in(_login(member.email, PASSWORD, via=MEMBER_HOME))


def test_delays_grow_after_the_free_failures_and_a_success_clears_them(db, settings):
    settings.LOGIN_FREE_FAILURES, settings.LOGIN_MAX_DELAY_S = 5, 60
    waits = [loginlimits.failed("x@example.org", ATTACKER, now=1000.0) for _ in range(10)]
    assert waits == [0, 0, 0, 0, 1, 2, 4, 8, 16, 32]
    assert loginlimits.failed("x@example.org", ATTACKER, now=1000.0) == 60  # capped
    assert loginlimits.wait_left("x@example.org", ATTACKER, now=1030.0) == 30
    assert loginlimits.wait_left("x@example.org", MEMBER_HOME, now=1030.0) == 0
    assert loginlimits.wait_left("X@Example.org ", ATTACKER, now=1030.0) == 30  # same account
    loginlimits.succeeded("x@example.org", ATTACKER)
    assert loginlimits.wait_left("x@example.org", ATTACKER, now=1030.0) == 0


def test_the_waiting_pair_reads_how_long_to_wait(member, behind_proxy):
    for _attempt in range(6):
        client = _login(member.email, "wrong password", via=ATTACKER)
    response = client.post(reverse("account_login"), {"login": member.email, "password": PASSWORD})
    assert not _logged_in(client)
    assert "Too many failed attempts from this address" in response.content.decode()
