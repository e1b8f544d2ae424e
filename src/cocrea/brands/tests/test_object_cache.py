"""The object cache (core/objcache.py): brand, membership, user and campaign read from the shared
cache, and every change taking effect on the next request, never across tenants.

Run on an in-process cache here, and on Redis too when TEST_REDIS_URL names a database."""

from __future__ import annotations

import os
import uuid

import pytest
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cocrea.brands.cache import brand_by_slug, membership_of
from cocrea.brands.models import Brand, Membership
from cocrea.brands.services import membership_set_role
from cocrea.campaigns.cache import campaign_by_id
from cocrea.campaigns.models import Campaign, Phase
from cocrea.core import objcache
from cocrea.ideas.models import Idea, Vote
from cocrea.ideas.tests.factories import IdeaFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(params=["locmem", "redis"])
def object_cache(request, settings):  # type: ignore[no-untyped-def]
    if request.param == "redis":
        url = os.environ.get("TEST_REDIS_URL")
        if not url:
            pytest.skip("TEST_REDIS_URL is not set")
        backend = {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": url}
    else:
        backend = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    backend["KEY_PREFIX"] = uuid.uuid4().hex  # tests never share entries
    settings.CACHES = {"default": backend}
    settings.OBJECT_CACHE = True
    yield caches["default"]
    caches["default"].clear() if request.param == "locmem" else None


def _settled(cache, *keys):  # type: ignore[no-untyped-def]
    """As long after the set-up's writes as their tombstones last."""
    cache.delete_many([objcache.PREFIX + key for key in keys])


def _queries(callable_):  # type: ignore[no-untyped-def]
    with CaptureQueriesContext(connection) as captured:
        result = callable_()
    return result, len(captured.captured_queries)


def test_brand_and_membership_are_read_once(object_cache, brand, bob):
    _settled(object_cache, f"brand:{brand.slug}", f"membership:{brand.pk}:{bob.user.pk}")
    _first, n1 = _queries(lambda: (brand_by_slug(brand.slug), membership_of(brand, bob.user)))
    second, n2 = _queries(lambda: (brand_by_slug(brand.slug), membership_of(brand, bob.user)))
    assert (n1, n2) == (2, 0)
    assert second[0].pk == brand.pk and second[1].pk == bob.pk and second[1].user is bob.user


def test_membership_never_answers_for_another_brand(object_cache, brand, other_brand, charlie):
    _settled(object_cache, f"membership:{brand.pk}:{charlie.user.pk}")
    assert membership_of(other_brand, charlie.user).pk == charlie.pk
    assert membership_of(brand, charlie.user) is None
    assert membership_of(brand, charlie.user) is None  # the cached "not a member"
    # Even an entry planted under the wrong key is refused: it names another brand.
    object_cache.set(objcache.PREFIX + f"membership:{brand.pk}:{charlie.user.pk}", charlie)
    assert membership_of(brand, charlie.user) is None


def test_role_change_takes_effect_on_the_next_request(object_cache, client, brand, alice, bob):
    client.force_login(bob.user)
    settings_url = reverse("brands:settings", args=[brand.slug])
    assert client.get(settings_url).status_code == 403
    membership_set_role(membership=bob, role=Membership.Role.ADMIN, actor=alice)
    assert client.get(settings_url).status_code == 200
    membership_set_role(membership=Membership.objects.get(pk=bob.pk), role="member", actor=alice)
    assert client.get(settings_url).status_code == 403


def test_a_removed_member_is_an_outsider_on_the_next_request(object_cache, client, brand, bob):
    brand.visibility = Brand.Visibility.MEMBERS
    brand.save()
    client.force_login(bob.user)
    home = reverse("brands:brand_home", args=[brand.slug])
    assert client.get(home).status_code == 200
    Membership.objects.get(pk=bob.pk).delete()
    assert client.get(home).status_code == 404


def test_a_deactivated_account_is_signed_out_on_the_next_request(object_cache, client, bob):
    client.force_login(bob.user)
    profile = reverse("accounts:profile")
    assert client.get(profile).status_code == 200
    bob.user.is_active = False
    bob.user.save()
    assert client.get(profile).status_code == 302  # to the login page


def test_a_new_password_signs_other_sessions_out(object_cache, client, bob):
    client.force_login(bob.user)
    profile = reverse("accounts:profile")
    assert client.get(profile).status_code == 200
    bob.user.set_password("another-long-password")
    bob.user.save()
    assert client.get(profile).status_code == 302


def test_brand_setting_change_takes_effect_on_the_next_request(object_cache, client, brand, bob):
    home = reverse("brands:brand_home", args=[brand.slug])
    assert client.get(home).status_code == 200  # a public brand, anonymous visitor
    brand.visibility = Brand.Visibility.MEMBERS
    brand.save(update_fields=["visibility"])
    assert client.get(home).status_code == 302  # members only: log in first
    brand.name = "Café Minuit"
    brand.visibility = Brand.Visibility.PUBLIC
    brand.save()
    assert "Café Minuit" in client.get(home).content.decode()


def test_a_renamed_brand_leaves_no_entry_under_its_old_address(object_cache, brand):
    assert brand_by_slug("cafe-lumiere").pk == brand.pk
    renamed = Brand.objects.get(pk=brand.pk)
    renamed.slug = "cafe-minuit"
    renamed.save()
    assert brand_by_slug("cafe-lumiere") is None
    assert brand_by_slug("cafe-minuit").pk == brand.pk


def test_phase_change_closes_votes_on_the_next_request(object_cache, client, brand, campaign, bob):
    idea = IdeaFactory(campaign=campaign)
    client.force_login(bob.user)
    vote = reverse("ideas:vote", args=[brand.slug, idea.pk])
    assert campaign_by_id(brand, campaign.pk).pk == campaign.pk  # now cached
    Phase.objects.filter(campaign=campaign).delete()  # post_delete for each phase
    response = client.post(vote, HTTP_HX_REQUEST="true")
    assert response.status_code == 403 and not Vote.objects.exists()


def test_campaign_cache_never_answers_for_another_brand(object_cache, brand, other_brand, campaign):
    _settled(object_cache, f"campaign:{campaign.pk}")
    assert campaign_by_id(brand, campaign.pk).pk == campaign.pk
    assert campaign_by_id(other_brand, campaign.pk) is None


def test_a_read_that_raced_a_write_does_not_put_the_old_row_back(object_cache, brand):
    key = f"brand:{brand.slug}"
    _settled(object_cache, key)
    stale = Brand.objects.get(pk=brand.pk)  # read before the write commits
    brand.name = "Café Minuit"
    brand.save()  # the write's invalidation leaves a tombstone
    assert objcache.cached(key, lambda: stale).name == "Café Lumière"  # served, not stored
    assert brand_by_slug(brand.slug).name == "Café Minuit"


def test_without_a_shared_cache_every_read_goes_to_the_database(settings, brand, bob):
    settings.OBJECT_CACHE = False
    _, n1 = _queries(lambda: membership_of(brand, bob.user))
    _, n2 = _queries(lambda: membership_of(brand, bob.user))
    assert (n1, n2) == (1, 1)


def test_cached_vote_still_counts_exactly(object_cache, client, brand, campaign, bob):
    idea = IdeaFactory(campaign=campaign)
    client.force_login(bob.user)
    vote = reverse("ideas:vote", args=[brand.slug, idea.pk])
    assert client.post(vote, HTTP_HX_REQUEST="true").status_code == 200
    assert client.post(vote, HTTP_HX_REQUEST="true").status_code == 409
    assert Idea.objects.get(pk=idea.pk).support_count == Vote.objects.filter(idea=idea).count() == 1
    assert Campaign.objects.count() == 1
