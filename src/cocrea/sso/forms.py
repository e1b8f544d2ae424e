from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from cocrea.sso.models import IdentityProvider


class OidcForm(forms.Form):
    name = forms.CharField(
        label=_("Button label"),
        max_length=60,
        help_text=_("Members read it on the button: “Sign in with …”."),
    )
    server_url = forms.URLField(
        assume_scheme="https",
        label=_("Issuer URL"),
        max_length=300,
        help_text=_("The provider's issuer; its /.well-known/openid-configuration is read."),
    )
    client_id = forms.CharField(label=_("Client ID"), max_length=200)
    secret = forms.CharField(
        label=_("Client secret"),
        max_length=300,
        required=False,
        widget=forms.PasswordInput(render_value=False),
        help_text=_("Leave empty to keep the current secret."),
    )
    scopes = forms.CharField(label=_("Scopes"), max_length=200, initial="openid email profile")
    enabled = forms.BooleanField(label=_("Enabled"), required=False, initial=True)


class SamlForm(forms.Form):
    name = forms.CharField(label=_("Button label"), max_length=60)
    idp_entity_id = forms.CharField(label=_("Identity provider entity ID"), max_length=300)
    idp_sso_url = forms.URLField(
        assume_scheme="https", label=_("Identity provider sign-in URL"), max_length=300
    )
    idp_x509cert = forms.CharField(
        label=_("Identity provider certificate (PEM)"),
        max_length=8000,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    enabled = forms.BooleanField(label=_("Enabled"), required=False, initial=True)


def provider_form(protocol: str, data: Any = None, provider: Any = None) -> forms.Form:
    form_class = OidcForm if protocol == IdentityProvider.Protocol.OIDC else SamlForm
    initial = None
    if provider is not None:
        initial = {name: getattr(provider, name) for name in form_class.base_fields}
        initial.pop("secret", None)
    return form_class(data, initial=initial)


class OptionsForm(forms.Form):
    sso_only = forms.BooleanField(
        label=_("Members sign in with the brand's accounts only"),
        required=False,
        help_text=_(
            "Password sign-in is refused to the brand's members; its team keeps its password."
        ),
    )


class CustomerTokenForm(forms.Form):
    token = forms.CharField(max_length=4096)
