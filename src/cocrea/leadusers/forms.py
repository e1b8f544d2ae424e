from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from cocrea.brands.models import Brand, Membership
from cocrea.campaigns.models import Campaign
from cocrea.ideas.forms import IdsField


class PanelForm(forms.Form):
    members = IdsField(queryset=Membership.objects.none(), label=_("Members"))
    campaign = forms.ModelChoiceField(
        queryset=Campaign.objects.none(), required=False, label=_("Existing panel")
    )
    title = forms.CharField(max_length=120, required=False, label=_("or a new panel named"))

    def __init__(self, *args: Any, brand: Brand, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        members = Membership.objects.filter(brand=brand).select_related("user")
        panels = Campaign.objects.filter(brand=brand, visibility=Campaign.Visibility.INVITED)
        self.fields["members"].queryset = members  # type: ignore[attr-defined]
        self.fields["campaign"].queryset = panels  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("campaign") and not (data.get("title") or "").strip():
            raise ValidationError(_("Choose a panel or name a new one."))
        return data
