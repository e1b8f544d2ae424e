"""The product picture: a strict SVG whitelist for the layers admins upload, and the renderer.

nh3 (Ammonia) cleans HTML, not SVG, so layers go through the whitelist below instead: a small
set of shape elements, presentation attributes whose values must match a strict grammar (numbers,
path data, hex colours), nothing that can load or run anything (no ``<script>``,
``<foreignObject>``, ``<use>``, ``<image>``, ``<style>``, ``href``, ``on*`` handlers,
``url(...)``, entities). Whatever is not on the list is dropped, with its children.

The renderer builds the picture from trusted pieces only: the sanitised layer markup stored on each
part, colours validated as ``#rrggbb``, material patterns defined here, and the personalization
text escaped as XML text.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from html import escape
from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _

from cocrea.core.errors import DomainError

if TYPE_CHECKING:
    from cocrea.customizer.models import Design, Option, Part, Product

SVG_NS = "http://www.w3.org/2000/svg"
MAX_SHAPE_BYTES = 100_000
MAX_ELEMENTS = 2_000

ELEMENTS = {"g", "path", "rect", "circle", "ellipse", "line", "polyline", "polygon"}
_NUMBER = r"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?"
_NUM = re.compile(rf"^{_NUMBER}%?$")
_NUM_LIST = re.compile(rf"^(?:{_NUMBER}[\s,]*)+$")
_PATH = re.compile(r"^[MmLlHhVvCcSsQqTtAaZz0-9eE.,+\-\s]+$")
_TRANSFORM = re.compile(
    rf"^(?:\s*(?:matrix|translate|scale|rotate|skewX|skewY)\(\s*(?:{_NUMBER}[\s,]*)+\)\s*,?)+$"
)
_PAINT = re.compile(r"^(?:#[0-9a-fA-F]{3}|#[0-9a-fA-F]{6}|none|currentColor|[a-zA-Z]{3,20})$")
_ENUM = re.compile(r"^[a-z-]{1,20}$")
_HEX = re.compile(r"^#[0-9a-fA-F]{6}$")

ATTRIBUTES: dict[str, re.Pattern[str]] = {
    "d": _PATH,
    "points": _NUM_LIST,
    "transform": _TRANSFORM,
    **{
        name: _NUM
        for name in [
            *("x", "y", "width", "height", "cx", "cy", "r", "rx", "ry", "x1", "y1", "x2", "y2"),
            *("stroke-width", "opacity", "fill-opacity", "stroke-opacity", "stroke-miterlimit"),
        ]
    },
    "fill": _PAINT,
    "stroke": _PAINT,
    **{name: _ENUM for name in ("fill-rule", "clip-rule", "stroke-linecap", "stroke-linejoin")},
}


class UnsafeSVG(DomainError):
    pass


def _local(tag: str) -> str:
    """``{http://www.w3.org/2000/svg}path`` → ``path``; any other namespace → ``""`` (dropped)."""
    if tag.startswith("{"):
        namespace, _sep, name = tag[1:].partition("}")
        return name if namespace == SVG_NS else ""
    return tag


def _clean_attributes(element: ET.Element) -> list[tuple[str, str]]:
    kept = []
    for name, value in element.attrib.items():
        rule = ATTRIBUTES.get(name)  # namespaced names ({...}href) are never in the table
        value = value.strip()
        if rule is not None and len(value) <= 20_000 and rule.match(value):
            kept.append((name, value))
    return kept


def _serialise(element: ET.Element, out: list[str], budget: list[int]) -> None:
    name = _local(element.tag) if isinstance(element.tag, str) else ""
    if name not in ELEMENTS:
        return
    budget[0] -= 1
    if budget[0] < 0:
        raise UnsafeSVG(_("This shape has too many elements."), code="svg_too_big", field="shape")
    attrs = "".join(f' {n}="{escape(v, quote=True)}"' for n, v in _clean_attributes(element))
    children = list(element)
    if not children:
        out.append(f"<{name}{attrs}/>")
        return
    out.append(f"<{name}{attrs}>")
    for child in children:
        _serialise(child, out, budget)
    out.append(f"</{name}>")


def _parse(markup: str) -> ET.Element:
    # Editors write an XML declaration, comments and a plain DOCTYPE: drop them. Anything else
    # that starts with "<!" or "<?" (entity declarations, internal subsets, CDATA, processing
    # instructions) is refused, so the parser below never sees an entity.
    markup = re.sub(r"^\s*<\?xml\s[^>]*\?>", "", markup)
    markup = re.sub(r"<!--.*?-->", "", markup, flags=re.DOTALL)
    markup = re.sub(r"^\s*<!DOCTYPE[^\[>]*>", "", markup)
    if "<!" in markup or "<?" in markup:
        raise UnsafeSVG(
            _(
                "Remove the entity declarations, CDATA sections and processing instructions "
                "from the SVG."
            ),
            code="svg_doctype",
            field="shape",
        )
    if not re.match(r"^\s*<svg[\s>]", markup):
        markup = f'<svg xmlns="{SVG_NS}">{markup}</svg>'
    try:
        # Safe: every "<!" left was refused above, so no DOCTYPE or entity can be declared.
        return ET.fromstring(markup)  # noqa: S314
    except ET.ParseError:
        raise UnsafeSVG(
            _("This is not valid SVG markup."), code="svg_invalid", field="shape"
        ) from None


def sanitise_shape(raw: str) -> str:
    """Safe SVG markup for one layer: raw path data (``M0 0 L10 10 Z``) or SVG shape markup.

    Raises ``UnsafeSVG`` (a DomainError on field ``shape``) when nothing usable remains.
    """
    raw = (raw or "").strip()
    if len(raw.encode()) > MAX_SHAPE_BYTES:
        raise UnsafeSVG(
            _("This shape is too large (100 KB at most)."), code="svg_too_big", field="shape"
        )
    if not raw:
        raise UnsafeSVG(_("Give the part a shape."), code="svg_empty", field="shape")
    if not raw.startswith("<"):
        if not _PATH.match(raw):
            raise UnsafeSVG(
                _("Path data may hold only path commands and numbers."),
                code="svg_path",
                field="shape",
            )
        return f'<path d="{escape(" ".join(raw.split()), quote=True)}"/>'
    root = _parse(raw)
    out: list[str] = []
    budget = [MAX_ELEMENTS]
    for child in root if _local(str(root.tag)) == "svg" else [root]:
        _serialise(child, out, budget)
    if not out:
        raise UnsafeSVG(
            _("No drawable shape was found in this SVG (paths, rectangles, circles…)."),
            code="svg_empty",
            field="shape",
        )
    return "".join(out)


# --- rendering -----------------------------------------------------------------------------


def _pattern(material: str, pid: str) -> str:
    """An overlay pattern (drawn above the colour) for a material. Trusted, fixed markup."""
    body = {
        "canvas": '<path d="M0 0H6M0 3H6M0 0V6M3 0V6" stroke="#000" stroke-opacity=".12"/>',
        "leather": '<circle cx="2" cy="2" r=".8" fill="#000" fill-opacity=".15"/>'
        '<circle cx="5" cy="4.5" r=".6" fill="#000" fill-opacity=".12"/>',
        "cork": '<circle cx="1.5" cy="1.5" r="1" fill="#5a3a1a" fill-opacity=".25"/>'
        '<circle cx="4.5" cy="4" r=".7" fill="#5a3a1a" fill-opacity=".2"/>',
        "bamboo": '<path d="M0 0V6M3 0V6" stroke="#6b5a2a" stroke-opacity=".18"/>',
        "steel": '<path d="M0 1H6M0 3.5H6M0 5H6" stroke="#fff" stroke-opacity=".25"/>',
        "dots": '<circle cx="3" cy="3" r="1.2" fill="#fff" fill-opacity=".5"/>',
        "stripes": '<path d="M0 6L6 0" stroke="#fff" stroke-opacity=".45" stroke-width="1.5"/>',
    }.get(material)
    if body is None:
        return ""
    return (
        f'<pattern id="{pid}" width="6" height="6" patternUnits="userSpaceOnUse">{body}</pattern>'
    )


# A thin outline on every layer, so a white lid still shows on a white page.
OUTLINE = 'stroke="#1c2430" stroke-opacity="0.3" stroke-width="1.5" stroke-linejoin="round"'


@dataclass(frozen=True)
class Layer:
    part_id: int
    shape: str
    option_id: int | None = None
    colour: str = "#d9d9d9"
    material: str = "plain"


def render(
    *,
    width: int,
    height: int,
    layers: Iterable[Layer],
    text: str = "",
    text_style: Mapping[str, object] | None = None,
    label: str = "",
    uid: str = "p",
    css_class: str = "",
) -> str:
    """The whole picture as inline SVG markup. Every piece is escaped or was sanitised on save."""
    defs: dict[str, str] = {}
    body: list[str] = []
    for layer in layers:
        colour = layer.colour if _HEX.match(layer.colour) else "#d9d9d9"
        option = f' data-option="{layer.option_id}"' if layer.option_id else ""
        body.append(
            f'<g class="layer" data-part="{layer.part_id}"{option} fill="{colour}" {OUTLINE}>'
            f"{layer.shape}</g>"
        )
        pattern = _pattern(layer.material, f"{uid}-{layer.material}")
        if pattern:
            defs[layer.material] = pattern
            body.append(f'<g fill="url(#{uid}-{layer.material})">{layer.shape}</g>')
    if text and text_style:
        body.append(_text(text, text_style))
    classes = escape(" ".join(["product-svg", css_class]).strip(), quote=True)
    return (
        f'<svg xmlns="{SVG_NS}" viewBox="0 0 {int(width)} {int(height)}" class="{classes}" '
        f'role="img" aria-label="{escape(label, quote=True)}">'
        f"<title>{escape(label)}</title>"
        f"{'<defs>' + ''.join(defs.values()) + '</defs>' if defs else ''}"
        f"{''.join(body)}</svg>"
    )


def _text(text: str, style: Mapping[str, object]) -> str:
    colour = str(style.get("colour", "#222222"))
    colour = colour if _HEX.match(colour) else "#222222"
    return (
        f'<text class="personalization" x="{int(style.get("x", 0))}" '  # type: ignore[call-overload]
        f'y="{int(style.get("y", 0))}" '  # type: ignore[call-overload]
        f'font-size="{int(style.get("size", 24))}" '  # type: ignore[call-overload]
        f'fill="{colour}" text-anchor="middle" dominant-baseline="middle" '
        f'font-family="Georgia, serif" font-weight="bold">{escape(text)}</text>'
    )


def text_style(product: Product) -> dict[str, object]:
    return {
        "x": product.text_x,
        "y": product.text_y,
        "size": product.text_size,
        "colour": product.text_colour,
    }


def layers_for(parts: Iterable[Part], chosen: Mapping[int, Option]) -> list[Layer]:
    """One layer per part, coloured by the chosen option (grey when none is chosen)."""
    layers = []
    for part in parts:
        option = chosen.get(part.pk)
        if option is None:
            layers.append(Layer(part_id=part.pk, shape=part.shape))
        else:
            layers.append(
                Layer(
                    part_id=part.pk,
                    shape=part.shape,
                    option_id=option.pk,
                    colour=option.colour,
                    material=option.material,
                )
            )
    return layers


def product_svg(
    product: Product,
    parts: Iterable[Part],
    chosen: Mapping[int, Option],
    text: str = "",
    *,
    uid: str = "p",
    css_class: str = "",
) -> str:
    return render(
        width=product.width,
        height=product.height,
        layers=layers_for(parts, chosen),
        text=text,
        text_style=text_style(product),
        label=product.name,
        uid=uid,
        css_class=css_class,
    )


def design_svg(design: Design, *, css_class: str = "") -> str:
    """The design's picture as sanitised inline SVG markup (safe to insert as-is).

    Uses ``design.product.parts.all()`` and each part's ``options.all()``: prefetch
    ``product__parts__options`` for lists (``selectors.designs_with_parts``).
    """
    product = design.product
    parts = list(product.parts.all())
    wanted = {int(k): v for k, v in (design.choices or {}).items() if str(k).isdigit()}
    chosen: dict[int, Option] = {}
    for part in parts:
        for option in part.options.all():
            if wanted.get(part.pk) == option.pk:
                chosen[part.pk] = option
    return render(
        width=product.width,
        height=product.height,
        layers=layers_for(parts, chosen),
        text=design.text if product.has_text else "",
        text_style=text_style(product),
        label=design.title,
        uid=f"d{design.pk or 0}",
        css_class=css_class,
    )
