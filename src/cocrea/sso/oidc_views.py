"""allauth's OpenID Connect views, with the ID token's signature always checked.

allauth skips the signature of an ID token received straight from the token endpoint (OpenID
Connect Core 3.1.3.7 allows it over TLS). Cocréa checks it anyway, with allauth's own
``jwtkit`` and the provider's published keys: a proxy or a misconfigured TLS terminator cannot
slip in a forged token. Same paths and names as allauth's, listed before them.
"""

from __future__ import annotations

from typing import Any

from allauth.account.internal.decorators import login_not_required
from allauth.socialaccount.internal import jwtkit
from allauth.socialaccount.models import SocialApp
from allauth.socialaccount.providers.oauth2.views import OAuth2CallbackView, OAuth2LoginView
from allauth.socialaccount.providers.openid_connect.views import OpenIDConnectOAuth2Adapter
from django.http import Http404, HttpRequest, HttpResponse


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


@login_not_required
def login(request: HttpRequest, provider_id: str) -> HttpResponse:
    try:
        view = OAuth2LoginView.adapter_view(SignatureCheckingAdapter(request, provider_id))
        return view(request)  # type: ignore[no-any-return]
    except SocialApp.DoesNotExist as error:
        raise Http404 from error


@login_not_required
def callback(request: HttpRequest, provider_id: str) -> HttpResponse:
    try:
        view = OAuth2CallbackView.adapter_view(SignatureCheckingAdapter(request, provider_id))
        return view(request)  # type: ignore[no-any-return]
    except SocialApp.DoesNotExist as error:
        raise Http404 from error
