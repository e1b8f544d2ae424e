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
    "img",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "img": {"src", "alt", "title"}}
# Pictures in a text come from this site only (uploads; the CSP allows no other image source,
# and a picture from elsewhere would tell that site who reads the page). They load lazily.
SET_ATTRIBUTES = {"img": {"loading": "lazy", "referrerpolicy": "no-referrer"}}
_IMG_WITHOUT_SRC = re.compile(r"<img(?![^>]*\ssrc=)[^>]*>")


def _local_pictures(tag: str, attribute: str, value: str) -> str | None:
    if tag == "img" and attribute == "src" and not (value.startswith("/") and value[1:2] != "/"):
        return None
    return value


_TAG = re.compile(r"<[^>]+>")
_SPACE = re.compile(r"\s+")


def sanitize_html(raw: str) -> str:
    """Keep a small set of formatting tags; drop scripts, handlers and unknown attributes."""
    html = nh3.clean(
        raw,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="nofollow noopener noreferrer ugc",
        set_tag_attribute_values=SET_ATTRIBUTES,
        attribute_filter=_local_pictures,
    )
    return _IMG_WITHOUT_SRC.sub("", html)


def html_to_text(html: str) -> str:
    """Plain text of sanitised HTML, for search and previews."""
    return _SPACE.sub(" ", _html.unescape(_TAG.sub(" ", html))).strip()
