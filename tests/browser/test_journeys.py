"""The journeys people take, in real Chromium against the live server.

Elements are found by test id, form field name or role, never by visible text: the interface is
French by default and its wording may change; the assertions compare with the same translated
labels the server renders (``_fr``).
"""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.utils import timezone, translation
from playwright.sync_api import Page, expect

from cocrea.accounts.models import User
from cocrea.brands.models import Brand, Membership
from cocrea.campaigns.models import Campaign, Phase
from cocrea.ideas.comment_services import comment_post
from cocrea.ideas.models import Comment, Idea
from cocrea.ideas.services import idea_submit
from cocrea.ideas.workflow import idea_set_status
from cocrea.notifications.models import Notification

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "correct horse battery staple"  # the factories' password
# On a phone, Chromium widens the layout viewport (window.innerWidth) to fit content that
# overflows, so the page width is compared with the screen's, not with innerWidth.
PAGE_WIDTH = "document.documentElement.scrollWidth"


def page_width(page: Page) -> int:
    """The page's width once its stylesheets have loaded: measured earlier, under a loaded CI
    machine, the unstyled page is as wide as its longest word."""
    page.wait_for_load_state("load")
    return int(page.evaluate(PAGE_WIDTH))


def _fr(label: object) -> str:
    with translation.override("fr"):
        return str(label)


def _verified(*memberships: Membership) -> None:
    """People created in the database have confirmed their e-mail (verification is mandatory)
    and read the platform in French, its default language."""
    for membership in memberships:
        user = membership.user
        EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
        User.objects.filter(pk=user.pk).update(language="fr")


def log_in(page: Page, email: str, password: str = PASSWORD, next_url: str = "/") -> None:
    page.goto(f"/accounts/login/?next={next_url}")
    page.locator("input[name=login]").fill(email)
    page.locator("input[name=password]").fill(password)
    page.locator("form.auth-form button[type=submit]").click()
    # Attached, not visible: on a phone the menu is folded behind its button.
    expect(page.get_by_test_id("notifications-link")).to_be_attached()


def sign_up_and_confirm(page: Page, brand: Brand, email: str, password: str) -> None:
    page.goto(f"/b/{brand.slug}/")
    page.get_by_test_id("signup-cta").click()
    page.locator("input[name=email]").fill(email)
    page.locator("input[name=display_name]").fill("Zoé")
    page.locator("select[name=language]").select_option("fr")
    page.locator("input[name=password1]").fill(password)
    page.locator("input[name=password2]").fill(password)
    page.locator("form.auth-form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/accounts/confirm-email/$"))

    assert [message.to for message in mail.outbox] == [[email]]
    link = re.search(r"https?://\S+/accounts/confirm-email/\S+/", mail.outbox[0].body)
    assert link, mail.outbox[0].body
    page.goto(link.group(0))
    page.locator("form.auth-form button[type=submit]").click()
    # Attached, not visible: on a phone the menu is folded behind its button.
    expect(page.get_by_test_id("notifications-link")).to_be_attached()
    assert EmailAddress.objects.get(email=email).verified


def test_an_idea_goes_from_sign_up_to_an_official_answer_its_author_reads(
    new_page, brand, campaign, alice, dan
):  # type: ignore[no-untyped-def]
    _verified(alice, dan)
    author_email, author_password = "zoe@example.org", "a-long-and-unusual-password-42"

    # A visitor signs up from the brand's page (which makes her a member), confirms her e-mail
    # and submits an idea: no second "join" step.
    zoe = new_page()
    sign_up_and_confirm(zoe, brand, author_email, author_password)
    zoe.goto(f"/b/{brand.slug}/")
    expect(zoe.get_by_test_id("join-box")).to_have_count(0)
    assert Membership.objects.filter(brand=brand, user__email=author_email).exists()
    zoe.goto(f"/b/{brand.slug}/c/{campaign.slug}/")
    zoe.get_by_test_id("submit-idea").click()
    zoe.locator("input[name=title]").fill("A cup that keeps coffee warm for two hours")
    zoe.locator("textarea[name=body]").fill("My commute is an hour long; my coffee is cold.")
    zoe.locator("main form button[type=submit]").click()
    expect(zoe.get_by_test_id("idea-title")).to_have_text(
        "A cup that keeps coffee warm for two hours"
    )
    idea = Idea.objects.get(title="A cup that keeps coffee warm for two hours")
    assert idea.author.user.email == author_email and idea.brand == brand
    idea_path = f"/b/{brand.slug}/ideas/{idea.pk}/"
    zoe.context.close()

    # A second member logs in through the form, comments and supports the idea.
    member = new_page()
    log_in(member, dan.user.email, next_url=idea_path)
    member.wait_for_url(f"**{idea_path}")
    member.locator("#comment-form textarea[name=body]").fill("Yes please, with a lid!")
    member.locator("#comment-form button[type=submit]").click()
    expect(member.get_by_test_id("comments")).to_contain_text("Yes please, with a lid!")
    member.get_by_test_id("vote-box").locator("button[aria-pressed=false]").click()
    expect(member.get_by_test_id("support-count")).to_have_text("1")
    expect(member.get_by_test_id("vote-box").locator("button")).to_have_attribute(
        "aria-pressed", "true"
    )

    # The brand admin answers "accepted" with an official answer on the answer page.
    admin = new_page()
    log_in(admin, alice.user.email, next_url=idea_path)
    admin.wait_for_url(f"**{idea_path}")
    admin.get_by_test_id("answer-link").click()
    form = admin.get_by_test_id("answer-form")
    form.locator("select[name=to_status]").select_option("accepted")
    form.locator("textarea[name=answer]").fill("Good news: we are testing it in three cafés.")
    form.locator("button[type=submit]").last.click()
    expect(admin.get_by_test_id("current-status")).to_have_class(re.compile("status--accepted"))

    # The author logs in, sees the unread count, reads the notification and the answer.
    author = new_page()
    log_in(author, author_email, author_password)
    unread = Notification.objects.filter(recipient__email=author_email, read_at=None).count()
    assert unread >= 1
    expect(author.get_by_test_id("unread-count")).to_have_text(str(unread))
    author.get_by_test_id("notifications-link").click()
    notifications = author.get_by_test_id("notifications")
    status_line = notifications.locator(".notification--unread").filter(
        has_text=_fr(Idea.Status.ACCEPTED.label)
    )
    expect(status_line).to_have_count(1)
    expect(status_line).to_contain_text(idea.title)
    status_line.get_by_role("link").click()
    author.wait_for_url(f"**{idea_path}")
    status = author.get_by_test_id("status")
    expect(status).to_have_class(re.compile("status--accepted"))
    expect(status).to_have_text(_fr(Idea.Status.ACCEPTED.label))
    expect(author.get_by_test_id("official-answer")).to_contain_text(
        "Good news: we are testing it in three cafés."
    )
    expect(author.get_by_test_id("comments")).to_contain_text("Yes please, with a lid!")
    expect(author.get_by_test_id("support-count")).to_have_text("1")
    opened = Notification.objects.filter(recipient__email=author_email, read_at=None).count()
    assert opened == unread - 1


def _datetime_local(moment):  # type: ignore[no-untyped-def]
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")


def test_a_brand_admin_creates_a_campaign_with_phases_from_the_console(page, brand, alice):  # type: ignore[no-untyped-def]
    _verified(alice)
    now = timezone.now()
    log_in(page, alice.user.email, next_url=f"/b/{brand.slug}/console/campaigns/")
    page.get_by_test_id("new-campaign").click()
    page.locator("input[name=title_fr]").fill("Winter drinks")
    page.locator("input[name=objective_fr]").fill("Choose the drinks of the winter menu")
    # Categories are rows: fill the first, add two, remove the one added by mistake.
    rows = page.get_by_test_id("rows-categories")
    rows.locator("input[name=categories-0-name_fr]").fill("Hot drinks")
    rows.locator("[data-rows-add]").click()
    expect(rows.locator("input[name=categories-1-name_fr]")).to_be_focused()
    page.keyboard.type("Pastries")
    rows.locator("[data-rows-add]").click()
    rows.locator("input[name=categories-2-name_fr]").fill("Typo")
    rows.locator("[data-row]").nth(2).locator("[data-rows-remove]").click()
    expect(rows.locator("[data-row]:visible")).to_have_count(2)
    expect(rows.locator(".rows__delete").first).to_be_hidden()  # the script's buttons instead
    page.locator("input[name=submission_starts]").fill(_datetime_local(now - timedelta(hours=1)))
    page.locator("input[name=submission_ends]").fill(_datetime_local(now + timedelta(days=14)))
    page.locator("input[name=voting_starts]").fill(_datetime_local(now + timedelta(days=14)))
    page.locator("input[name=voting_ends]").fill(_datetime_local(now + timedelta(days=28)))
    page.locator("main form button[type=submit]").click()

    expect(page.get_by_test_id("current-phase")).to_contain_text(_fr(Phase.Kind.SUBMISSION.label))
    campaign = Campaign.objects.get(brand=brand, title="Winter drinks")
    assert [p.kind for p in campaign.phases.order_by("starts_at")] == ["submission", "voting"]
    assert sorted(campaign.categories.values_list("name", flat=True)) == ["Hot drinks", "Pastries"]

    page.goto(f"/b/{brand.slug}/")
    expect(page.get_by_test_id("open-campaigns")).to_contain_text("Winter drinks")


def test_a_moderator_hides_a_comment_a_member_reported(new_page, brand, campaign, mona, bob, dan):  # type: ignore[no-untyped-def]
    _verified(mona, dan)
    idea = idea_submit(member=bob, campaign=campaign, title="Oat milk everywhere", body="Please")
    comment = comment_post(member=bob, idea=idea, body="Buy cheap watches at spam.example")
    idea_path = f"/b/{brand.slug}/ideas/{idea.pk}/"

    reporter = new_page()
    log_in(reporter, dan.user.email, next_url=idea_path)
    reporter.wait_for_url(f"**{idea_path}")
    reporter.locator(f"#comment-{comment.pk} a[href$='/report/comment/{comment.pk}/']").click()
    reporter.locator("input[name=reason][value=spam]").check()
    reporter.locator("main form button[type=submit]").click()
    reporter.wait_for_url(re.compile(f"{idea_path}#comment-{comment.pk}$"))

    moderator = new_page()
    log_in(moderator, mona.user.email, next_url=f"/b/{brand.slug}/moderation/")
    entry = moderator.get_by_test_id(f"queue-comment-{comment.pk}")
    expect(entry).to_contain_text("spam.example")
    hide = entry.locator("form").filter(has=moderator.locator("input[name=action][value=hide]"))
    hide.locator("input[name=reason]").fill("Advertising")
    hide.locator("button[type=submit]").click()
    expect(moderator.get_by_test_id(f"hidden-comment-{comment.pk}")).to_be_visible()

    comment.refresh_from_db()
    assert comment.is_hidden
    reporter.goto(idea_path)
    expect(reporter.get_by_test_id("comments")).not_to_contain_text("spam.example")
    expect(reporter.locator(f"#comment-{comment.pk} .comment__gone")).to_be_visible()


def test_the_language_switcher_goes_to_english_and_back(page, brand, campaign):  # type: ignore[no-untyped-def]
    page.goto(f"/b/{brand.slug}/c/{campaign.slug}/")
    expect(page.locator("html")).to_have_attribute("lang", "fr")

    page.locator(".lang-switch button[value=en]").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    assert page.url.endswith(f"/b/{brand.slug}/c/{campaign.slug}/")
    expect(page.get_by_role("navigation", name="Main menu")).to_contain_text("Ideas in action")
    expect(page.locator(".lang-switch button[value=en]")).to_have_attribute("aria-current", "true")

    page.locator(".lang-switch button[value=fr]").click()
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    expect(page.locator(".lang-switch button[value=fr]")).to_have_attribute("aria-current", "true")


def test_idea_list_and_idea_page_fit_a_phone_screen(new_page, brand, campaign, alice, bob, dan):  # type: ignore[no-untyped-def]
    _verified(bob)
    long_word = "Supercalifragilisticexpialidocious" * 3
    ideas = [
        idea_submit(
            member=author,
            campaign=campaign,
            title=f"Idea number {n} about reusable cups: {long_word[:80]}",
            body=f"<p>{long_word} and a link https://example.org/{'a' * 120}</p>",
        )
        for n, author in enumerate([bob, dan, bob])
    ]
    idea = ideas[0]
    comment = comment_post(member=dan, idea=idea, body=f"Agreed! {long_word}")
    comment_post(member=bob, idea=idea, body="A reply " + long_word, parent=comment)
    idea_set_status(
        actor_membership=alice,
        idea=idea,
        to_status=Idea.Status.ACCEPTED,
        answer=f"<p>Official answer: {long_word}</p>",
    )
    assert Comment.objects.filter(idea=idea).count() == 2

    phone = new_page(phone=True)
    log_in(phone, bob.user.email, next_url=f"/b/{brand.slug}/c/{campaign.slug}/")
    expect(phone.get_by_test_id("idea-row")).to_have_count(3)
    assert page_width(phone) <= 390, "the idea list scrolls sideways"

    # The main menu folds behind one button on a phone, and unfolds on a tap.
    toggle = phone.get_by_test_id("menu-toggle")
    expect(toggle).to_have_attribute("aria-expanded", "false")
    expect(phone.get_by_test_id("feed-link")).to_be_hidden()
    assert phone.locator("header.topbar").bounding_box()["height"] < 80
    toggle.click()
    expect(toggle).to_have_attribute("aria-expanded", "true")
    expect(phone.get_by_test_id("feed-link")).to_be_visible()
    toggle.click()
    expect(phone.get_by_test_id("feed-link")).to_be_hidden()

    phone.get_by_test_id("idea-row").filter(has_text="number 0").get_by_role("link").first.click()
    expect(phone.get_by_test_id("official-answer")).to_be_visible()
    expect(phone.get_by_test_id("comments")).to_contain_text("A reply")
    assert page_width(phone) <= 390, "the idea page scrolls sideways"
