"""allauth's OpenID Connect views, with the ID token's signature always checked.

allauth skips the signature of an ID token received straight from the token endpoint (OpenID
Connect Core 3.1.3.7 allows it over TLS). Cocréa checks it anyway, with allauth's own
``jwtkit`` and the provider's published keys: a proxy or a misconfigured TLS terminator cannot
slip in a forged token. Same paths and names as allauth's, listed before them. The sign-in
pages (OpenID Connect and SAML) also let their form lead to the provider (``form-action``).
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from allauth.account.internal.decorators import login_not_required
from allauth.socialaccount.internal import jwtkit
from allauth.socialaccount.models import SocialApp
from allauth.socialaccount.providers.oauth2.views import OAuth2CallbackView, OAuth2LoginView
from allauth.socialaccount.providers.openid_connect.views import OpenIDConnectOAuth2Adapter
from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse

from cocrea.core.middleware import policy_with_form_action
from cocrea.sso.selectors import provider_by_key


class SignatureCheckingAdapter(OpenIDConnectOAuth2Adapter):
    def _decode_id_token(self, app: SocialApp, id_token: str) -> dict[Any, Any]:
        return jwtkit.verify_and_decode(  # type: ignore[no-any-return]
            credential=id_token,
            keys_url=self.openid_config["jwks_uri"],
            issuer=self.openid_config["issuer"],
            audience=app.client_id,
            lookup_kid=jwtkit.lookup_kid_jwk,
            verify_signature=True,
        )


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else ""


def let_forms_reach_provider(response: HttpResponse, key: str) -> HttpResponse:
    """allauth's "Continue" page POSTs to Cocréa, which redirects to the brand's provider: the
    page's Content-Security-Policy lets its form go there (``form-action``), else browsers
    stop the sign-in without a word."""
    provider = provider_by_key(key)
    if provider is None:
        return response
    policy = response.get("Content-Security-Policy") or settings.CONTENT_SECURITY_POLICY
    origins = [_origin(provider.server_url), _origin(provider.idp_sso_url)]
    if policy:
        response["Content-Security-Policy"] = policy_with_form_action(policy, origins)
    return response


@login_not_required
def login(request: HttpRequest, provider_id: str) -> HttpResponse:
    try:
        view = OAuth2LoginView.adapter_view(SignatureCheckingAdapter(request, provider_id))
        return let_forms_reach_provider(view(request), provider_id)
    except SocialApp.DoesNotExist as error:
        raise Http404 from error


@login_not_required
def saml_login(request: HttpRequest, organization_slug: str) -> HttpResponse:
    from allauth.socialaccount.providers.saml.views import login as allauth_saml_login

    response = allauth_saml_login(request, organization_slug=organization_slug)
    return let_forms_reach_provider(response, organization_slug)


@login_not_required
def callback(request: HttpRequest, provider_id: str) -> HttpResponse:
    try:
        view = OAuth2CallbackView.adapter_view(SignatureCheckingAdapter(request, provider_id))
        return view(request)  # type: ignore[no-any-return]
    except SocialApp.DoesNotExist as error:
        raise Http404 from error
