"""Input checks only; the rules live in services.py."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from cocrea.engagement.models import EngagementWeights, Kind, weight_field
from cocrea.engagement.services import HALF_LIFE_MAX, HALF_LIFE_MIN, THRESHOLD_MAX, WEIGHT_MAX


class WeightsForm(forms.Form):
    half_life_days = forms.FloatField(
        label=_("Half-life in days"),
        min_value=HALF_LIFE_MIN,
        max_value=HALF_LIFE_MAX,
        help_text=_("After this many days an action counts half as much as on its first day."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for kind in Kind:
            self.fields[weight_field(kind)] = forms.FloatField(
                label=kind.label, min_value=0, max_value=WEIGHT_MAX
            )

    @staticmethod
    def initial_from(row: EngagementWeights) -> dict[str, float]:
        initial = {weight_field(k): getattr(row, weight_field(k)) for k in Kind}
        return {"half_life_days": row.half_life_days, **initial}

    def weights(self) -> dict[str, float]:
        return {kind.value: self.cleaned_data[weight_field(kind)] for kind in Kind}


class TierForm(forms.Form):
    tier_id = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)
    name = forms.CharField(label=_("Name"), max_length=40)
    threshold = forms.FloatField(label=_("Score threshold"), min_value=0, max_value=THRESHOLD_MAX)
    requires_accepted_idea = forms.BooleanField(label=_("Needs an accepted idea"), required=False)


TierFormSet = forms.formset_factory(
    TierForm, extra=1, can_delete=True, max_num=10, validate_max=True
)


class VisibilityForm(forms.Form):
    visible = forms.BooleanField(label=_("Show me on the leaderboard"), required=False)
