"""Markdown for everything people write with formatting (ideas, descriptions, stories, answers).

People type Markdown; the server renders it with markdown-it-py (CommonMark) and sanitises the
result with nh3 (``core/html.py``), and that sanitised HTML is what is stored, as before: pages,
the API, exports and the insight engine keep reading HTML. To edit stored text again, the HTML is
turned back into Markdown with markdownify, so older HTML content keeps rendering and becomes
editable as Markdown. See docs/decisions/0006-markdown-editor.md.
"""

from __future__ import annotations

import re
from typing import Any

from markdown_it import MarkdownIt
from markdownify import markdownify

from cocrea.core.html import sanitize_html

# Headings in a member's text sit under the page's own h1/h2: # and ## become h3, the rest h4.
_HEADING = {"h1": "h3", "h2": "h3", "h3": "h4", "h4": "h4", "h5": "h4", "h6": "h4"}


def _parser() -> MarkdownIt:
    # "breaks": a single new line is a line break, as people expect from a text box. Raw HTML
    # is parsed (older content and pasted snippets) and then left to nh3.
    md = MarkdownIt("commonmark", {"html": True, "breaks": True, "linkify": False})
    md.enable("strikethrough")
    return md


_MD = _parser()
_HTML_TAG = re.compile(r"<[a-zA-Z/][^>]*>")
_EMPTY_BLOCK = re.compile(r"<(p|blockquote|li|ul|ol|h3|h4)>\s*</\1>")


def _shift_headings(tokens: list[Any]) -> None:
    for token in tokens:
        if token.type in ("heading_open", "heading_close"):
            token.tag = _HEADING.get(token.tag, token.tag)


def render_markdown(source: str) -> str:
    """Sanitised HTML of ``source`` (Markdown, possibly with some HTML in it)."""
    if not source.strip():
        return ""
    tokens = _MD.parse(source)
    _shift_headings(tokens)
    html = sanitize_html(_MD.renderer.render(tokens, _MD.options, {}))
    previous = None
    while previous != html:  # an empty quote holding an empty paragraph, …
        previous, html = html, _EMPTY_BLOCK.sub("", html)
    return html.strip()


def html_to_markdown(html: str) -> str:
    """The Markdown a person edits for stored HTML (what ``render_markdown`` gives back)."""
    if not html.strip():
        return ""
    if not _HTML_TAG.search(html):
        return html  # plain text stored before the editor: shown as it is
    text = markdownify(
        html,
        heading_style="ATX",
        bullets="-",
        strong_em_symbol="*",
        escape_underscores=False,
        escape_misc=False,
        newline_style="BACKSLASH",
    )
    lines = [line.rstrip() for line in text.strip().splitlines()]
    out: list[str] = []
    for line in lines:  # at most one empty line between blocks
        if line or (out and out[-1]):
            out.append(line)
    return "\n".join(out)
