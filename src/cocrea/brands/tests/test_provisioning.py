"""Brands from nothing: the command, the invitation, the operators' console, self-service."""

from __future__ import annotations

import re
import shlex
from io import StringIO
from pathlib import Path

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.urls import reverse

from cocrea.accounts.models import AuditEvent, User
from cocrea.accounts.tests.factories import UserFactory
from cocrea.brands.colours import contrast_ratio, readable_on, text_on
from cocrea.brands.models import Brand, Membership, TeamInvitation
from cocrea.brands.provisioning import brand_create, invitation_accept, invitation_by_token
from cocrea.campaigns.tests.factories import CampaignFactory
from cocrea.core.errors import Conflict, DomainError, PermissionDenied
from cocrea.ideas.models import Idea

pytestmark = pytest.mark.django_db
LINK = re.compile(r"http://[^\s\"]+/invitations/[A-Za-z0-9_-]+/")


def _invitation_link() -> str:
    message = mail.outbox[-1]
    match = LINK.search(message.body)
    assert match, message.body
    return match.group(0).split("/invitations/", 1)[1].join(["/invitations/", ""])


def test_a_brand_created_by_the_command_works_end_to_end(
    client, django_capture_on_commit_callbacks
):
    # Given an operator creates a brand on the command line
    out = StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command(
            "create_brand", "Maison Verte", "maison-verte", "--languages", "en,fr",
            "--admin-email", "Olga@Example.org", stdout=out,
        )  # fmt: skip
    brand = Brand.objects.get(slug="maison-verte")
    assert brand.languages == ["fr", "en"] and brand.default_language == "en"
    assert "/b/maison-verte/" in out.getvalue() and "/invitations/" in out.getvalue()
    # Then the first admin receives the invitation, in the brand's name and language
    invitation_mail = mail.outbox[-1]
    assert invitation_mail.to == ["olga@example.org"]
    assert invitation_mail.from_email.startswith('"Maison Verte" <')
    assert "Maison Verte" in invitation_mail.subject
    # When she opens the link, creates her account and joins
    link = _invitation_link()
    page = client.get(link)
    assert page.status_code == 200 and b"Maison Verte" in page.content
    response = client.post(
        link,
        {"display_name": "Olga", "language": "en", "password1": "a-long-pass-phrase-42",
         "password2": "a-long-pass-phrase-42"},
    )  # fmt: skip
    assert response.status_code == 302 and response["Location"] == "/b/maison-verte/"
    olga = User.objects.get(email="olga@example.org")
    assert Membership.objects.get(brand=brand, user=olga).role == Membership.Role.ADMIN
    # Then she runs the brand: her console opens, she sets its colours
    settings_url = reverse("brands:settings", args=["maison-verte"])
    assert client.get(settings_url).status_code == 200
    response = client.post(
        settings_url,
        {"name": "Maison Verte", "primary_colour": "#2d6a4f", "accent_colour": "#ffb703",
         "languages": ["fr", "en"], "default_language": "en", "visibility": "public"},
    )  # fmt: skip
    assert response.status_code == 302
    # And a customer joins, submits an idea and another supports it
    campaign = CampaignFactory(brand=brand, slug="next-range")
    customer = UserFactory(email="cust@example.org")
    client.force_login(customer)
    assert client.post(reverse("brands:join", args=["maison-verte"])).status_code == 302
    response = client.post(
        reverse("ideas:submit", args=["maison-verte", campaign.slug]),
        {"title": "Refill stations in every shop", "body": "Bring your own bottle, fill it."},
    )
    assert response.status_code == 302
    idea = Idea.objects.get(brand=brand)
    fan = UserFactory(email="fan@example.org")
    client.force_login(fan)
    client.post(reverse("brands:join", args=["maison-verte"]))
    client.post(reverse("ideas:vote", args=["maison-verte", idea.pk]))
    idea.refresh_from_db()
    assert idea.support_count == 1
    # And the theme reads well: text colours computed for AA on the new colours
    css = client.get(reverse("brands:theme_css", args=["maison-verte"])).content.decode()
    assert f"--brand-on-accent:{text_on('#ffb703')}" in css
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"brand_created", "invitation_sent", "invitation_accepted"} <= actions


def test_the_command_refuses_bad_input_and_writes_nothing():
    with pytest.raises(CommandError, match="address"):
        call_command("create_brand", "X", "Bad Slug!", "--admin-email", "a@example.org")
    with pytest.raises(CommandError, match="valid e-mail"):
        call_command("create_brand", "X", "x", "--admin-email", "not-an-email")
    with pytest.raises(CommandError, match="language"):
        call_command("create_brand", "X", "x", "--languages", "de", "--admin-email", "a@b.org")
    with pytest.raises(CommandError, match="printable"):
        call_command("create_brand", "X\x00Y", "x", "--admin-email", "a@example.org")
    call_command("create_brand", "X", "x", "--admin-email", "a@example.org", stdout=StringIO())
    with pytest.raises(CommandError, match="already has this address"):
        call_command("create_brand", "Y", "x", "--admin-email", "b@example.org")
    assert Brand.objects.count() == 1 and TeamInvitation.objects.count() == 1


def test_an_invitation_works_once_and_only_for_its_address():
    created = brand_create(name="B", slug="b", languages=["fr"], admin_email="ann@example.org")
    assert created.invitation is not None
    stranger = UserFactory(email="stranger@example.org")
    with pytest.raises(PermissionDenied):
        invitation_accept(invitation=created.invitation, user=stranger)
    ann = UserFactory(email="Ann@example.org")
    invitation_accept(invitation=created.invitation, user=ann)
    with pytest.raises(Conflict):
        invitation_accept(invitation=created.invitation, user=ann)
    assert invitation_by_token(created.token) is None
    assert Membership.objects.filter(brand=created.brand).count() == 1


def test_an_invited_person_with_an_account_logs_in_to_accept(client):
    created = brand_create(name="B", slug="b", languages=["fr"], admin_email="ann@example.org")
    ann = UserFactory(email="ann@example.org")
    link = reverse("invitation_accept", args=[created.token])
    page = client.get(link)
    assert b"log in to accept" in page.content
    client.post(link, {"display_name": "Imposter", "language": "en", "password1": "x" * 20,
                       "password2": "x" * 20})  # fmt: skip
    assert User.objects.filter(email__iexact="ann@example.org").count() == 1
    assert not Membership.objects.filter(brand=created.brand).exists()
    client.force_login(ann)
    assert client.post(link).status_code == 302
    assert Membership.objects.get(brand=created.brand, user=ann).role == Membership.Role.ADMIN


def test_an_unknown_or_used_invitation_is_a_clear_404(client):
    assert client.get(reverse("invitation_accept", args=["nope"])).status_code == 404
    assert client.get("/invitations/" + "x" * 300 + "/").status_code == 404


def test_a_weak_password_is_refused_and_nothing_is_created(client):
    created = brand_create(name="B", slug="b", languages=["fr"], admin_email="ann@example.org")
    link = reverse("invitation_accept", args=[created.token])
    response = client.post(link, {"display_name": "Ann", "language": "fr",
                                  "password1": "123", "password2": "123"})  # fmt: skip
    assert response.status_code == 200 and b"errorlist" in response.content
    assert not User.objects.filter(email="ann@example.org").exists()


@pytest.fixture
def operator(db):  # type: ignore[no-untyped-def]
    return User.objects.create_superuser(email="op@example.org", password="op-password-123")


def test_the_operators_console_lists_brands_with_size_and_activity(
    client, operator, brand, bob, alice, django_assert_max_num_queries
):
    CampaignFactory(brand=brand)
    client.force_login(operator)
    with django_assert_max_num_queries(8):
        page = client.get(reverse("operators:home"))
    assert page.status_code == 200
    row = page.content.decode().split('data-testid="operator-brand-cafe-lumiere"')[1][:1200]
    assert "Café Lumière" in row and "<td>2</td>" in row  # two members


def test_operators_create_suspend_resume_and_delete(client, operator, brand, bob):
    client.force_login(operator)
    response = client.post(
        reverse("operators:create"),
        {"name": "Nova", "slug": "nova", "languages": ["fr"], "default_language": "fr",
         "visibility": "public", "admin_email": "nina@example.org"},
    )  # fmt: skip
    assert response.status_code == 302 and Brand.objects.filter(slug="nova").exists()
    client.post(reverse("operators:suspend", args=[brand.pk]), {"reason": "Unpaid"})
    brand.refresh_from_db()
    assert brand.is_suspended and brand.suspension_reason == "Unpaid"
    client.force_login(bob.user)
    page = client.get(reverse("brands:brand_home", args=[brand.slug]))
    assert page.status_code == 403 and b"paused" in page.content
    client.force_login(operator)
    client.post(reverse("operators:resume", args=[brand.pk]))
    brand.refresh_from_db()
    assert not brand.is_suspended
    wrong = client.post(reverse("operators:delete", args=[brand.pk]), {"confirm_slug": "nope"})
    assert wrong.status_code == 200 and Brand.objects.filter(pk=brand.pk).exists()
    client.post(reverse("operators:delete", args=[brand.pk]), {"confirm_slug": brand.slug})
    assert not Brand.objects.filter(pk=brand.pk).exists()
    assert User.objects.filter(pk=bob.user_id).exists()  # accounts stay
    deleted = AuditEvent.objects.get(action="brand_deleted")
    assert deleted.brand_label == "cafe-lumiere" and deleted.actor_id == operator.pk


@pytest.mark.parametrize("name", ["operators:home", "operators:create", "operators:audit"])
def test_the_operators_console_is_for_superusers_only(client, alice, name):
    assert reverse("account_login") in client.get(reverse(name))["Location"]
    client.force_login(alice.user)  # a brand admin is not an operator
    assert client.get(reverse(name)).status_code == 404


def test_non_operators_cannot_suspend_or_delete(client, alice, brand):
    client.force_login(alice.user)
    assert client.post(reverse("operators:suspend", args=[brand.pk])).status_code == 404
    assert client.post(reverse("operators:delete", args=[brand.pk]),
                       {"confirm_slug": brand.slug}).status_code == 404  # fmt: skip
    brand.refresh_from_db()
    assert not brand.is_suspended


def test_self_service_brand_signup_is_off_by_default(client, bob):
    client.force_login(bob.user)
    assert client.get(reverse("brand_signup")).status_code == 404


def test_self_service_brand_signup_makes_the_person_its_admin(client, bob, settings):
    settings.BRAND_SELF_SIGNUP = True
    client.force_login(bob.user)
    response = client.post(
        reverse("brand_signup"),
        {"name": "Bob's Bikes", "slug": "bobs-bikes", "languages": ["en"],
         "default_language": "en", "visibility": "public"},
    )  # fmt: skip
    assert response.status_code == 302
    assert Membership.objects.get(brand__slug="bobs-bikes", user=bob.user).is_admin
    taken = client.post(
        reverse("brand_signup"),
        {"name": "Again", "slug": "bobs-bikes", "languages": ["en"], "default_language": "en",
         "visibility": "public"},
    )  # fmt: skip
    assert taken.status_code == 200 and b"already has this address" in taken.content


def test_a_brand_needs_a_first_admin():
    with pytest.raises(DomainError):
        brand_create(name="B", slug="b", languages=["fr"])


@pytest.mark.parametrize("colour", ["#e07a1f", "#ffff00", "#777777", "#1f4e79", "#000000"])
def test_text_colours_reach_aa_on_any_brand_colour(colour):
    assert contrast_ratio(colour, text_on(colour)) >= 4.5
    assert contrast_ratio(readable_on(colour), "#ffffff") >= 4.5


def test_the_readmes_operator_account_is_created_by_createsuperuser(monkeypatch, client):
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", "an-operator-pass-phrase")
    call_command(
        "createsuperuser", interactive=False, username="ops@example.com", email="ops@example.com",
        stdout=StringIO(),
    )  # fmt: skip
    operator = User.objects.get(email="ops@example.com")
    assert operator.is_superuser and operator.check_password("an-operator-pass-phrase")
    client.force_login(operator)
    assert client.get(reverse("operators:home")).status_code == 200


def _readme_production_commands() -> list[list[str]]:
    """The ``cocrea createsuperuser`` and ``cocrea create_brand`` lines of the README's
    production section, as an operator would type them (comments dropped)."""
    readme = (Path(__file__).resolve().parents[4] / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Run it in production", 1)[1].split("\n## ", 1)[0]
    commands = []
    for line in section.splitlines():
        if not line.startswith("cocrea create"):
            continue
        words = shlex.split(line, comments=True)
        if words[:2] in (["cocrea", "createsuperuser"], ["cocrea", "create_brand"]):
            commands.append(words[1:])
    return commands


def test_the_readmes_production_section_ends_with_a_working_brand(
    monkeypatch, client, django_capture_on_commit_callbacks
):
    # Given the README's own commands, typed as written (the password from the environment)
    commands = _readme_production_commands()
    assert [c[0] for c in commands] == ["createsuperuser", "create_brand"]
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", "an-operator-pass-phrase")
    out = StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command(*commands[0], "--noinput", stdout=out)
        call_command(*commands[1], stdout=out)
    # Then the operator sees the brand in her console
    operator = User.objects.get(is_superuser=True)
    client.force_login(operator)
    brand = Brand.objects.get()
    assert brand.name.encode() in client.get(reverse("operators:home")).content
    client.logout()
    # And its invited admin creates her account with the e-mailed link and lands in the community
    admin_address = commands[1][commands[1].index("--admin-email") + 1]
    assert mail.outbox[-1].to == [admin_address]
    link = _invitation_link()
    response = client.post(
        link,
        {"display_name": "Alice", "language": brand.default_language,
         "password1": "a-long-pass-phrase-42", "password2": "a-long-pass-phrase-42"},
    )  # fmt: skip
    assert response["Location"] == f"/b/{brand.slug}/"
    home = client.get(response["Location"])
    assert home.status_code == 200 and brand.name.encode() in home.content
    # Her console is one click away (the README says so)
    assert reverse("programmes:home", args=[brand.slug]).encode() in home.content
    assert client.get(reverse("brands:settings", args=[brand.slug])).status_code == 200
