from __future__ import annotations

from django import template

register = template.Library()


@register.filter
def stars(average: float | None) -> str:
    """★★★★☆ for an average of 3.5 to 4.49 (rounded to the nearest whole star)."""
    if average is None:
        return ""
    full = max(0, min(5, round(float(average))))
    return "★" * full + "☆" * (5 - full)
