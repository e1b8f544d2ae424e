"""The number of SQL statements of each request members send most, fixed: a test fails when a
hot request gains a query (bench/bench_http.py measures their speed through HTTP).

Counted with the object cache off (the embedded mode: SQLite or PostgreSQL without Redis) and on
(brands, memberships, users and campaigns from the shared cache, sessions from the cache too)."""

from __future__ import annotations

import uuid
from collections.abc import Callable

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cocrea.brands.models import Membership
from cocrea.campaigns.models import Phase
from cocrea.contests.tests.helpers import add_entry, make_contest, make_product, set_phase
from cocrea.ideas import comment_services
from cocrea.ideas.tests.factories import IdeaFactory
from cocrea.notifications.models import Notification

pytestmark = pytest.mark.django_db

# (vendor, object cache) -> queries of each request, after a first request warmed the caches.
EXPECTED: dict[tuple[str, bool], dict[str, int]] = {
    # SQLite takes the ORM path of the votes (lock, insert, update, ledger: several statements);
    # PostgreSQL one prepared statement. The object cache spares session, user, brand,
    # membership, campaign (with phases and categories), tags and the unread count; the rate
    # limit is one upsert in the database here (one Redis round trip when Redis is configured).
    ("sqlite", False): {
        "vote": 17,
        "list1": 11,
        "list50": 10,
        "idea": 13,
        "home": 7,
        "contest_vote": 14,
        "customize": 5,
        "notifications": 5,
    },
    ("sqlite", True): {
        "vote": 10,
        "list1": 2,
        "list50": 1,
        "idea": 5,
        "home": 2,
        "contest_vote": 7,
        "customize": 1,
        "notifications": 2,
    },
    ("postgresql", False): {
        "vote": 10,
        "list1": 11,
        "list50": 10,
        "idea": 13,
        "home": 7,
        "contest_vote": 11,
        "customize": 5,
        "notifications": 5,
    },
    ("postgresql", True): {
        "vote": 3,
        "list1": 2,
        "list50": 1,
        "idea": 5,
        "home": 2,
        "contest_vote": 4,
        "customize": 1,
        "notifications": 2,
    },
}


@pytest.fixture(params=[False, True], ids=["no-cache", "object-cache"])
def cached(request, settings) -> bool:  # type: ignore[no-untyped-def]
    settings.OBJECT_CACHE = request.param
    if request.param:
        settings.CACHES = {
            "default": {
                "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
                "KEY_PREFIX": uuid.uuid4().hex,
            }
        }
        settings.SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
    return bool(request.param)


def _count(cached: bool, name: str, send: Callable[[int], object]) -> None:
    send(0)  # warms the caches (and the tombstones of the set-up's writes are gone by then)
    from django.core.cache import caches

    if cached:
        caches["default"].clear()
        send(1)
    with CaptureQueriesContext(connection) as captured:
        send(2)
    count = len(captured.captured_queries)
    expected = EXPECTED[(connection.vendor, cached)][name]
    assert count == expected, "\n".join(q["sql"] for q in captured.captured_queries)


def _member_client(membership: Membership) -> Client:
    client = Client()
    client.force_login(membership.user)
    return client


def test_vote(cached, brand, campaign, bob, dan):
    ideas = [IdeaFactory(campaign=campaign, author=dan) for _ in range(3)]
    client = _member_client(bob)

    def send(i: int) -> object:
        url = reverse("ideas:vote", args=[brand.slug, ideas[i].pk])
        response = client.post(url, HTTP_HX_REQUEST="true")
        assert response.status_code == 200, response.content
        return response

    _count(cached, "vote", send)


@pytest.mark.parametrize("page", [1, 50])
def test_idea_list(cached, brand, campaign, bob, dan, page):
    for _ in range(25):
        IdeaFactory(campaign=campaign, author=dan)
    client = _member_client(bob)
    url = reverse("ideas:list", args=[brand.slug, campaign.slug])

    def send(i: int) -> object:
        response = client.get(url, {"sort": "trending", "page": page})
        assert response.status_code == 200
        return response

    _count(cached, f"list{page}", send)


def test_idea_page(cached, brand, campaign, bob, dan):
    idea = IdeaFactory(campaign=campaign, author=dan)
    for n in range(3):
        comment_services.comment_post(member=dan, idea=idea, body=f"Oui {n}")
    client = _member_client(bob)
    url = reverse("ideas:detail", args=[brand.slug, idea.pk])
    _count(cached, "idea", lambda i: client.get(url))


def test_campaign_home(cached, brand, campaign, bob):
    client = _member_client(bob)
    url = reverse("brands:brand_home", args=[brand.slug])
    _count(cached, "home", lambda i: client.get(url))


def test_contest_vote(cached, brand, alice, bob, dan):
    contest = make_contest(brand, alice, make_product(brand, alice))
    entries = [add_entry(contest, dan, f"Design {n}") for n in range(3)]
    set_phase(contest, Phase.Kind.VOTING)
    client = _member_client(bob)

    def send(i: int) -> object:
        url = reverse("contests:vote", args=[brand.slug, entries[i].pk])
        response = client.post(url, HTTP_HX_REQUEST="true")
        assert response.status_code == 200, response.content
        return response

    _count(cached, "contest_vote", send)


def test_customizer_option_change(cached, brand, alice, bob):
    product = make_product(brand, alice)
    client = _member_client(bob)
    url = reverse("customizer:preview", args=[brand.slug, product.slug])
    parts = {f"part-{p.pk}": str(p.options.all()[0].pk) for p in product.parts.all()}

    def send(i: int) -> object:
        response = client.post(url, {**parts, "text": "JD"}, HTTP_HX_REQUEST="true")
        assert response.status_code == 200
        return response

    _count(cached, "customize", send)


def test_notification_centre_and_count(cached, brand, campaign, bob, dan):
    idea = IdeaFactory(campaign=campaign, author=dan)
    for _n in range(5):
        Notification.objects.create(recipient=bob.user, brand=brand, kind="new_comment", idea=idea)
    client = _member_client(bob)
    url = reverse("notifications:list")
    _count(cached, "notifications", lambda i: client.get(url))
