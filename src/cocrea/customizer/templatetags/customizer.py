"""``{% design_svg design %}``: a design's picture, for other apps' templates (contests)."""

from __future__ import annotations

from django import template
from django.utils.safestring import SafeString, mark_safe

from cocrea.customizer import svg
from cocrea.customizer.models import Design

register = template.Library()


@register.simple_tag
def design_svg(design: Design, css_class: str = "") -> SafeString:
    return mark_safe(svg.design_svg(design, css_class=css_class))  # noqa: S308 - sanitised markup
