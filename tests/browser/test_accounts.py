"""Brands from nothing and the brand's look on account pages, in real Chromium."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from playwright.sync_api import expect

from cocrea.accounts.models import User
from cocrea.brands.colours import text_on
from cocrea.brands.models import Brand, Membership

pytestmark = pytest.mark.django_db(transaction=True)
SHOTS = os.environ.get("COCREA_SCREENSHOTS")  # a folder: keep the pictures for the docs
OPERATOR_PASSWORD = "an-operator-pass-phrase"


def _shot(page, name: str) -> None:  # type: ignore[no-untyped-def]
    if SHOTS:
        page.screenshot(path=str(Path(SHOTS) / name), full_page=True)


def _rgb(hex_colour: str) -> str:
    raw = hex_colour.lstrip("#")
    return "rgb({}, {}, {})".format(*(int(raw[i : i + 2], 16) for i in (0, 2, 4)))


def test_an_operator_creates_a_brand_and_its_invited_admin_runs_it(new_page, brand, bob):  # type: ignore[no-untyped-def]
    operator = User.objects.create_superuser(email="ops@example.org", password=OPERATOR_PASSWORD)
    EmailAddress.objects.create(user=operator, email=operator.email, verified=True, primary=True)
    ops = new_page()
    ops.goto("/accounts/login/?next=/operators/")
    ops.locator("input[name=login]").fill(operator.email)
    ops.locator("input[name=password]").fill(OPERATOR_PASSWORD)
    ops.locator("form.auth-form button[type=submit]").click()
    expect(ops.get_by_test_id("operator-brand-cafe-lumiere")).to_be_visible()
    ops.get_by_test_id("new-brand").click()
    ops.locator("input[name=name]").fill("Maison Verte")
    ops.locator("input[name=slug]").fill("maison-verte")
    ops.locator("input[name=admin_email]").fill("olga@example.org")
    ops.locator("main form button[type=submit]").click()
    row = ops.get_by_test_id("operator-brand-maison-verte")
    expect(row).to_contain_text("Maison Verte")
    _shot(ops, "operators-console.png")

    # The invited admin opens the e-mailed link, creates her account and lands in her brand.
    link = re.search(r"https?://\S+/invitations/\S+/", mail.outbox[-1].body)
    assert link and mail.outbox[-1].to == ["olga@example.org"]
    olga = new_page()
    olga.goto(link.group(0).split("/invitations/")[1].join(["/invitations/", ""]))
    olga.locator("input[name=display_name]").fill("Olga")
    olga.locator("input[name=password1]").fill("a-long-pass-phrase-42")
    olga.locator("input[name=password2]").fill("a-long-pass-phrase-42")
    olga.get_by_test_id("accept-invitation").click()
    olga.wait_for_url("**/b/maison-verte/")
    brand_row = Brand.objects.get(slug="maison-verte")
    assert Membership.objects.get(brand=brand_row, user__email="olga@example.org").is_admin


def test_the_login_page_wears_the_brands_colours_with_readable_text(page, brand):  # type: ignore[no-untyped-def]
    brand.primary_colour, brand.accent_colour = "#1f4e79", "#e07a1f"
    brand.save()
    page.goto(f"/b/{brand.slug}/")
    page.goto("/accounts/login/")
    bar = page.locator("header.topbar")
    expect(bar).to_contain_text(brand.name)
    expect(bar).to_have_css("background-color", _rgb(brand.primary_colour))
    # The sign-up button sits on the orange accent: its text is dark, not white (5.8:1).
    signup = page.locator(".topbar .button--small")
    expect(signup).to_have_css("color", _rgb(text_on(brand.accent_colour)))
    _shot(page, "login-in-brand-colours.png")


def test_a_member_downloads_her_data_then_deletes_her_account(new_page, brand, campaign, bob, dan):  # type: ignore[no-untyped-def]
    from cocrea.ideas.models import Idea, Vote
    from cocrea.ideas.tests.factories import IdeaFactory
    from tests.browser.test_journeys import _verified, log_in

    _verified(bob)
    idea = IdeaFactory(campaign=campaign, author=dan, title="Une station de recharge")
    Vote.objects.create(idea=idea, member=bob)
    Idea.objects.filter(pk=idea.pk).update(support_count=1)
    comment_author = IdeaFactory(campaign=campaign, author=bob, title="Mon idée à moi")
    page = new_page()
    log_in(page, bob.user.email, next_url="/privacy/")
    page.get_by_test_id("export-start").click()
    job = page.get_by_test_id("exports").locator("li").first
    expect(job).to_have_attribute("data-state", "done")
    with page.expect_download() as info:
        page.get_by_test_id("export-download").click()
    assert info.value.suggested_filename.startswith("cocrea-my-data-")
    _shot(page, "privacy-page.png")
    page.get_by_test_id("delete-account").click()
    page.locator("input[name=password]").fill("correct horse battery staple")
    page.get_by_test_id("confirm-delete").click()
    page.wait_for_url("**/")
    # The idea she supported keeps its count; her own idea is signed "former member".
    page.goto(f"/b/{brand.slug}/ideas/{idea.pk}/")
    idea.refresh_from_db()
    assert idea.support_count == 1 and Vote.objects.filter(idea=idea).count() == 1
    page.goto(f"/b/{brand.slug}/ideas/{comment_author.pk}/")
    expect(page.locator("main")).to_contain_text("ancien membre")


SSO_KEY = "cafe-staff"
SSO_PASSWORD = "correct horse battery"


def test_a_member_signs_in_with_the_brands_accounts_then_leaves_keeping_the_counts(  # type: ignore[no-untyped-def]
    new_page, live_server, brand, campaign, dan, oidc_provider
):
    """Issue 17's journey: through the brand's OpenID Connect provider into the brand's
    community, in its colours; she supports and comments an idea, downloads her data and
    deletes her account: the idea keeps its count, her comment is a former member's."""
    from cocrea.ideas.models import Idea, Vote
    from cocrea.ideas.tests.factories import IdeaFactory
    from cocrea.sso.models import IdentityProvider

    brand.primary_colour, brand.accent_colour = "#1f4e79", "#e07a1f"
    brand.save()
    callback = f"{live_server.url}/accounts/oidc/{SSO_KEY}/login/callback/"
    oidc_provider.setup(
        users=[{"email": "zoe@cafe.example", "password": SSO_PASSWORD, "name": "Zoé"}],
        clients=[{"client_id": "cocrea-b", "secret": "s3cret-b", "redirect_uris": [callback]}],
    )
    IdentityProvider.objects.create(
        brand=brand, protocol="oidc", key=SSO_KEY, name="Café Lumière staff",
        server_url=oidc_provider.issuer, client_id="cocrea-b", secret="s3cret-b",
    )  # fmt: skip
    idea = IdeaFactory(campaign=campaign, author=dan, title="Une station de recharge")
    idea_path = f"/b/{brand.slug}/ideas/{idea.pk}/"

    page = new_page()
    page.set_default_timeout(45_000)  # two servers (Cocréa and the provider) on a shared machine
    page.goto(f"/accounts/login/?next=/b/{brand.slug}/")
    page.get_by_role("link", name="Café Lumière staff").click()
    page.locator("form.auth-form button[type=submit]").click()  # allauth: "Continue" (a POST)
    page.wait_for_url(f"{oidc_provider.url}/login/**")
    expect(page.locator("h1")).to_have_text("Test identity provider")  # at the provider
    page.locator("input[name=username]").fill("zoe@cafe.example")
    page.locator("input[name=password]").fill(SSO_PASSWORD)
    page.locator("button[type=submit]").click()
    page.wait_for_url(f"{live_server.url}/b/{brand.slug}/")
    bar = page.locator("header.topbar")
    expect(bar).to_contain_text(brand.name)
    expect(bar).to_have_css("background-color", _rgb(brand.primary_colour))
    _shot(page, "sso-signed-in-brand.png")
    zoe = User.objects.get(email="zoe@cafe.example")
    assert Membership.objects.filter(brand=brand, user=zoe).exists()

    page.goto(idea_path)
    page.locator("#comment-form textarea[name=body]").fill("Oui, près de l'entrée !")
    page.locator("#comment-form button[type=submit]").click()
    expect(page.get_by_test_id("comments")).to_contain_text("Zoé")
    page.get_by_test_id("vote-box").locator("button[aria-pressed=false]").click()
    expect(page.get_by_test_id("support-count")).to_have_text("1")

    page.goto("/privacy/")
    page.get_by_test_id("export-start").click()
    expect(page.get_by_test_id("exports").locator("li").first).to_have_attribute(
        "data-state", "done"
    )
    with page.expect_download() as info:
        page.get_by_test_id("export-download").click()
    assert info.value.suggested_filename.startswith("cocrea-my-data-")
    page.get_by_test_id("delete-account").click()
    page.locator("input[name=confirm]").fill("DELETE")  # an SSO account has no password
    page.get_by_test_id("confirm-delete").click()
    page.wait_for_url("**/")
    expect(page.get_by_test_id("notifications-link")).to_have_count(0)  # signed out

    page.goto(idea_path)
    expect(page.get_by_test_id("support-count")).to_have_text("1")
    comments = page.get_by_test_id("comments")
    expect(comments).to_contain_text("ancien membre")
    expect(comments).not_to_contain_text("Zoé")
    _shot(page, "after-deletion-former-member.png")
    idea.refresh_from_db()
    assert idea.support_count == 1 == Vote.objects.filter(idea=idea).count()
    assert Idea.objects.get(pk=idea.pk).comment_count == 1
    assert not User.objects.filter(email="zoe@cafe.example").exists()


def test_a_member_chooses_her_notifications_and_unsubscribes_in_one_click(  # type: ignore[no-untyped-def]
    new_page, live_server, brand, campaign, bob, dan
):
    from cocrea.ideas.comment_services import comment_post
    from cocrea.ideas.models import Follow
    from cocrea.ideas.tests.factories import IdeaFactory
    from cocrea.notifications.models import NotificationPreference
    from tests.browser.test_journeys import _verified, log_in

    _verified(bob, dan)
    idea = IdeaFactory(campaign=campaign, author=bob, title="Des gobelets consignés")
    Follow.objects.create(idea=idea, member=bob)  # as idea_submit does for its author
    page = new_page()
    log_in(page, bob.user.email, next_url=f"/b/{brand.slug}/")  # she came through the brand
    page.goto("/notifications/preferences/")
    form = page.get_by_test_id("preferences")
    form.locator("select[name=new_comment]").select_option("immediate")
    form.locator("select[name=badge_awarded]").select_option("off")
    form.locator("button[type=submit]").click()
    expect(page.locator("[role=status], .message").first).to_be_visible()
    expect(form.locator("select[name=new_comment]")).to_have_value("immediate")
    _shot(page, "notification-preferences.png")

    mail.outbox.clear()
    comment_post(member=dan, idea=idea, body="Et un gobelet pour les enfants ?")
    sent = [m for m in mail.outbox if m.to == [bob.user.email]]
    assert len(sent) == 1, [m.subject for m in mail.outbox]
    header = sent[0].extra_headers["List-Unsubscribe"]
    assert sent[0].extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    link = re.search(r"<https?://[^/]+(/notifications/unsubscribe/[^>]+/)>", header)
    assert link and link.group(1) in sent[0].body

    # From the e-mail, in a browser where nobody is signed in and that never opened the brand's
    # pages: no login asked, and the page is the brand's (its colours and name), not Cocréa's.
    stranger = new_page()
    stranger.goto(link.group(1))
    expect(stranger.locator("h1")).to_contain_text("Ne plus recevoir")
    bar = stranger.locator("header.topbar")
    expect(bar).to_contain_text(brand.name)
    expect(bar).to_have_css("background-color", _rgb(brand.primary_colour))
    expect(stranger.get_by_test_id("unsubscribe-sender")).to_contain_text(brand.mail_sender_name)
    stranger.get_by_test_id("unsubscribe").click()
    expect(stranger.get_by_test_id("unsubscribed")).to_be_visible()
    _shot(stranger, "unsubscribed.png")
    channel = NotificationPreference.objects.get(user=bob.user, kind="new_comment").channel
    assert channel == "in_app"
    mail.outbox.clear()
    comment_post(member=dan, idea=idea, body="Et un autre pour les chiens ?")
    assert not [m for m in mail.outbox if m.to == [bob.user.email]]
    page.reload()
    expect(page.get_by_test_id("preferences").locator("select[name=new_comment]")).to_have_value(
        "in_app"
    )


def test_a_visitor_accepts_the_brands_terms_as_she_signs_up(page, brand, alice):  # type: ignore[no-untyped-def]
    from cocrea.accounts.privacy import legal_document_publish

    legal_document_publish(actor=alice, kind="terms", title="Conditions", body="Soyez aimable.")
    legal_document_publish(actor=alice, kind="privacy", title="Confidentialité", body="Peu.")
    page.goto(f"/b/{brand.slug}/")
    page.get_by_test_id("signup-cta").click()
    page.locator("input[name=email]").fill("nina@example.org")
    page.locator("input[name=display_name]").fill("Nina")
    page.locator("input[name=password1]").fill("a-long-and-unusual-password-42")
    page.locator("input[name=password2]").fill("a-long-and-unusual-password-42")
    terms = page.locator("label[for=id_accept_legal]")
    expect(terms).to_contain_text(brand.name)
    expect(terms.locator("a")).to_have_count(2)
    page.locator("form.auth-form button[type=submit]").click()
    box = page.locator("input[name=accept_legal]")
    assert box.evaluate("box => box.validity.valueMissing")  # required: the browser says so
    assert not User.objects.filter(email="nina@example.org").exists()
    box.check()
    _shot(page, "signup-consent.png")
    page.locator("form.auth-form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/accounts/confirm-email/$"))
    membership = Membership.objects.get(brand=brand, user__email="nina@example.org")
    assert (membership.terms_version, membership.privacy_version) == (1, 1)
    assert membership.marketing_consent is False
