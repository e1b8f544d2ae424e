"""The brand everywhere: account pages and e-mails of a person who came through a brand."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from cocrea.brands.theming import COOKIE

pytestmark = pytest.mark.django_db


def test_the_login_page_wears_the_brand_named_in_next(client, brand):
    page = client.get(reverse("account_login") + "?next=/b/cafe-lumiere/")
    assert page.status_code == 200
    assert reverse("brands:theme_css", args=[brand.slug]).encode() in page.content
    assert b"Caf\xc3\xa9 Lumi\xc3\xa8re" in page.content


def test_a_visit_to_the_brand_themes_sign_up_and_password_reset(client, brand):
    response = client.get(reverse("brands:brand_home", args=[brand.slug]))
    assert response.cookies[COOKIE].value == brand.slug
    for name in ("account_signup", "account_reset_password"):
        page = client.get(reverse(name))
        assert reverse("brands:theme_css", args=[brand.slug]).encode() in page.content, name


def test_without_a_brand_the_pages_keep_cocreas_look(client, brand):
    page = client.get(reverse("account_login"))
    assert reverse("brands:theme_css", args=[brand.slug]).encode() not in page.content


def test_a_members_only_brand_does_not_dress_an_outsiders_page(client, brand, charlie):
    brand.visibility = "members"
    brand.save()
    client.force_login(charlie.user)
    client.cookies[COOKIE] = brand.slug
    page = client.get(reverse("accounts:profile"))
    assert b"Caf\xc3\xa9 Lumi\xc3\xa8re" not in page.content


def test_an_unknown_brand_in_the_cookie_is_ignored(client, db):
    client.cookies[COOKIE] = "no-such-brand"
    assert client.get(reverse("account_login")).status_code == 200


def test_password_reset_mail_comes_from_the_brand_in_its_colours(client, bob, brand):
    brand.primary_colour, brand.accent_colour = "#2d6a4f", "#ffb703"
    brand.save()
    client.get(reverse("brands:brand_home", args=[brand.slug]))
    client.post(reverse("account_reset_password"), {"email": bob.user.email})
    message = mail.outbox[-1]
    assert message.from_email.startswith('"Café Lumière" <')
    assert message.subject.startswith("[Café Lumière]")
    html = message.alternatives[0][0]
    assert "background:#2d6a4f" in html and "color:#ffffff" in html


def test_notification_mails_come_from_the_brand(
    bob, alice, brand, django_capture_on_commit_callbacks
):
    from cocrea.notifications.services import notify

    with django_capture_on_commit_callbacks(execute=True):
        # A reward is e-mailed at once by default (badges wait for the weekly digest).
        notify(recipients=[bob.user], brand=brand, kind="reward_granted", actor=alice.user,
               data={"reason": "Early bird", "points": 50})  # fmt: skip
    message = mail.outbox[-1]
    assert "Café Lumière" in message.from_email
    assert f"background:{brand.primary_colour}" in message.alternatives[0][0]


def test_the_unsubscribe_page_wears_the_look_of_the_brand_that_sent_the_mail(
    client, bob, alice, brand, django_capture_on_commit_callbacks
):
    from cocrea.notifications.services import notify

    brand.sender_name = "Café Lumière, the team"
    brand.logo = "brands/logos/cafe.png"
    brand.save()
    with django_capture_on_commit_callbacks(execute=True):
        notify(recipients=[bob.user], brand=brand, kind="reward_granted", actor=alice.user,
               data={"reason": "Early bird", "points": 50})  # fmt: skip
    link = mail.outbox[-1].extra_headers["List-Unsubscribe"].strip("<>")
    assert link in mail.outbox[-1].alternatives[0][0]  # the footer's link is the same
    # Opened from the mailbox, in a browser that never saw the brand (no session, no cookie)
    path = link.removeprefix(settings.SITE_URL)
    for page in (client.get(path), client.post(path)):
        assert page.status_code == 200
        assert reverse("brands:theme_css", args=[brand.slug]).encode() in page.content
        assert b"/media/brands/logos/cafe.png" in page.content
        assert "This link came in an e-mail from Café Lumière, the team." in page.text
        assert "<title>Unsubscribe · Café Lumière</title>" in page.text
    # A suspended brand's look is not shown; the link still works
    brand.suspended_at = timezone.now()
    brand.save()
    page = client.get(path)
    assert page.status_code == 200
    assert reverse("brands:theme_css", args=[brand.slug]).encode() not in page.content


def test_an_unsubscribe_link_cannot_be_moved_to_another_brand(client, bob, brand, other_brand):
    from cocrea.notifications.unsubscribe import read_token, unsubscribe_token

    token = unsubscribe_token(bob.user, "new_comment", brand)
    found = read_token(token)
    assert found is not None and (found.user_id, found.brand_id) == (bob.user.pk, brand.pk)
    # The brand is inside the signature: no way to dress the page in someone else's look
    signature = token.rpartition(":")[2]
    forged = unsubscribe_token(bob.user, "new_comment", other_brand).rpartition(":")[0]
    url = reverse("notifications:unsubscribe", args=[f"{forged}:{signature}"])
    assert client.get(url).status_code == 404
    # A link from before brands were in it still works, in Cocréa's own look
    page = client.get(reverse("notifications:unsubscribe", args=[unsubscribe_token(bob.user)]))
    assert page.status_code == 200
    assert b"theme.css" not in page.content


def test_the_unsubscribe_page_speaks_the_language_of_the_e_mail(client, bob, brand, settings):
    from cocrea.notifications.unsubscribe import unsubscribe_token

    bob.user.language = "fr"  # the platform's language is English in this test
    bob.user.save(update_fields=["language"])
    url = reverse("notifications:unsubscribe", args=[unsubscribe_token(bob.user, None, brand)])
    # Opened from her French e-mail in a browser that chose nothing: French, like the e-mail
    page = client.get(url)
    assert '<html lang="fr">' in page.text and "Ne plus recevoir ces e-mails\u00a0?" in page.text
    # A browser whose person chose English with the switcher reads English
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get(url)
    assert '<html lang="en">' in page.text and "Stop these e-mails?" in page.text
