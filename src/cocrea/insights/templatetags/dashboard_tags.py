"""Number formatting for the insights dashboard (signed sentiment, share changes)."""

from __future__ import annotations

from django import template
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from cocrea.insights.selectors import POSITIVE

register = template.Library()
MINUS = "\u2212"  # typographic minus sign


@register.filter
def signed(value: float | None, digits: int = 2) -> str:
    """+0.42, \u22120.17 (a real minus sign), or an em dash when there is no value."""
    if value is None:
        return "—"
    text = number_format(abs(value), decimal_pos=digits, use_l10n=True)
    if round(value, digits) == 0:
        return text
    return ("+" if value > 0 else MINUS) + text


@register.filter
def points(value: float | None) -> str:
    """A change of share (0.042) as percentage points: +4.2 pts."""
    if value is None:
        return "—"
    return _("%(value)s pts") % {"value": signed(value * 100, 1)}


@register.filter
def percent(value: float | None) -> str:
    if value is None:
        return "—"
    digits = 1 if 0 < abs(value) < 0.1 else 0  # 0.7 %, not 0 %
    number = number_format(value * 100, decimal_pos=digits, use_l10n=True)
    return _("%(value)s %%") % {"value": number}


@register.filter
def change(value: float | None) -> str:
    """A relative change (1.49) as a signed percentage: +149 %."""
    if value is None:
        return "—"
    return _("%(value)s %%") % {"value": signed(value * 100, 0)}


@register.filter
def tone(value: float | None) -> str:
    """positive, negative or neutral: a CSS modifier and a drill-down value."""
    if value is None:
        return "neutral"
    if value >= POSITIVE:
        return "positive"
    if value <= -POSITIVE:
        return "negative"
    return "neutral"
