"""Markdown typed, sanitised HTML stored; the preview renders exactly what will be stored."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.urls import reverse
from hypothesis import given, settings
from hypothesis import strategies as st

from cocrea.core.forms import MarkdownEditor, MarkdownField
from cocrea.core.markdown import html_to_markdown, render_markdown


def test_markdown_becomes_the_formatting_people_expect():
    html = render_markdown(
        "Un **gras**, un *italique* et [un lien](https://example.org).\n"
        "Ligne suivante\n\n- un\n- deux\n\n1. premier\n\n> citée\n\n![tasse](/media/ideas/t.png)"
    )

    assert "<strong>gras</strong>" in html and "<em>italique</em>" in html
    assert (
        '<a href="https://example.org" rel="nofollow noopener noreferrer ugc">un lien</a>' in html
    )
    assert "<br>" in html  # one new line is a line break
    assert "<ul>\n<li>un</li>" in html and "<ol>\n<li>premier</li>" in html
    assert "<blockquote>\n<p>citée</p>" in html
    assert '<img src="/media/ideas/t.png" alt="tasse"' in html
    assert 'loading="lazy"' in html and 'referrerpolicy="no-referrer"' in html


def test_pictures_from_other_sites_are_dropped():
    html = render_markdown("![a](https://tracker.example/p.gif) ![b](//cdn.example/p.png) ok")

    assert "<img" not in html and "tracker" not in html and "ok" in html


def test_headings_sit_under_the_page_headings():
    assert (
        render_markdown("# Big\n\n## Mid\n\n### Small")
        == "<h3>Big</h3>\n<h3>Mid</h3>\n<h4>Small</h4>"
    )


@pytest.mark.parametrize(
    "attack",
    [
        "<script>alert(1)</script>",
        "<img src=x onerror=alert(1)>",
        "[click](javascript:alert(1))",
        "![x](javascript:alert(1))",
        '<a href="javascript:alert(1)">x</a>',
        "<iframe src=https://evil.example></iframe>",
        '<p style="color:red" onclick="x()">hi</p>',
    ],
)
def test_markdown_and_raw_html_are_sanitised(attack):
    html = render_markdown(attack)

    assert "<script" not in html and "onerror" not in html and "onclick" not in html
    assert "javascript:" not in html.replace("](javascript:", "") and "<iframe" not in html
    assert "style=" not in html


def test_older_html_content_keeps_rendering():
    old = "<p>Une <strong>idée</strong> <em>ancienne</em></p><ul><li>a</li></ul>"

    assert render_markdown(old) == old


def test_stored_html_opens_as_markdown_and_renders_back_the_same():
    stored = render_markdown(
        "### Titre\n\nUn **gras** et [lien](https://ex.org)\nsuite\n\n- a\n- b\n\n> q"
    )

    source = html_to_markdown(stored)

    assert "**gras**" in source and "[lien](https://ex.org)" in source and "- a" in source
    assert "<" not in source
    assert render_markdown(source) == stored


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=300))
def test_rendering_never_fails_nor_lets_a_script_through(text):
    html = render_markdown(text)
    again = render_markdown(html_to_markdown(html))

    assert "<script" not in html.lower() and "<script" not in again.lower()


def test_the_field_stores_sanitised_html_and_counts_the_typed_length():
    field = MarkdownField(max_length=20)

    assert field.clean("un **gras**") == "<p>un <strong>gras</strong></p>"
    with pytest.raises(Exception, match="at most 20"):
        field.clean("x" * 21)


@pytest.mark.django_db
def test_the_preview_renders_what_will_be_stored(as_bob):
    response = as_bob.post(reverse("markdown_preview"), {"body": "un **gras** <script>x</script>"})

    assert response.status_code == 200
    assert response.content.decode() == render_markdown("un **gras** <script>x</script>")
    assert "<script" not in response.content.decode()


@pytest.mark.django_db
def test_the_preview_is_refused_to_anonymous_visitors_and_to_bad_posts(client, as_bob):
    url = reverse("markdown_preview")

    assert client.get(url).status_code == 405
    anonymous = type(client)().post(url, {"body": "x"})
    assert anonymous.status_code == 302 and "/accounts/login" in anonymous["Location"]
    assert as_bob.post(url, {"a": "x", "b": "y"}).status_code == 400
    assert as_bob.post(url, {"body": "x" * 50_001}).status_code == 413
    assert as_bob.post(url, {"body": "a\x00b"}).status_code in (400, 200)


def test_the_toolbar_draws_its_icons_from_static_files_not_from_an_emoji_font():
    """Without an emoji font (a fresh Linux, many kiosks) 🔗 and 🖼 showed as empty boxes."""
    html = MarkdownEditor().render("body", "", attrs={"id": "id_body"})
    toolbar = html.split('<div class="md-toolbar"', 1)[1].split("</div>", 1)[0]
    assert not re.search("[\u2700-\u27bf\U0001f000-\U0001faff]", toolbar)
    css = Path(finders.find("cocrea/app.css")).read_text()  # type: ignore[arg-type]
    for name in ("link", "image", "quote"):
        assert f"md-icon md-icon--{name}" in toolbar
        assert f'.md-icon--{name} {{ -webkit-mask-image: url("editor-{name}.svg")' in css
        assert finders.find(f"cocrea/editor-{name}.svg")
    assert "<svg" not in html
