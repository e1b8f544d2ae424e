"""Accessibility as a check: axe-core runs over the main pages of each journey — a visitor, a
member, the brand team; in French and in English — on the seeded demo brand, and any serious or
critical violation fails the suite (issue 18)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from cocrea.brands.models import Brand, Membership
from cocrea.campaigns.models import Campaign
from cocrea.community.models import Question, Story
from cocrea.contests.models import Contest, Entry
from cocrea.customizer.models import Product
from cocrea.demo.seed import seed_demo
from cocrea.ideas.models import Idea
from tests.browser.axe import axe_violations, describe

pytestmark = pytest.mark.django_db(transaction=True)


def _sign_in(context: Any, live_url: str, email: str, language: str) -> None:
    """A session made by Django's test client, handed to the browser (faster than the form,
    which the journeys test already)."""
    membership = Membership.objects.select_related("user").filter(user__email=email).first()
    assert membership is not None, email
    client = Client()
    client.force_login(membership.user)
    host = live_url.split("//", 1)[1].split(":")[0]
    cookies = [
        {
            "name": settings.SESSION_COOKIE_NAME,
            "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
            "domain": host,
            "path": "/",
        }
    ]
    cookies.append(
        {"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "domain": host, "path": "/"}
    )
    context.add_cookies(cookies)


def _demo_pages(brand: Brand) -> dict[str, dict[str, str]]:
    """The pages each journey opens, by the people who open them."""
    slug = brand.slug
    ideas = Campaign.objects.filter(brand=brand, kind="ideas").order_by("pk")
    campaign = ideas.first()
    idea = Idea.objects.filter(brand=brand, is_hidden=False).order_by("-support_count").first()
    contest = Contest.objects.filter(brand=brand).select_related("campaign").order_by("pk").first()
    entry = Entry.objects.filter(contest=contest).order_by("pk").first()
    story = Story.objects.filter(brand=brand).order_by("pk").first()
    question = Question.objects.filter(brand=brand).order_by("pk").first()
    product = Product.objects.filter(brand=brand).first()
    assert campaign and idea and contest and entry and story and question and product
    b = [slug]
    visitor = {
        "home": reverse("home"),
        "brand home": reverse("brands:brand_home", args=b),
        "idea list": reverse("ideas:list", args=[slug, campaign.slug]),
        "idea": reverse("ideas:detail", args=[slug, idea.pk]),
        "contest": reverse("contests:page", args=[slug, contest.campaign.slug]),
        "stories": reverse("community:stories", args=b),
        "customizer": reverse("customizer:customize", args=[slug, product.slug]),
        "log in": reverse("account_login"),
        "sign up": reverse("account_signup"),
    }
    member = {
        "in action": reverse("answers:in_action", args=b),
        "story": reverse("community:story", args=[slug, story.pk]),
        "question": reverse("community:question", args=[slug, question.pk]),
        "entry": reverse("contests:entry", args=[slug, entry.pk]),
        "feed": reverse("community:feed", args=b),
        "notifications": reverse("notifications:list"),
        "leaderboard": reverse("engagement:leaderboard", args=b),
        "members only": reverse("engagement:areas", args=b),
        "my designs": reverse("customizer:my_designs", args=b),
        "profile": reverse("accounts:profile"),
    }
    team = {
        "console": reverse("campaigns:console", args=b),
        "campaign": reverse("campaigns:detail", args=[slug, campaign.pk]),
        "triage": reverse("answers:triage", args=b),
        "moderation": reverse("moderation:queue", args=b),
        "contest console": reverse("contests:manage", args=[slug, contest.pk]),
        "jury preview": reverse("contests:jury", args=[slug, contest.campaign.slug]),
        "insights": reverse("insights_dashboard:home", args=b),
        "lead users": reverse("leadusers:ranking", args=b),
        "exports": reverse("exports:console", args=b),
        "team": reverse("brands:team", args=b),
    }
    return {"visitor": visitor, "member": member, "team": team}


JOURNEYS: list[tuple[str, str | None, str, Callable[[dict[str, str]], dict[str, str]]]] = [
    ("visitor", None, "fr", lambda pages: pages),
    ("visitor", None, "en", lambda pages: {k: pages[k] for k in ("brand home", "idea", "contest")}),
    ("member", "membre@cafe-lumiere.demo", "fr", lambda pages: pages),
    ("member", "member@cafe-lumiere.demo", "en", lambda pages: pages),
    ("team", "admin@cafe-lumiere.demo", "fr", lambda pages: pages),
    (
        "team",
        "admin@cafe-lumiere.demo",
        "en",
        lambda pages: {k: pages[k] for k in ("console", "triage", "insights")},
    ),
]


def test_the_main_pages_have_no_serious_or_critical_violation(browser, live_server, settings):  # type: ignore[no-untyped-def]
    settings.ALLOWED_HOSTS = ["*"]
    seed_demo(members=60)
    brand = Brand.objects.get(slug="cafe-lumiere")
    pages = _demo_pages(brand)
    found: dict[str, list[dict[str, Any]]] = {}
    checked = 0
    for journey, email, language, choose in JOURNEYS:
        context = browser.new_context(
            base_url=live_server.url,
            locale=f"{language}-FR",
            viewport={"width": 1280, "height": 800},
        )
        context.set_default_timeout(20_000)
        if email is not None:
            _sign_in(context, live_server.url, email, language)
        else:
            host = live_server.url.split("//", 1)[1].split(":")[0]
            context.add_cookies(
                [
                    {
                        "name": settings.LANGUAGE_COOKIE_NAME,
                        "value": language,
                        "domain": host,
                        "path": "/",
                    }
                ]
            )
        page = context.new_page()
        for name, path in choose(pages[journey]).items():
            response = page.goto(path)
            assert response is not None and response.status == 200, (journey, name, path)
            assert page.locator("html").get_attribute("lang") == language, (journey, name)
            violations = axe_violations(page)
            if violations:
                found[f"{journey}/{language}/{name}"] = violations
            checked += 1
        context.close()
    assert checked >= 15
    if found:
        pytest.fail("serious or critical accessibility violations:\n" + describe(found), False)
