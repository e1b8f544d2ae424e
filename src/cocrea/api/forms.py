from __future__ import annotations

from datetime import datetime, time
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cocrea.api.models import Scope
from cocrea.api.services import NAME_MAX


class KeyForm(forms.Form):
    name = forms.CharField(
        label=_("Name"), max_length=NAME_MAX, help_text=_("What uses it, e.g. “CRM sync”.")
    )
    scope = forms.ChoiceField(label=_("Scope"), choices=Scope.choices, initial=Scope.READ,
                              widget=forms.RadioSelect)  # fmt: skip
    expires_on = forms.DateField(
        label=_("Expires on"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Leave empty for a key that does not expire."),
    )

    def __init__(self, *args: Any, personal: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if personal:
            self.fields["scope"].choices = [c for c in Scope.choices if c[0] != Scope.ADMIN]  # type: ignore[attr-defined]

    def expires_at(self) -> datetime | None:
        day = self.cleaned_data.get("expires_on")
        if day is None:
            return None
        return timezone.make_aware(datetime.combine(day, time.max.replace(microsecond=0)))
