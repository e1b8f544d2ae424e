from __future__ import annotations

from django import template

from cocrea.campaigns.models import Campaign, Phase
from cocrea.campaigns.phases import current_phase as _current_phase

register = template.Library()


@register.simple_tag
def current_phase(campaign: Campaign) -> Phase | None:
    return _current_phase(campaign)
