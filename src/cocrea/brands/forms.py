"""Brand console forms: shapes only; the rules (contrast, languages, last admin) are services'."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from cocrea.brands.models import Brand, Membership
from cocrea.core.forms import BilingualMixin


class ColourInput(forms.TextInput):
    input_type = "color"


class BrandSettingsForm(BilingualMixin, forms.Form):
    bilingual = ("tagline", "description")

    name = forms.CharField(label=_("Name"), max_length=80)
    tagline = forms.CharField(
        label=_("Tagline"),
        max_length=160,
        required=False,
        help_text=_("One line under the brand's name on its home page."),
    )
    description = forms.CharField(
        label=_("Description"),
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Say who you are and why you want to hear from your customers."),
    )
    logo = forms.FileField(label=_("Logo"), required=False)
    remove_logo = forms.BooleanField(label=_("Remove the logo"), required=False)
    primary_colour = forms.RegexField(
        label=_("Primary colour"),
        regex=r"^#[0-9a-fA-F]{6}$",
        max_length=7,
        widget=ColourInput,
        error_messages={"invalid": _("Use a colour such as #1f6feb.")},
        help_text=_("The top bar and buttons; white text must stay readable on it."),
    )
    accent_colour = forms.RegexField(
        label=_("Accent colour"),
        regex=r"^#[0-9a-fA-F]{6}$",
        max_length=7,
        widget=ColourInput,
        error_messages={"invalid": _("Use a colour such as #1f6feb.")},
        help_text=_("Highlights, badges and focus outlines."),
    )
    languages = forms.MultipleChoiceField(
        label=_("Languages of the community"),
        choices=settings.LANGUAGES,
        widget=forms.CheckboxSelectMultiple,
    )
    default_language = forms.ChoiceField(label=_("Default language"), choices=settings.LANGUAGES)
    visibility = forms.ChoiceField(
        label=_("Who may see the community"),
        choices=Brand.Visibility.choices,
        widget=forms.RadioSelect,
    )


class TeamSearchForm(forms.Form):
    q = forms.CharField(label=_("Search by name or e-mail"), max_length=100, required=False)


class RoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=Membership.Role.choices)
