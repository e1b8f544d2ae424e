from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from cocrea.webhooks import registry


class EndpointForm(forms.Form):
    url = forms.CharField(label=_("URL of your receiver"), max_length=2000)
    description = forms.CharField(label=_("Description"), max_length=200, required=False)
    event_types = forms.MultipleChoiceField(
        label=_("Events to send"), choices=registry.choices, widget=forms.CheckboxSelectMultiple
    )
    is_active = forms.BooleanField(label=_("Active"), required=False, initial=True)
