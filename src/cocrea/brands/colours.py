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


DARK_TEXT = "#1a1a1a"
BLACK = "#000000"


def text_on(background: str) -> str:
    """The text colour (white or near-black) that reads best on ``background``.

    White is kept whenever it passes AA, so brands keep the white-on-colour look they chose;
    then a soft near-black, then black. One of white and black always passes: their two
    contrasts with any colour multiply to 21, so the larger is at least 4.58.
    """
    for candidate in (WHITE, DARK_TEXT):
        if contrast_ratio(background, candidate) >= MIN_TEXT_CONTRAST:
            return candidate
    return BLACK


def _mix(hex_colour: str, towards: int, share: float) -> str:
    raw = hex_colour.lstrip("#")
    channels = (int(raw[i : i + 2], 16) for i in (0, 2, 4))
    mixed = (round(c + (towards - c) * share) for c in channels)
    return "#" + "".join(f"{c:02x}" for c in mixed)


def readable_on(colour: str, background: str = WHITE) -> str:
    """``colour`` darkened (or lightened on a dark background) in small steps until it reads as
    text on ``background`` at AA: the brand's hue for links and figures, never an unreadable one."""
    towards = 0 if relative_luminance(background) > 0.18 else 255
    candidate = colour.lower()
    step = 0
    while contrast_ratio(candidate, background) < MIN_TEXT_CONTRAST and step < 20:
        step += 1
        candidate = _mix(colour, towards, step / 20)
    return candidate


def theme_properties(primary: str, accent: str) -> dict[str, str]:
    """CSS custom properties of a brand: its colours and the text colours that read on them."""
    return {
        "--brand-primary": primary,
        "--brand-accent": accent,
        "--brand-on-primary": text_on(primary),
        "--brand-on-accent": text_on(accent),
        "--brand-primary-text": readable_on(primary),
        "--brand-accent-text": readable_on(accent),
    }
