from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from cocrea.accounts.models import User


class SignupExtraForm(forms.Form):
    """Fields allauth's sign-up form adds: a display name and the preferred language."""

    display_name = forms.CharField(label=_("Display name"), max_length=60)
    language = forms.ChoiceField(label=_("Preferred language"), choices=settings.LANGUAGES)

    def signup(self, request: Any, user: User) -> None:
        user.display_name = self.cleaned_data["display_name"]
        user.language = self.cleaned_data["language"]
        user.save(update_fields=["display_name", "language"])


class ProfileForm(forms.Form):
    display_name = forms.CharField(label=_("Display name"), max_length=60)
    bio = forms.CharField(
        label=_("Short bio"),
        max_length=280,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": 280}),
        help_text=_("280 characters at most. Other members see it beside your ideas."),
    )
    language = forms.ChoiceField(label=_("Preferred language"), choices=settings.LANGUAGES)
    avatar = forms.FileField(
        label=_("Avatar"), required=False, help_text=_("JPEG, PNG, WebP or GIF.")
    )
    remove_avatar = forms.BooleanField(label=_("Remove my avatar"), required=False)
