"""Consent at sign-up: a person who came through a brand accepts its terms and privacy notice
(versioned) as she signs up, marketing consent kept apart, and joins the brand."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from cocrea.accounts.models import Consent, User
from cocrea.accounts.privacy import legal_document_publish
from cocrea.brands.models import Brand, Membership

PASSWORD = "a-long Passphrase 42"
OTHER = "another pass 1234"
pytestmark = pytest.mark.django_db


def _signup_url(brand: Brand) -> str:
    return f"{reverse('account_signup')}?next=/b/{brand.slug}/"


def _post(client: Client, brand: Brand, **fields: Any) -> Any:
    data = {
        "email": "nina@example.org",
        "password1": PASSWORD,
        "password2": PASSWORD,
        "display_name": "Nina",
        "language": "en",
        "next": f"/b/{brand.slug}/",
        **fields,
    }
    return client.post(reverse("account_signup"), data)


@pytest.fixture
def published(brand: Brand, alice: Membership) -> Brand:
    legal_document_publish(actor=alice, kind="terms", title="Terms", body="Be kind.")
    legal_document_publish(actor=alice, kind="terms", title="Terms", body="Be kinder.")
    legal_document_publish(actor=alice, kind="privacy", title="Privacy", body="We keep little.")
    brand.refresh_from_db()
    return brand


def test_the_form_links_the_brands_current_texts_and_keeps_marketing_apart(client, published):
    page = client.get(_signup_url(published)).content.decode()
    assert 'name="accept_legal"' in page and 'name="marketing"' in page
    assert f'href="/b/{published.slug}/legal/terms/"' in page
    assert f'href="/b/{published.slug}/legal/privacy/"' in page
    assert "(version 2)" in page and "(version 1)" in page
    assert 'name="terms_version" value="2"' in page and 'name="privacy_version" value="1"' in page
    # Marketing is its own, unticked, optional box, after the passwords
    assert page.index('name="password2"') < page.index('name="accept_legal"')
    assert (
        'name="marketing" id="id_marketing"' in page
        and "checked" not in page.split('name="marketing"')[1].split(">")[0]
    )


def test_signing_up_without_accepting_is_refused_and_creates_nothing(client, published):
    response = _post(client, published, terms_version="2", privacy_version="1", marketing="on")
    assert response.status_code == 200
    assert "Tick the box to accept them" in response.content.decode()
    assert not User.objects.filter(email="nina@example.org").exists()


def test_signing_up_with_consent_joins_the_brand_and_records_each_consent(client, published):
    response = _post(client, published, terms_version="2", privacy_version="1", accept_legal="on")
    assert response.status_code == 302, response.content.decode()[:2000]
    membership = Membership.objects.get(user__email="nina@example.org", brand=published)
    assert (membership.terms_version, membership.privacy_version) == (2, 1)
    assert membership.marketing_consent is False
    rows = Consent.objects.filter(membership=membership).values_list("kind", "version", "source")
    assert sorted(rows) == [("privacy", 1, "signup"), ("terms", 2, "signup")]


def test_marketing_consent_given_at_sign_up_is_its_own_row(client, published):
    _post(client, published, terms_version="2", privacy_version="1", accept_legal="on",
          marketing="on")  # fmt: skip
    membership = Membership.objects.get(user__email="nina@example.org", brand=published)
    assert membership.marketing_consent is True
    assert Consent.objects.filter(membership=membership, kind="marketing", given=True).exists()


def test_a_version_published_while_she_reads_must_be_read_first(client, published, alice):
    legal_document_publish(actor=alice, kind="privacy", title="Privacy", body="We keep less.")
    response = _post(client, published, terms_version="2", privacy_version="1", accept_legal="on")
    page = response.content.decode()
    assert response.status_code == 200 and "just published a new version" in page
    assert not User.objects.filter(email="nina@example.org").exists()
    # The form now carries the new version, unticked; accepting it works
    assert 'name="privacy_version" value="2"' in page and "(version 2)" in page
    _post(client, published, terms_version="2", privacy_version="2", accept_legal="on")
    membership = Membership.objects.get(user__email="nina@example.org", brand=published)
    assert (membership.terms_version, membership.privacy_version) == (2, 2)


def test_a_brand_without_texts_asks_only_the_optional_marketing_box(client, brand, alice):
    page = client.get(_signup_url(brand)).content.decode()
    assert 'name="accept_legal"' not in page and 'name="marketing"' in page
    _post(client, brand, terms_version="0", privacy_version="0")
    membership = Membership.objects.get(user__email="nina@example.org", brand=brand)
    assert not Consent.objects.filter(membership=membership).exists()


def test_after_sign_up_the_member_is_not_asked_again(client, published):
    _post(client, published, terms_version="2", privacy_version="1", accept_legal="on")
    user = User.objects.get(email="nina@example.org")
    client.force_login(user)
    assert client.get(reverse("brands:brand_home", args=[published.slug])).status_code == 200


def test_no_brand_no_boxes_and_no_membership(client, published):
    page = client.get(reverse("account_signup")).content.decode()
    assert 'name="accept_legal"' not in page and 'name="marketing"' not in page
    response = client.post(reverse("account_signup"), {
        "email": "nina@example.org", "password1": PASSWORD, "password2": PASSWORD,
        "display_name": "Nina", "language": "en",
    })  # fmt: skip
    assert response.status_code == 302
    assert not Membership.objects.filter(user__email="nina@example.org").exists()


def test_a_members_only_or_suspended_brand_adds_no_boxes(client, published):
    published.visibility = Brand.Visibility.MEMBERS
    published.save()  # through the model, which refreshes the brand cache
    assert 'name="accept_legal"' not in client.get(_signup_url(published)).content.decode()
    published.visibility, published.suspended_at = Brand.Visibility.PUBLIC, timezone.now()
    published.save()
    assert 'name="accept_legal"' not in client.get(_signup_url(published)).content.decode()


@pytest.mark.parametrize(
    ("fields", "status"),
    [
        ({"terms_version": "2\x00", "privacy_version": "1", "accept_legal": "on"}, 400),
        ({"terms_version": "abc", "privacy_version": "1", "accept_legal": "on"}, 200),
        ({"terms_version": "-1", "privacy_version": "1", "accept_legal": "on"}, 200),
        ({"terms_version": "", "privacy_version": "", "accept_legal": "on"}, 200),
    ],
)
def test_tampered_versions_are_refused_and_create_nothing(client, published, fields, status):
    response = _post(client, published, **fields)
    assert response.status_code == status  # 400: the site's guard against NUL bytes
    assert not User.objects.filter(email="nina@example.org").exists()


def test_an_address_already_used_by_another_account_changes_nothing(client, published, charlie):
    # Given charlie (another brand's member) already has an account with this address
    from django.core import mail

    address = charlie.user.email
    users, consents = User.objects.count(), Consent.objects.count()
    # When somebody signs up with it through Café Lumière, accepting everything
    response = _post(
        client, published, email=address.upper(), terms_version="2", privacy_version="1",
        accept_legal="on", marketing="on", password1=OTHER, password2=OTHER,
    )  # fmt: skip
    # Then she is told to check the mailbox (the address's owner is warned; whether an address
    # has an account is not given away), and nothing is created or changed
    assert response.status_code == 302
    assert User.objects.count() == users and Consent.objects.count() == consents
    assert not Membership.objects.filter(user=charlie.user, brand=published).exists()
    charlie.user.refresh_from_db()
    assert not charlie.user.check_password(OTHER)
    assert mail.outbox[-1].to == [address]
    assert "already" in mail.outbox[-1].body.lower()


def test_the_language_chosen_with_the_switcher_is_the_preferred_one_offered(client, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr"
    page = client.get(reverse("account_signup")).content.decode()
    assert '<option value="fr" selected>' in page
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get(reverse("account_signup")).content.decode()
    assert '<option value="en" selected>' in page
