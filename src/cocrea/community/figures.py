"""The structured figures a story may carry: a small fixed, typed set with units.

A run has a distance and a duration; a coffee brewed at home has a dose, water, a temperature
and a brewing time; a café visit has a place. Every figure is optional; numbers are bounded so
nothing absurd (or NaN) is stored. The JSON kept on ``Story.figures`` maps a key below to its
value; the unit is never stored (it belongs to the key).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_lazy as _

from cocrea.core.errors import DomainError


@dataclass(frozen=True)
class Figure:
    key: str
    label: Any
    unit: str  # "" for text
    kind: str  # "number" or "text"
    maximum: float = 0.0


FIGURES: tuple[Figure, ...] = (
    Figure("distance", _("Distance"), "km", "number", 10_000),
    Figure("duration", _("Duration"), "min", "number", 10_000),
    Figure("dose", _("Coffee dose"), "g", "number", 1_000),
    Figure("water", _("Water"), "ml", "number", 10_000),
    Figure("temperature", _("Temperature"), "°C", "number", 150),
    Figure("place", _("Place"), "", "text", 80),
)
BY_KEY = {figure.key: figure for figure in FIGURES}


def _number(figure: Figure, value: Any) -> float | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise DomainError(_("Enter a number."), field=figure.key)
    try:
        number = float(str(value).replace(",", ".").strip())
    except ValueError:
        raise DomainError(_("Enter a number."), field=figure.key) from None
    if not math.isfinite(number) or not 0 <= number <= figure.maximum:
        raise DomainError(
            _("Enter a number between 0 and %(max)s.") % {"max": f"{figure.maximum:g}"},
            field=figure.key,
        )
    return round(number, 2)


def _text(figure: Figure, value: Any) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise DomainError(_("Enter a text."), field=figure.key)
    text = " ".join(value.split())
    if len(text) > figure.maximum:
        raise DomainError(
            _("At most %(max)d characters.") % {"max": int(figure.maximum)}, field=figure.key
        )
    return text or None


def clean_figures(raw: dict[str, Any] | None) -> dict[str, float | str]:
    """The figures to store: known keys only, typed and bounded; empty ones dropped."""
    if raw is None:
        return {}
    if not isinstance(raw, dict):
        raise DomainError(_("The figures are not valid."), field="figures")
    unknown = set(raw) - set(BY_KEY)
    if unknown:
        raise DomainError(_("Unknown figure: %(key)s") % {"key": sorted(unknown)[0]})
    cleaned: dict[str, float | str] = {}
    for key, value in raw.items():
        figure = BY_KEY[key]
        kept = _number(figure, value) if figure.kind == "number" else _text(figure, value)
        if kept is not None:
            cleaned[key] = kept
    return cleaned


def figures_for_display(figures: dict[str, Any]) -> list[tuple[Any, str]]:
    """[(label, "5.2 km"), …] in the fixed order, for templates."""
    shown = []
    for figure in FIGURES:
        if figure.key not in figures:
            continue
        value = figures[figure.key]
        if figure.kind == "number" and isinstance(value, int | float):
            text = f"{value:g} {figure.unit}"
        else:
            text = str(value)
        shown.append((figure.label, text))
    return shown
