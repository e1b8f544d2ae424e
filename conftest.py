"""The test cast, as in healthchecks: alice owns the brand, bob is a member, mona moderates,
charlie belongs to another brand (the outsider)."""

from __future__ import annotations

import os

import pytest
from django.test import Client
from django.utils import translation

from cocrea.accounts.models import User
from cocrea.accounts.tests.factories import UserFactory
from cocrea.brands.models import Brand, Membership
from cocrea.brands.tests.factories import BrandFactory, MembershipFactory
from cocrea.campaigns.models import Campaign
from cocrea.campaigns.tests.factories import CampaignFactory

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.EXPORTS_ROOT = tmp_path / "exports"


@pytest.fixture(autouse=True)
def _english_by_default(settings):  # type: ignore[no-untyped-def]
    """Tests read the platform in English, the language of the message ids they assert.

    French is the real default (settings.LANGUAGE_CODE, and the profile language of new
    accounts); cocrea/core/tests/test_i18n.py overrides this fixture to test it.
    """
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


@pytest.fixture
def brand(db) -> Brand:  # type: ignore[no-untyped-def]
    return BrandFactory(name="Café Lumière", slug="cafe-lumiere")


@pytest.fixture
def other_brand(db) -> Brand:  # type: ignore[no-untyped-def]
    return BrandFactory(name="Globex", slug="globex")


def _member(brand: Brand, email: str, name: str, role: str) -> Membership:
    user = UserFactory(email=email, display_name=name)
    return MembershipFactory(brand=brand, user=user, role=role)


@pytest.fixture
def alice(brand: Brand) -> Membership:
    return _member(brand, "alice@example.org", "Alice", Membership.Role.ADMIN)


@pytest.fixture
def mona(brand: Brand) -> Membership:
    return _member(brand, "mona@example.org", "Mona", Membership.Role.MODERATOR)


@pytest.fixture
def bob(brand: Brand) -> Membership:
    return _member(brand, "bob@example.org", "Bob", Membership.Role.MEMBER)


@pytest.fixture
def dan(brand: Brand) -> Membership:
    return _member(brand, "dan@example.org", "Dan", Membership.Role.MEMBER)


@pytest.fixture
def charlie(other_brand: Brand) -> Membership:
    return _member(other_brand, "charlie@example.org", "Charlie", Membership.Role.ADMIN)


@pytest.fixture
def campaign(brand: Brand, alice: Membership) -> Campaign:
    return CampaignFactory(brand=brand, slug="cup-of-tomorrow", title="The cup of tomorrow")


def login(client: Client, membership: Membership) -> Client:
    user: User = membership.user
    client.force_login(user)
    return client


@pytest.fixture
def as_alice(client: Client, alice: Membership) -> Client:
    return login(client, alice)


@pytest.fixture
def as_bob(client: Client, bob: Membership) -> Client:
    return login(client, bob)


@pytest.fixture
def as_mona(client: Client, mona: Membership) -> Client:
    return login(client, mona)


@pytest.fixture
def as_charlie(client: Client, charlie: Membership) -> Client:
    return login(client, charlie)
