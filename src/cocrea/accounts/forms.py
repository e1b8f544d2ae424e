from __future__ import annotations

from typing import Any

from allauth.core import context as allauth_context
from django import forms
from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from cocrea.accounts.models import User
from cocrea.brands.models import Brand
from cocrea.brands.theming import theme_brand_for
from cocrea.core.errors import DomainError


class SignupExtraForm(forms.Form):
    """Fields allauth's sign-up form adds: a display name and the preferred language; and, for a
    person who came through a brand (``brands.theming``), that brand's consent boxes.

    She joins the brand as she signs up: the terms of use and privacy notice it published
    (their versions ride along as hidden fields, so a text published meanwhile is not accepted
    unread) must be accepted, and the marketing box, kept apart, is optional.
    """

    display_name = forms.CharField(label=_("Display name"), max_length=60)
    language = forms.ChoiceField(label=_("Preferred language"), choices=settings.LANGUAGES)
    # allauth adds the e-mail and passwords; the consent boxes come last, above the button.
    field_order = ["email", "display_name", "language", "password1", "password2"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The language she reads the page in (the switcher's, else the platform's), not French.
        self.initial.setdefault("language", translation.get_language())
        self.brand = _joinable_brand(allauth_context.request)
        if self.brand is not None:
            self._add_consent_fields(self.brand)

    def _add_consent_fields(self, brand: Brand) -> None:
        self.fields["terms_version"] = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
        self.fields["privacy_version"] = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
        self.initial.update(
            terms_version=brand.terms_version, privacy_version=brand.privacy_version
        )
        self.fields.pop("accept_legal", None)
        if brand.terms_version or brand.privacy_version:
            self.fields["accept_legal"] = forms.BooleanField(
                label=_legal_label(brand),
                error_messages={"required": _("Tick the box to accept them, or do not sign up.")},
            )
        self.fields.pop("marketing", None)
        self.fields["marketing"] = forms.BooleanField(
            label=_("I also agree to receive %(brand)s's news and offers by e-mail (optional).")
            % {"brand": brand.name},
            required=False,
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        brand = self.brand
        if brand is None or self.errors:
            return data
        current = Brand.objects.filter(pk=brand.pk).values_list(
            "terms_version", "privacy_version"
        ).first() or (0, 0)
        if (data.get("terms_version"), data.get("privacy_version")) != current:
            # Shown again with the texts she now has to read, and their box unticked.
            brand.terms_version, brand.privacy_version = current
            data_shown = self.data.copy()  # type: ignore[attr-defined]  # a QueryDict
            data_shown["terms_version"], data_shown["privacy_version"] = map(str, current)
            data_shown.pop("accept_legal", None)
            self.data = data_shown
            self._add_consent_fields(brand)
            raise forms.ValidationError(
                _("The brand has just published a new version: read it, then accept again."),
                code="stale_version",
            )
        return data

    def signup(self, request: Any, user: User) -> None:
        user.display_name = self.cleaned_data["display_name"]
        user.language = self.cleaned_data["language"]
        user.save(update_fields=["display_name", "language"])
        if self.brand is not None:
            _join_with_consent(self.brand, user, self.cleaned_data)


def _joinable_brand(request: Any) -> Brand | None:
    """The brand the person came through, when she may join it (a public, open brand)."""
    brand = theme_brand_for(request)
    if brand is None or brand.visibility != Brand.Visibility.PUBLIC or brand.is_suspended:
        return None
    return brand


def _legal_label(brand: Brand) -> str:
    """ "I have read and I accept the terms of use (version 2) and the privacy notice (version 1)
    of …", each text a link that opens beside the form."""
    links = [
        format_html(
            '<a href="{}" target="_blank" rel="noopener">{}</a> ({})',
            reverse("privacy_console:document", kwargs={"brand_slug": brand.slug, "kind": kind}),
            text,
            _("version %(version)s") % {"version": version},
        )
        for kind, version, text in (
            ("terms", brand.terms_version, _("the terms of use")),
            ("privacy", brand.privacy_version, _("the privacy notice")),
        )
        if version
    ]
    documents = format_html_join(format_html(" {} ", _("and")), "{}", ((link,) for link in links))
    return format_html(
        str(_("I have read and I accept {documents} of {brand}, whose community I join.")),
        documents=documents,
        brand=brand.name,
    )


def _join_with_consent(brand: Brand, user: User, data: dict[str, Any]) -> None:
    from cocrea.accounts.privacy import consent_record
    from cocrea.brands.services import brand_join

    try:
        membership = brand_join(brand=brand, user=user)
        consent_record(
            membership=membership,
            terms_version=data["terms_version"],
            privacy_version=data["privacy_version"],
            marketing=data.get("marketing", False),
            source="signup",
        )
    except DomainError:
        # Suspended, closed or a new version in the last instant: the account stands, and the
        # brand asks for consent (the consent page) when she comes to take part.
        return


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
