"""French is the default language of the platform; English is one click (or one profile field) away.

The rest of the suite reads the site in English (conftest._english_by_default); this module
overrides that fixture to test the real settings.
"""

from __future__ import annotations

import gettext
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from cocrea.accounts.models import User
from cocrea.brands.models import Brand, Membership
from cocrea.campaigns.models import Campaign
from cocrea.campaigns.tests.factories import CampaignFactory
from cocrea.ideas.models import Idea
from cocrea.ideas.tests.factories import IdeaFactory

# Every app keeps its own catalogue (<app>/locale), the project's templates theirs (locale/).
CATALOGUES = [Path(path) for path in settings.LOCALE_PATHS]
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%[sd]|\{\{\s*\w+\s*\}\}")


@pytest.fixture(autouse=True)
def _english_by_default() -> None:
    """Overrides the suite-wide fixture: here the platform keeps its real default language."""


# --- The catalogue ----------------------------------------------------------------------------


@dataclass
class Entry:
    msgctxt: str | None = None
    msgid: str = ""
    msgid_plural: str | None = None
    msgstr: dict[int, str] = field(default_factory=dict)
    flags: set[str] = field(default_factory=set)


def _unquote(line: str) -> str:
    escapes = {"n": "\n", "t": "\t", '"': '"', "\\": "\\"}
    body = line.strip()[1:-1]
    return re.sub(r"\\(.)", lambda m: escapes.get(m.group(1), m.group(0)), body)


def _parse_po(path: Path) -> list[Entry]:
    """A small .po reader (polib is not a dependency): entries, their flags and strings."""
    entries: list[Entry] = []
    entry, target, index = Entry(), None, 0
    for raw in [*path.read_text(encoding="utf-8").splitlines(), ""]:
        line = raw.strip()
        if not line:
            if target is not None:
                entries.append(entry)
            entry, target = Entry(), None
        elif line.startswith("#,"):
            entry.flags |= {flag.strip() for flag in line[2:].split(",")}
        elif line.startswith("#"):
            continue
        elif line.startswith('"'):
            if target == "msgstr":
                entry.msgstr[index] += _unquote(line)
            elif target is not None:
                setattr(entry, target, (getattr(entry, target) or "") + _unquote(line))
        else:
            keyword, _, value = line.partition(" ")
            match = re.fullmatch(r"msgstr\[(\d+)\]", keyword)
            if match or keyword == "msgstr":
                index = int(match.group(1)) if match else 0
                entry.msgstr[index] = _unquote(value)
                target = "msgstr"
            else:
                target = keyword
                setattr(entry, target, _unquote(value))
    return [e for e in entries if e.msgid]  # the header has an empty msgid


def _catalogue_id(locale: Path) -> str:
    return locale.parent.name


@pytest.fixture(scope="module", params=CATALOGUES, ids=_catalogue_id)
def catalogue(request) -> Path:
    return request.param


@pytest.fixture(scope="module")
def french(catalogue: Path) -> list[Entry]:
    return _parse_po(catalogue / "fr" / "LC_MESSAGES" / "django.po")


_MARKS = ("gettext", "{% trans", "{% translate", "{% blocktrans")


def _has_strings(app: Path) -> bool:
    sources = (p for p in app.rglob("*") if p.suffix in {".py", ".html", ".txt"})
    return any(
        any(mark in p.read_text(encoding="utf-8") for mark in _MARKS)
        for p in sources
        if "tests" not in p.parts and "migrations" not in p.parts
    )


def test_every_app_with_strings_has_its_catalogue():
    apps = [path.parent for path in Path(settings.PACKAGE_DIR).glob("*/apps.py")]
    missing = [app.name for app in apps if _has_strings(app) and app / "locale" not in CATALOGUES]
    assert missing == []


def test_the_french_catalogue_is_complete_and_nothing_is_fuzzy(catalogue, french):
    assert len(french) > 0
    assert [e.msgid for e in french if not all(e.msgstr.values())] == []
    assert [e.msgid for e in french if e.msgid_plural and len(e.msgstr) != 2] == []
    assert [e.msgid for e in french if "fuzzy" in e.flags] == []
    english = _parse_po(catalogue / "en" / "LC_MESSAGES" / "django.po")
    assert [e.msgid for e in english if "fuzzy" in e.flags] == []
    header = (catalogue / "fr" / "LC_MESSAGES" / "django.po").read_text(encoding="utf-8")[:1200]
    assert "#, fuzzy" not in header and "Plural-Forms: nplurals=2; plural=(n > 1);" in header


def test_one_message_has_one_translation_in_every_catalogue():
    """At run time one catalogue wins for a message id: they must not disagree (use a context)."""
    seen: dict[tuple[str | None, str], tuple[str, dict[int, str]]] = {}
    disagreements = []
    for locale in CATALOGUES:
        for entry in _parse_po(locale / "fr" / "LC_MESSAGES" / "django.po"):
            key = (entry.msgctxt, entry.msgid)
            first = seen.setdefault(key, (locale.parent.name, entry.msgstr))
            if first[1] != entry.msgstr:
                disagreements.append((entry.msgid, first[0], locale.parent.name))
    assert disagreements == []


def test_french_strings_keep_every_placeholder(french):
    for entry in french:
        for index, text in entry.msgstr.items():
            source = entry.msgid_plural if index == 1 and entry.msgid_plural else entry.msgid
            assert sorted(PLACEHOLDER.findall(text)) == sorted(PLACEHOLDER.findall(source)), (
                entry.msgid
            )


def test_the_compiled_catalogue_matches_the_po_file(catalogue, french):
    """The .mo is committed so that the demo needs no gettext; it must not lag behind the .po."""
    with (catalogue / "fr" / "LC_MESSAGES" / "django.mo").open("rb") as mo:
        compiled = gettext.GNUTranslations(mo)
    for entry in french:
        if entry.msgid_plural and entry.msgctxt:
            for n, form in ((1, 0), (2, 1)):
                found = compiled.npgettext(entry.msgctxt, entry.msgid, entry.msgid_plural, n)
                assert found == entry.msgstr[form]
        elif entry.msgid_plural:
            assert compiled.ngettext(entry.msgid, entry.msgid_plural, 1) == entry.msgstr[0]
            assert compiled.ngettext(entry.msgid, entry.msgid_plural, 2) == entry.msgstr[1]
        elif entry.msgctxt:
            assert compiled.pgettext(entry.msgctxt, entry.msgid) == entry.msgstr[0]
        else:
            assert compiled.gettext(entry.msgid) == entry.msgstr[0], entry.msgid


# --- Pages ------------------------------------------------------------------------------------


@pytest.fixture
def idea(brand: Brand, campaign: Campaign, dan: Membership) -> Idea:
    idea = IdeaFactory(campaign=campaign, author=dan, title="Une tasse consignée")
    Idea.objects.filter(pk=idea.pk).update(created_at=datetime(2026, 3, 15, 12, tzinfo=UTC))
    return idea


def _page(client: Client, path: str) -> str:
    response = client.get(path)
    assert response.status_code == 200, path
    return response.content.decode()


def _paths(brand: Brand, campaign: Campaign, idea: Idea) -> dict[str, str]:
    return {
        "home": reverse("brands:brand_home", args=[brand.slug]),
        "list": reverse("ideas:list", args=[brand.slug, campaign.slug]),
        "idea": reverse("ideas:detail", args=[brand.slug, idea.pk]),
        "login": reverse("account_login"),
    }


def test_new_accounts_and_visitors_get_french():
    assert settings.LANGUAGE_CODE == "fr"
    assert User._meta.get_field("language").default == "fr"


def test_a_visitor_reads_french_by_default(client: Client, brand, campaign, idea):
    paths = _paths(brand, campaign, idea)
    home = _page(client, paths["home"])
    assert '<html lang="fr">' in home
    assert "Campagnes" in home and "Les idées en action" in home
    assert "Inscrivez-vous pour participer" in home
    listing = _page(client, paths["list"])
    assert "Dépôt des idées" in listing and "Tendance" in listing and "Trier par" in listing
    assert "Connectez-vous pour soutenir cette idée" in _page(client, paths["idea"])
    login = _page(client, paths["login"])  # allauth's own French catalogue
    assert "Connexion" in login and "Mot de passe" in login
    assert "Sign In" not in login


def test_a_french_member_reads_french(client: Client, brand, campaign, idea, bob):
    bob.user.language = "fr"
    bob.user.save(update_fields=["language"])
    client.force_login(bob.user)
    page = _page(client, _paths(brand, campaign, idea)["idea"])
    assert "Soutenir" in page and "Suivre cette idée" in page and "Nouvelle" in page


def test_the_switcher_turns_the_site_to_english(client: Client, brand, campaign, idea, bob):
    bob.user.language = "fr"
    bob.user.save(update_fields=["language"])
    client.force_login(bob.user)
    paths = _paths(brand, campaign, idea)
    response = client.post(reverse("set_language"), {"language": "en", "next": paths["idea"]})
    assert response.status_code == 302
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    page = _page(client, paths["idea"])
    assert '<html lang="en">' in page
    assert "Support" in page and "Soutenir" not in page
    assert "Campaigns" in _page(client, paths["home"])


def test_a_visitor_switches_to_english_and_back(client: Client, brand, campaign, idea):
    paths = _paths(brand, campaign, idea)
    client.post(reverse("set_language"), {"language": "en"})
    listing = _page(client, paths["list"])
    assert "Submission" in listing and "Sort by" in listing and "Trier par" not in listing
    assert "Sign In" in _page(client, paths["login"])
    client.post(reverse("set_language"), {"language": "fr"})
    assert "Trier par" in _page(client, paths["list"])


def test_a_member_whose_profile_is_english_reads_english_without_the_cookie(
    client: Client, brand, campaign, idea, bob
):
    bob.user.language = "en"
    bob.user.save(update_fields=["language"])
    client.force_login(bob.user)
    assert settings.LANGUAGE_COOKIE_NAME not in client.cookies
    page = _page(client, _paths(brand, campaign, idea)["idea"])
    assert '<html lang="en">' in page
    assert "Support" in page and "Follow this idea" in page and "Soutenir" not in page


def test_dates_are_written_in_the_readers_language(client: Client, brand, campaign, idea):
    path = _paths(brand, campaign, idea)["idea"]
    assert "15 mars 2026" in _page(client, path)
    client.post(reverse("set_language"), {"language": "en"})
    assert "15 March 2026" in _page(client, path)


def test_refusals_from_the_services_are_translated(client: Client, brand, idea, bob):
    """DomainError messages are lazy: they reach the member in the member's language."""
    bob.user.language = "fr"
    bob.user.save(update_fields=["language"])
    client.force_login(bob.user)
    closed = IdeaFactory(campaign=CampaignFactory(brand=brand, phases="review"), author=idea.author)
    vote = reverse("ideas:vote", args=[brand.slug, closed.pk])
    assert (
        "Les votes sont fermés pour cette idée." in client.post(vote, follow=True).content.decode()
    )
    client.post(reverse("set_language"), {"language": "en"})
    assert "Votes are closed for this idea." in client.post(vote, follow=True).content.decode()
