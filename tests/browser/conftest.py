"""Real Chromium (Debian's, at /usr/bin/chromium) driven by Playwright against live_server."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator

import pytest

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
    "--disable-dev-shm-usage",
]
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    here = os.path.dirname(__file__)
    for item in items:
        if str(item.fspath).startswith(here):
            item.add_marker(pytest.mark.browser)
            if not (os.path.exists(CHROMIUM) or shutil.which("chromium")):
                item.add_marker(pytest.mark.skip(reason="Chromium is not installed"))


@pytest.fixture(autouse=True)
def _english_by_default() -> Iterator[None]:
    """Overrides the suite's English default: the browser sees the platform as people do, in
    French unless they choose otherwise (the tests make their cast French too)."""
    yield


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_FLAGS, headless=True
        )
        yield instance
        instance.close()


@pytest.fixture
def new_page(browser, live_server, settings) -> Iterator[Callable[..., object]]:  # type: ignore[no-untyped-def]
    """A factory of tabs, each in its own browser context (its own cookies: one person each).

    ``new_page(phone=True)`` opens a 390x844 phone viewport."""
    settings.ALLOWED_HOSTS = ["*"]
    contexts = []

    def open_tab(*, phone: bool = False) -> object:
        options = PHONE if phone else {"viewport": {"width": 1280, "height": 800}}
        context = browser.new_context(base_url=live_server.url, locale="fr-FR", **options)
        context.set_default_timeout(15_000)
        contexts.append(context)
        return context.new_page()

    yield open_tab
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_page) -> object:  # type: ignore[no-untyped-def]
    return new_page()


# The sso tests' real OpenID Connect provider (its own gunicorn process), for the journeys that
# sign in through a brand's accounts.
from cocrea.sso.tests.conftest import oidc_provider  # noqa: E402, F401
