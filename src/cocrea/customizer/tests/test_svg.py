"""The SVG whitelist against the usual XSS payloads, and the renderer's escaping."""

from __future__ import annotations

import re

import pytest

from cocrea.customizer.svg import ATTRIBUTES, ELEMENTS, Layer, UnsafeSVG, render, sanitise_shape

PAYLOADS = [
    '<path d="M0 0 L1 1" onload="alert(1)"/>',
    '<script>alert(1)</script><path d="M0 0 L1 1"/>',
    '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><path d="M0 0L1 1"/></svg>',
    '<a href="javascript:alert(1)"><path d="M0 0 L1 1"/></a><rect width="1" height="1"/>',
    '<foreignObject><img src="x" onerror="alert(1)"/></foreignObject><rect width="1" height="1"/>',
    '<image href="https://evil.example/x.png"/><rect width="1" height="1"/>',
    '<use xlink:href="#x" xmlns:xlink="http://www.w3.org/1999/xlink"/><rect width="1" height="1"/>',
    '<rect width="1" height="1" style="background:url(https://evil.example)"/>',
    '<rect width="1" height="1" fill="url(https://evil.example/#p)"/>',
    '<path d="javascript:alert(1)"/><rect width="1" height="1"/>',
    '<animate attributeName="href" to="javascript:alert(1)"/><rect width="1" height="1"/>',
    '<set attributeName="onmouseover" to="alert(1)"/><rect width="1" height="1"/>',
    '<style>@import url(https://evil.example/x.css);</style><rect width="1" height="1"/>',
    '<rect width="1" height="1" transform="translate(1) url(x)"/>',
    '<g onclick="alert(1)"><rect width="1" height="1"/></g>',
    '<rect width="1" height="1" xmlns:ev="http://www.w3.org/2001/xml-events" ev:event="click"/>',
]
TAG = re.compile(r"<\/?([a-zA-Z:]+)")
ATTRIBUTE = re.compile(r"\s([a-zA-Z:-]+)=")


@pytest.mark.parametrize("payload", PAYLOADS)
def test_xss_payloads_are_stripped(payload):
    clean = sanitise_shape(payload)
    assert set(TAG.findall(clean)) <= ELEMENTS
    assert set(ATTRIBUTE.findall(clean)) <= set(ATTRIBUTES)
    for word in ("javascript", "url(", "evil", "alert"):
        assert word not in clean.lower()


@pytest.mark.parametrize(
    "payload",
    [
        '<!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/passwd">]><svg><text>&x;</text></svg>',
        '<!DOCTYPE a [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;">]><svg><path d="M0 0"/></svg>',
        "<!-- --><path d='M0 0'/><![CDATA[x]]>",
        "<?xml-stylesheet href='x'?><path d='M0 0'/>",
        "<path d='M0 0'",
        "<foreignObject><img src=x onerror=alert(1) /></foreignObject>",
        "<script>alert(1)</script>",
        "alert(1)",
        "",
    ],
)
def test_doctype_entities_broken_markup_and_empty_results_are_refused(payload):
    with pytest.raises(UnsafeSVG):
        sanitise_shape(payload)


def test_an_editor_file_with_declaration_doctype_and_comments_is_accepted():
    markup = (
        '<?xml version="1.0" encoding="UTF-8"?>\n<!-- Generator: Illustrator -->\n'
        '<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" '
        '"http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">\n'
        '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">'
        '<title>Lid</title><rect x="1" y="2" width="3" height="4"/></svg>'
    )
    assert sanitise_shape(markup) == '<rect x="1" y="2" width="3" height="4"/>'


def test_path_data_becomes_a_path():
    assert sanitise_shape("M0 0 L10 10\nZ") == '<path d="M0 0 L10 10 Z"/>'


def test_allowed_shapes_and_attributes_are_kept():
    markup = (
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><g transform="translate(1 2)">'
        '<circle cx="5" cy="5" r="2" fill="#fff" stroke="none"/></g></svg>'
    )
    assert sanitise_shape(markup) == (
        '<g transform="translate(1 2)"><circle cx="5" cy="5" r="2" fill="#fff" stroke="none"/></g>'
    )


def test_oversize_shapes_are_refused():
    with pytest.raises(UnsafeSVG):
        sanitise_shape("M0 0 " + "L1 1 " * 30_000)


def test_render_escapes_the_text_and_refuses_bad_colours():
    svg = render(
        width=10,
        height=10,
        layers=[Layer(part_id=1, shape="<path d='M0 0'/>", colour='"><script>')],
        text="</text><script>alert(1)</script>",
        text_style={"x": 1, "y": 1, "size": 3, "colour": "red;"},
        label='"><script>',
    )
    assert "<script>" not in svg
    assert 'fill="#d9d9d9"' in svg and 'fill="#222222"' in svg
