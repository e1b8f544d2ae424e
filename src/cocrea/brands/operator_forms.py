"""Forms of the operators' console and of the self-service brand sign-up (shapes only)."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from cocrea.brands.models import Brand


class BrandCreateForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=80)
    slug = forms.CharField(
        label=_("Address"),
        max_length=50,
        help_text=_("The community's address: /b/<address>/ (lower-case letters, digits, -)."),
    )
    languages = forms.MultipleChoiceField(
        label=_("Languages of the community"),
        choices=settings.LANGUAGES,
        widget=forms.CheckboxSelectMultiple,
        initial=["fr", "en"],
    )
    default_language = forms.ChoiceField(
        label=_("Default language"), choices=settings.LANGUAGES, initial="fr"
    )
    visibility = forms.ChoiceField(
        label=_("Who may see the community"),
        choices=Brand.Visibility.choices,
        widget=forms.RadioSelect,
        initial=Brand.Visibility.PUBLIC,
    )


class OperatorBrandCreateForm(BrandCreateForm):
    admin_email = forms.EmailField(
        label=_("E-mail of the first admin"),
        help_text=_("They receive an invitation to create their account and run the brand."),
    )


class SuspendForm(forms.Form):
    reason = forms.CharField(label=_("Reason (kept in the audit)"), max_length=200, required=False)


class DeleteForm(forms.Form):
    confirm_slug = forms.CharField(label=_("Type the brand's address to confirm"), max_length=50)


class InvitationSignupForm(forms.Form):
    display_name = forms.CharField(label=_("Display name"), max_length=60)
    language = forms.ChoiceField(label=_("Preferred language"), choices=settings.LANGUAGES)
    password1 = forms.CharField(
        label=_("Password"), widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )
    password2 = forms.CharField(
        label=_("Password (again)"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        if data.get("password1") and data.get("password1") != data.get("password2"):
            self.add_error("password2", _("The two passwords differ."))
        return data
