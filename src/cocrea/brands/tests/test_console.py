from __future__ import annotations

import io

import pytest
from django.test import Client
from django.urls import reverse
from PIL import Image

from cocrea.accounts.tests.factories import UserFactory
from cocrea.brands.colours import contrast_ratio
from cocrea.brands.models import Brand, Membership
from cocrea.brands.services import brand_update, membership_set_role
from cocrea.brands.tests.factories import MembershipFactory
from cocrea.core.errors import Conflict, DomainError, PermissionDenied


def _png(name: str = "logo.png") -> io.BytesIO:
    buffer = io.BytesIO()
    Image.new("RGB", (16, 16), "navy").save(buffer, format="PNG")
    buffer.seek(0)
    buffer.name = name
    return buffer


def _settings(**overrides: object) -> dict[str, object]:
    data: dict[str, object] = {
        "name": "Café Lumière",
        "tagline": "Coffee made with you",
        "description": "A café that listens.",
        "primary_colour": "#1f4e79",
        "accent_colour": "#e07a1f",
        "languages": ["fr", "en"],
        "default_language": "fr",
        "visibility": "public",
    }
    data.update(overrides)
    return data


def _urls(brand: Brand) -> list[tuple[str, str]]:
    slug = {"brand_slug": brand.slug}
    return [
        ("get", reverse("brands:settings", kwargs=slug)),
        ("post", reverse("brands:settings", kwargs=slug)),
        ("get", reverse("brands:team", kwargs=slug)),
        ("post", reverse("brands:team_role", kwargs={**slug, "membership_id": 1})),
    ]


# --- who may enter -----------------------------------------------------------------------------


def test_anonymous_visitors_are_sent_to_login(client: Client, brand):
    for method, url in _urls(brand):
        response = getattr(client, method)(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("account_login"))


def test_members_are_refused(as_bob: Client, brand):
    for method, url in _urls(brand):
        assert getattr(as_bob, method)(url).status_code == 403, url


def test_outsiders_are_refused(as_charlie: Client, brand):
    for method, url in _urls(brand):
        assert getattr(as_charlie, method)(url).status_code in {403, 404}, url


def test_moderators_see_the_team_but_not_the_settings(as_mona: Client, brand, bob):
    slug = {"brand_slug": brand.slug}
    assert as_mona.get(reverse("brands:settings", kwargs=slug)).status_code == 403
    page = as_mona.get(reverse("brands:team", kwargs=slug))
    assert page.status_code == 200
    assert b'class="role-form"' not in page.content
    url = reverse("brands:team_role", kwargs={**slug, "membership_id": bob.pk})
    assert as_mona.post(url, {"role": "admin"}).status_code == 403
    bob.refresh_from_db()
    assert bob.role == Membership.Role.MEMBER


# --- settings ----------------------------------------------------------------------------------


def test_admin_saves_the_settings_with_a_logo(as_alice: Client, brand):
    url = reverse("brands:settings", kwargs={"brand_slug": brand.slug})
    response = as_alice.post(url, _settings(logo=_png(), primary_colour="#0B3D2E"))
    assert response.status_code == 302
    brand.refresh_from_db()
    assert brand.tagline == "Coffee made with you"
    assert brand.primary_colour == "#0b3d2e"
    assert brand.logo.name.endswith(".png")
    assert brand.languages == ["fr", "en"]


def test_a_light_primary_colour_is_refused_for_contrast(as_alice: Client, brand):
    url = reverse("brands:settings", kwargs={"brand_slug": brand.slug})
    response = as_alice.post(url, _settings(primary_colour="#ffcc00"))
    assert response.status_code == 200
    assert "4.5:1" in response.content.decode()
    brand.refresh_from_db()
    assert brand.primary_colour == "#1f4e79"


def test_a_logo_that_is_not_an_image_is_refused(as_alice: Client, brand):
    fake = io.BytesIO(b"GIF89a but not really")
    fake.name = "logo.gif"
    url = reverse("brands:settings", kwargs={"brand_slug": brand.slug})
    response = as_alice.post(url, _settings(logo=fake, name="Changed"))
    assert response.status_code == 200
    assert "not an image" in response.content.decode()
    brand.refresh_from_db()
    assert brand.name == "Café Lumière" and not brand.logo


@pytest.mark.parametrize(
    "overrides",
    [
        {"primary_colour": "blue"},
        {"accent_colour": "#12345"},
        {"languages": ["de"]},
        {"languages": ["en"], "default_language": "fr"},
        {"visibility": "secret"},
        {"name": ""},
        {"tagline": "x" * 500},
    ],
)
def test_bad_settings_give_form_errors(as_alice: Client, brand, overrides):
    url = reverse("brands:settings", kwargs={"brand_slug": brand.slug})
    response = as_alice.post(url, _settings(**overrides))
    assert response.status_code == 200
    assert 'class="errorlist' in response.content.decode()
    brand.refresh_from_db()
    assert brand.name == "Café Lumière"


def test_brand_update_checks_the_actor(brand, mona, charlie):
    for actor in (mona, charlie):
        with pytest.raises(PermissionDenied):
            brand_update(
                actor=actor,
                brand=brand,
                name="Hacked",
                primary_colour="#000000",
                accent_colour="#000000",
                languages=["fr"],
                default_language="fr",
                visibility="public",
            )


def test_contrast_ratio_matches_wcag():
    assert contrast_ratio("#ffffff", "#000000") == pytest.approx(21.0)
    assert contrast_ratio("#ffffff", "#ffffff") == pytest.approx(1.0)
    assert contrast_ratio("#767676", "#ffffff") == pytest.approx(4.54, abs=0.01)


def test_default_primary_colour_passes_the_contrast_check():
    assert contrast_ratio("#1f4e79", "#ffffff") >= 4.5


# --- team --------------------------------------------------------------------------------------


def test_team_lists_members_with_roles_team_first(as_alice: Client, brand, mona, bob):
    page = as_alice.get(reverse("brands:team", kwargs={"brand_slug": brand.slug}))
    content = page.content.decode()
    assert content.index("alice@example.org") < content.index("mona@example.org")
    assert content.index("mona@example.org") < content.index("bob@example.org")


def test_team_search_by_name_or_email(as_alice: Client, brand, bob, dan, charlie):
    url = reverse("brands:team", kwargs={"brand_slug": brand.slug})
    content = as_alice.get(url, {"q": "BOB"}).content.decode()
    assert "bob@example.org" in content and "dan@example.org" not in content
    content = as_alice.get(url, {"q": "charlie"}).content.decode()
    assert "charlie@example.org" not in content


def test_team_is_paginated(as_alice: Client, brand):
    for n in range(30):
        MembershipFactory(brand=brand, user=UserFactory(email=f"fan{n:02}@example.org"))
    url = reverse("brands:team", kwargs={"brand_slug": brand.slug})
    first = as_alice.get(url).content.decode()
    second = as_alice.get(url, {"page": 2}).content.decode()
    assert first.count("@example.org</td>") == 25
    assert second.count("@example.org</td>") == 6
    assert as_alice.get(url, {"page": "nonsense"}).status_code == 200


def test_team_query_count_does_not_grow_with_members(
    as_alice: Client, brand, django_assert_max_num_queries
):
    for n in range(20):
        MembershipFactory(brand=brand, user=UserFactory(email=f"fan{n:02}@example.org"))
    with django_assert_max_num_queries(10):
        response = as_alice.get(reverse("brands:team", kwargs={"brand_slug": brand.slug}))
    assert response.status_code == 200


def test_admin_changes_a_role(as_alice: Client, brand, bob):
    url = reverse("brands:team_role", kwargs={"brand_slug": brand.slug, "membership_id": bob.pk})
    response = as_alice.post(url, {"role": "moderator"})
    assert response.status_code == 302
    bob.refresh_from_db()
    assert bob.role == Membership.Role.MODERATOR


def test_unknown_role_or_other_brand_member_changes_nothing(as_alice: Client, brand, bob, charlie):
    url = reverse("brands:team_role", kwargs={"brand_slug": brand.slug, "membership_id": bob.pk})
    as_alice.post(url, {"role": "emperor"})
    bob.refresh_from_db()
    assert bob.role == Membership.Role.MEMBER
    theirs = reverse(
        "brands:team_role", kwargs={"brand_slug": brand.slug, "membership_id": charlie.pk}
    )
    assert as_alice.post(theirs, {"role": "member"}).status_code == 404
    charlie.refresh_from_db()
    assert charlie.role == Membership.Role.ADMIN


def test_the_last_admin_cannot_step_down(as_alice: Client, brand, alice):
    url = reverse("brands:team_role", kwargs={"brand_slug": brand.slug, "membership_id": alice.pk})
    response = as_alice.post(url, {"role": "member"}, follow=True)
    assert "at least one admin" in response.content.decode()
    alice.refresh_from_db()
    assert alice.role == Membership.Role.ADMIN


def test_an_admin_may_step_down_when_another_admin_remains(brand, alice, mona):
    membership_set_role(membership=mona, role="admin", actor=alice)
    membership_set_role(membership=alice, role="member", actor=alice)
    alice.refresh_from_db()
    assert alice.role == Membership.Role.MEMBER
    with pytest.raises(Conflict):
        membership_set_role(membership=mona, role="moderator", actor=mona)


def test_only_admins_of_the_brand_change_roles(brand, bob, mona, charlie):
    for actor in (mona, charlie):
        with pytest.raises(PermissionDenied):
            membership_set_role(membership=bob, role="admin", actor=actor)


def test_set_role_refuses_unknown_roles(bob):
    with pytest.raises(ValueError):
        membership_set_role(membership=bob, role="emperor")
    assert not isinstance(ValueError(), DomainError)
