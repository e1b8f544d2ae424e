"""Sign-up with e-mail confirmation, log-in, password reset: allauth in our pages."""

from __future__ import annotations

import re

from django.test import Client
from django.urls import reverse

from cocrea.accounts.models import User

PASSWORD = "a-long Passphrase 42"


def _signup(client: Client, **overrides: str):  # type: ignore[no-untyped-def]
    data = {
        "email": "new@example.org",
        "password1": PASSWORD,
        "password2": PASSWORD,
        "display_name": "Nina",
        "language": "en",
    }
    data.update(overrides)
    return client.post(reverse("account_signup"), data)


def _link(mail_body: str) -> str:
    match = re.search(r"https?://[^/\s]+(/accounts/\S+/)", mail_body)
    assert match, mail_body
    return match.group(1)


def _is_logged_in(client: Client) -> bool:
    return "_auth_user_id" in client.session


def test_signup_sends_a_confirmation_mail_and_login_waits_for_it(db, client: Client, mailoutbox):
    response = _signup(client)
    assert response.status_code == 302
    user = User.objects.get(email="new@example.org")
    assert (user.display_name, user.language) == ("Nina", "en")
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == ["new@example.org"]
    assert not _is_logged_in(client)

    # Before confirming, the password is right but the door stays shut.
    other = Client()
    other.post(reverse("account_login"), {"login": "new@example.org", "password": PASSWORD})
    assert not _is_logged_in(other)

    link = _link(mailoutbox[0].body)
    page = other.get(link)
    assert page.status_code == 200
    other.post(link)
    assert User.objects.get(pk=user.pk).emailaddress_set.get().verified

    fresh = Client()
    fresh.post(reverse("account_login"), {"login": "new@example.org", "password": PASSWORD})
    assert _is_logged_in(fresh)


def test_signup_needs_a_display_name_and_a_known_language(db, client: Client, mailoutbox):
    response = _signup(client, display_name="", language="de")
    assert response.status_code == 200
    content = response.content.decode()
    assert content.count('class="errorlist"') >= 2
    assert not User.objects.exists()
    assert mailoutbox == []


def test_signup_page_uses_our_layout_and_form_styles(db, client: Client):
    content = client.get(reverse("account_signup")).content.decode()
    assert "accounts/auth.css" in content
    assert 'class="auth-form"' in content
    assert '<label for="id_display_name">' in content
    assert 'class="button"' in content
    assert 'class="topbar"' in content


def test_login_errors_show_in_our_styles(client: Client, bob):
    response = client.post(reverse("account_login"), {"login": bob.user.email, "password": "wrong"})
    assert response.status_code == 200
    assert 'class="form-errors"' in response.content.decode()
    assert not _is_logged_in(client)


def test_password_reset_sends_a_mail_with_a_working_link(client: Client, bob, mailoutbox):
    bob.user.emailaddress_set.create(email=bob.user.email, verified=True, primary=True)
    response = client.post(reverse("account_reset_password"), {"email": bob.user.email})
    assert response.status_code == 302
    assert len(mailoutbox) == 1 and mailoutbox[0].to == [bob.user.email]
    link = _link(mailoutbox[0].body)
    form_page = client.get(link, follow=True)
    assert form_page.status_code == 200
    client.post(
        form_page.request["PATH_INFO"],
        {"password1": "brand new Secret 9", "password2": "brand new Secret 9"},
    )
    assert User.objects.get(pk=bob.user.pk).check_password("brand new Secret 9")


def test_logout_page_and_confirm_page_render_in_our_layout(as_bob: Client):
    content = as_bob.get(reverse("account_logout")).content.decode()
    assert 'class="auth-form"' in content and 'class="button"' in content
    content = as_bob.get("/accounts/confirm-email/not-a-key/").content.decode()
    assert "accounts/auth.css" in content
