"""Sanitising of member-written rich text with nh3 (Ammonia)."""

from __future__ import annotations

import html as _html
import re

import nh3

ALLOWED_TAGS = {
    "p",
    "br",
    "strong",
    "b",
    "em",
    "i",
    "u",
    "s",
    "ul",
    "ol",
    "li",
    "blockquote",
    "a",
    "h3",
    "h4",
    "code",
    "pre",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}
_TAG = re.compile(r"<[^>]+>")
_SPACE = re.compile(r"\s+")


def sanitize_html(raw: str) -> str:
    """Keep a small set of formatting tags; drop scripts, handlers and unknown attributes."""
    return nh3.clean(
        raw,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="nofollow noopener noreferrer ugc",
    )


def html_to_text(html: str) -> str:
    """Plain text of sanitised HTML, for search and previews."""
    return _SPACE.sub(" ", _html.unescape(_TAG.sub(" ", html))).strip()
