"""The Django admin, the operators' second tool: every model registered for them opens (list
and record), secrets stay out of it, ledgers are read-only, and nobody else gets in."""

from __future__ import annotations

import pytest
from django.contrib import admin
from django.urls import reverse

from cocrea.accounts.models import AuditEvent, Consent, LegalDocument, PersonalExport
from cocrea.accounts.tests.factories import UserFactory
from cocrea.brands.provisioning import invitation_send
from cocrea.notifications.models import NotificationPreference, OutgoingEmail
from cocrea.notifications.services import notify
from cocrea.sso.models import BrandSignIn, IdentityProvider

pytestmark = pytest.mark.django_db

OPERATORS_MODELS = [
    "accounts.User", "accounts.AuditEvent", "accounts.Consent", "accounts.LegalDocument",
    "accounts.PersonalExport", "brands.Brand", "brands.Membership", "brands.TeamInvitation",
    "notifications.Notification", "notifications.NotificationPreference",
    "notifications.OutgoingEmail", "sso.IdentityProvider", "sso.BrandSignIn",
]  # fmt: skip


@pytest.fixture
def operator(client):  # type: ignore[no-untyped-def]
    user = UserFactory(email="ops@example.com", is_staff=True, is_superuser=True)
    client.force_login(user)
    return user


@pytest.fixture
def one_of_each(brand, alice, bob):  # type: ignore[no-untyped-def]
    """A row in each operators' model, as the application writes them."""
    LegalDocument.objects.create(brand=brand, kind="terms", version=1, title="T", body="Text")
    Consent.objects.create(membership=bob, kind="terms", version=1, source="signup")
    PersonalExport.objects.create(user=bob.user)
    AuditEvent.objects.create(action="data_export_requested", actor=bob.user, actor_label="bob")
    notify(recipients=[bob.user], brand=brand, kind="badge_awarded", actor=alice.user)
    NotificationPreference.objects.create(user=bob.user, kind="new_comment", channel="daily")
    OutgoingEmail.objects.create(to="bob@example.org", subject="Hello", message={})
    IdentityProvider.objects.create(
        brand=brand, protocol="oidc", key="cafe-idp", name="Staff", server_url="https://idp.test",
        client_id="cocrea", secret="the-client-secret",
    )  # fmt: skip
    BrandSignIn.objects.create(brand=brand, customer_secret="the-customer-secret")
    invitation_send(brand=brand, email="mod@example.org", role="moderator", invited_by=alice.user)


def test_every_operators_model_is_registered():
    registered = {f"{m._meta.app_label}.{m.__name__}" for m in admin.site._registry}
    assert set(OPERATORS_MODELS) <= registered


@pytest.mark.parametrize("label", OPERATORS_MODELS)
def test_an_operator_opens_the_list_and_a_record(client, operator, one_of_each, label):
    app, name = label.split(".")
    model = next(m for m in admin.site._registry if m._meta.label == label)
    listing = client.get(reverse(f"admin:{app}_{name.lower()}_changelist"))
    assert listing.status_code == 200
    row = model._default_manager.first()
    page = client.get(reverse(f"admin:{app}_{name.lower()}_change", args=[row.pk]))
    assert page.status_code == 200
    for secret in (b"the-client-secret", b"the-customer-secret"):
        assert secret not in listing.content and secret not in page.content


@pytest.mark.parametrize(
    "model", [AuditEvent, Consent, LegalDocument, PersonalExport, OutgoingEmail]
)
def test_ledgers_are_read_only(client, operator, one_of_each, model):
    app, name = model._meta.app_label, model._meta.model_name
    assert client.get(reverse(f"admin:{app}_{name}_add")).status_code == 403
    row = model._default_manager.first()
    page = client.post(reverse(f"admin:{app}_{name}_change", args=[row.pk]), {})
    assert page.status_code == 403
    assert model._default_manager.filter(pk=row.pk).exists()


def test_members_and_brand_admins_do_not_get_in(client, alice, bob):
    for membership in (alice, bob):
        client.force_login(membership.user)
        response = client.get(reverse("admin:brands_brand_changelist"))
        assert response.status_code == 302 and "/admin/login/" in response["Location"]
