"""``{{ campaign|tr:"title" }}``: a brand's text in the reader's language, or the other
language marked as such ("(in French)"). ``tr_html`` does the same for sanitised HTML fields.

Loaded as a template builtin (settings.TEMPLATES). Use it where a text is read (headings,
cards, descriptions); inside attributes and ``<title>`` the plain ``{{ campaign.title }}``
already gives the fallback text, without the mark-up.
"""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from cocrea.core.texts import fallback_note, text_in

register = template.Library()


@register.filter
def tr(obj: Any, field: str) -> SafeString:
    if obj is None or obj == "":
        return mark_safe("")
    text, fallback = text_in(obj, field)
    if fallback is None:
        return format_html("{}", text)
    return format_html(
        '<span lang="{}">{}</span> <small class="fallback-note">{}</small>',
        fallback,
        text,
        fallback_note(fallback),
    )


@register.filter
def tr_html(obj: Any, field: str) -> SafeString:
    """For fields that hold HTML sanitised when it was written (descriptions, bodies)."""
    if obj is None or obj == "":
        return mark_safe("")
    text, fallback = text_in(obj, field)
    if fallback is None:
        return mark_safe(text)  # noqa: S308 - sanitised by nh3 when written
    return format_html(
        '<p class="fallback-note">{}</p><div lang="{}">{}</div>',
        fallback_note(fallback),
        fallback,
        mark_safe(text),  # noqa: S308 - sanitised by nh3 when written
    )
