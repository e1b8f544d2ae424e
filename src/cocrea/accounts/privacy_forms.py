from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from cocrea.accounts.models import LegalDocument


class ConsentForm(forms.Form):
    """The versions shown ride along, so a text published meanwhile is not accepted unread."""

    terms_version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
    privacy_version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
    accept = forms.BooleanField(
        label=_("I have read and I accept the terms of use and the privacy notice above."),
        error_messages={"required": _("Tick the box to accept, or leave the community.")},
    )
    marketing = forms.BooleanField(
        label=_("I also agree to receive the brand's news and offers by e-mail (optional)."),
        required=False,
    )


class LegalDocumentForm(forms.Form):
    kind = forms.ChoiceField(label=_("Document"), choices=LegalDocument.Kind.choices)
    title = forms.CharField(label=_("Title"), max_length=120)
    body = forms.CharField(
        label=_("Text"), max_length=50_000, widget=forms.Textarea(attrs={"rows": 14})
    )
    summary = forms.CharField(
        label=_("What changed (shown to members asked to accept again)"),
        max_length=300,
        required=False,
    )


class DeleteAccountForm(forms.Form):
    password = forms.CharField(
        label=_("Your password"),
        required=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    confirm = forms.CharField(label=_("Type DELETE to confirm"), max_length=20, required=False)
