"""Texts a brand writes in French and English (django-modeltranslation columns).

A translated field ``title`` has the columns ``title_fr`` and ``title_en``; reading ``title``
gives the reader's language, else the other one. The helpers here let services write both
languages at once and let pages say when a text is shown in the other language.
See docs/decisions/0009-brand-content-languages.md.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _

Texts = Mapping[str, str]  # language code -> text; a missing or empty language falls back


def languages() -> list[str]:
    return [code for code, _name in settings.LANGUAGES]


def current_language() -> str:
    return (translation.get_language() or settings.LANGUAGE_CODE).split("-")[0]


def is_translated(obj: Any, field: str) -> bool:
    return hasattr(obj, f"{field}_{languages()[0]}")


def columns(*fields: str) -> list[str]:
    """``update_fields`` for translated fields: the base column and every language's."""
    return [name for field in fields for name in (field, *(f"{field}_{x}" for x in languages()))]


def as_texts(value: str | Texts | None) -> dict[str, str]:
    """A plain string is the current language's text; a mapping gives each language's."""
    if value is None:
        return {}
    if isinstance(value, str):
        return {current_language(): value}
    return {lang: str(value.get(lang) or "") for lang in languages()}


def first_text(value: str | Texts | None) -> str:
    """The text to validate a required field against: the current language's, else any."""
    texts = as_texts(value)
    here = texts.get(current_language(), "")
    return here or next((text for text in texts.values() if text), "")


def assign(obj: Any, field: str, value: str | Texts) -> None:
    """Set a translated field: a string in the current language, a mapping in each language."""
    if isinstance(value, str) or not is_translated(obj, field):
        setattr(obj, field, value if isinstance(value, str) else first_text(value))
        return
    for lang, text in as_texts(value).items():
        # An empty language is NULL: unique names per language (tiers, categories) may leave
        # the other language empty on several rows.
        setattr(obj, f"{field}_{lang}", text or None)


def texts_of(obj: Any, field: str) -> dict[str, str]:
    """Each language's own text of the field (empty where it was not written)."""
    if not is_translated(obj, field):
        return {lang: getattr(obj, field) or "" for lang in languages()}
    return {lang: getattr(obj, f"{field}_{lang}") or "" for lang in languages()}


def text_in(obj: Any, field: str, lang: str | None = None) -> tuple[str, str | None]:
    """``(text, fallback)``: the text in ``lang`` (default: the reader's), else the first other
    language that has one, with ``fallback`` naming that language (None when none was needed)."""
    if not is_translated(obj, field):
        return getattr(obj, field) or "", None
    lang = lang or current_language()
    own = getattr(obj, f"{field}_{lang}", None)
    if own:
        return own, None
    for other in settings.MODELTRANSLATION_FALLBACK_LANGUAGES.get(
        lang, settings.MODELTRANSLATION_FALLBACK_LANGUAGES["default"]
    ):
        text = getattr(obj, f"{field}_{other}", None)
        if text and other != lang:
            return text, other
    return "", None


def fallback_note(lang: str) -> str:
    notes = {"fr": _("(in French)"), "en": _("(in English)")}
    return notes.get(lang, f"({lang})")


def text_marked(obj: Any, field: str) -> str:
    """The text as plain words, with the fallback mark when it is the other language's: for a
    select's options and other places that hold no mark-up."""
    text, fallback = text_in(obj, field)
    return text if fallback is None else f"{text} {fallback_note(fallback)}"


def in_each_language(render: Any) -> dict[str, str]:
    """Call ``render()`` once per language (under ``translation.override``): a text the platform
    writes for a brand (a reward's label) is kept in every language."""
    texts: dict[str, str] = {}
    for lang in languages():
        with translation.override(lang):
            texts[lang] = str(render())
    return texts


def one_line(text: str) -> str:
    return " ".join(text.split())


def clean_texts(
    value: str | Texts,
    *,
    field: str,
    max_length: int,
    required: Any = None,
    too_long: Any = None,
    normalise: Any = one_line,
) -> str | dict[str, str]:
    """Normalise a translated input and check it: ``required`` (a message) wants a text in one
    language at least, every language's text is at most ``max_length`` long. Keeps the kind of
    input: a string stays the current language's text (the other language is left as it was)."""
    from cocrea.core.errors import DomainError

    texts = {lang: normalise(text) for lang, text in as_texts(value).items()}
    if required is not None and not any(texts.values()):
        raise DomainError(required, code="required", field=field)
    for lang, text in texts.items():
        if len(text) > max_length:
            message = too_long or _("Keep it under %(max)d characters.") % {"max": max_length}
            raise DomainError(message, code="too_long", field=f"{field}_{lang}")
    return texts[current_language()] if isinstance(value, str) else texts
