"""Colour arithmetic for brand themes: WCAG 2 contrast between two sRGB colours."""

from __future__ import annotations

WHITE = "#ffffff"
MIN_TEXT_CONTRAST = 4.5  # WCAG 2 AA for normal text


def _channel(value: int) -> float:
    c = value / 255
    return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4


def relative_luminance(hex_colour: str) -> float:
    """``#rrggbb`` → relative luminance between 0 (black) and 1 (white)."""
    raw = hex_colour.lstrip("#")
    red, green, blue = (int(raw[i : i + 2], 16) for i in (0, 2, 4))
    return 0.2126 * _channel(red) + 0.7152 * _channel(green) + 0.0722 * _channel(blue)


def contrast_ratio(first: str, second: str) -> float:
    """From 1 (same colour) to 21 (black on white)."""
    lighter, darker = sorted((relative_luminance(first), relative_luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)
