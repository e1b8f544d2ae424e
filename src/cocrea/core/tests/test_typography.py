"""French reads « like this » with non-breaking spaces before : ; ? ! and %; English reads
“like this”. Checked on every catalogue and template, so that a new string cannot slip back."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.conf import settings

from cocrea.core.tests.test_i18n import CATALOGUES, _parse_po
from cocrea.core.typography import NBSP, fix_catalogue, french_spaces

TEMPLATES = [
    path
    for path in Path(settings.PACKAGE_DIR).rglob("*.html")
    if "templates" in path.parts and "tests" not in path.parts
]


@pytest.mark.parametrize(
    ("written", "typeset"),
    [
        ("Prix:", f"Prix{NBSP}:"),
        ("Prix :", f"Prix{NBSP}:"),
        ("Ouvrir « %(phase)s » maintenant ?", f"Ouvrir «{NBSP}%(phase)s{NBSP}» maintenant{NBSP}?"),
        ("Vraiment ?!", f"Vraiment{NBSP}?!"),
        ("annulés ; les", f"annulés{NBSP}; les"),
        ("30 %", f"30{NBSP}%"),
        ("%(n)s%%", f"%(n)s{NBSP}%%"),
    ],
)
def test_french_punctuation_gets_its_non_breaking_space(written, typeset):
    assert french_spaces(written) == typeset
    assert french_spaces(typeset) == typeset  # running it twice changes nothing


@pytest.mark.parametrize("kept", ["10:30", "https://example.org?next=/b/", "%(a)s %(b)s", ""])
def test_times_addresses_and_placeholders_are_left_alone(kept):
    assert french_spaces(kept) == kept


def test_every_french_catalogue_is_typeset():
    """`make messages` fixes the catalogues; a hand-edited one must have been run through it."""
    for locale in CATALOGUES:
        for entry in _parse_po(locale / "fr" / "LC_MESSAGES" / "django.po"):
            for text in entry.msgstr.values():
                assert french_spaces(text) == text, (locale.parent.name, entry.msgid, text)


def test_the_fixer_rewrites_only_translations(tmp_path):
    po = tmp_path / "django.po"
    po.write_text(
        'msgid ""\nmsgstr ""\n"Plural-Forms: nplurals=2; plural=(n > 1);\\n"\n\n'
        'msgid "Price:"\nmsgstr "Prix:"\n',
        encoding="utf-8",
    )
    assert fix_catalogue(po) is True
    text = po.read_text(encoding="utf-8")
    assert f'msgstr "Prix{NBSP}:"' in text and 'msgid "Price:"' in text
    assert '"Plural-Forms: nplurals=2; plural=(n > 1);\\n"' in text
    assert fix_catalogue(po) is False


def test_english_strings_use_english_quotes():
    """The message ids are the English text: “…”, never the French «…»."""
    french_quotes = [
        (locale.parent.name, entry.msgid)
        for locale in CATALOGUES
        for entry in _parse_po(locale / "en" / "LC_MESSAGES" / "django.po")
        if "«" in entry.msgid or "»" in entry.msgid
    ]
    assert french_quotes == []
    raw = [str(path) for path in TEMPLATES if re.search(r"[«»]", path.read_text(encoding="utf-8"))]
    assert raw == []


def test_no_template_glues_a_colon_after_a_translated_word():
    """`{% translate "Price" %}:` reads "Prix:" in French: the colon belongs in the message."""
    glued = re.compile(r'\{%\s*(?:translate|trans)\s+"[^"]*"(?:\s+context\s+"[^"]*")?\s*%\}\s*:')
    found = [str(p) for p in TEMPLATES if glued.search(p.read_text(encoding="utf-8"))]
    assert found == []
