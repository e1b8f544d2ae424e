"""allauth's social accounts fed from the brands' identity providers (``IdentityProvider``).

Each enabled provider becomes an unsaved ``SocialApp`` of allauth's ``openid_connect`` or
``saml`` provider; allauth speaks the protocols. The sign-in page lists only the providers of
the brand the person came through (``brands.theming``), so a brand's providers never show on
another brand's pages.
"""

from __future__ import annotations

from typing import Any

from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from allauth.socialaccount.models import SocialApp, SocialLogin
from django.http import HttpRequest

from cocrea.brands.theming import theme_brand_for
from cocrea.sso.models import IdentityProvider
from cocrea.sso.selectors import provider_by_key, providers_of

OIDC = "openid_connect"
SAML = "saml"


def social_app(provider: IdentityProvider) -> SocialApp:
    """The allauth app that speaks to ``provider`` (never saved: the provider is the truth)."""
    if provider.protocol == IdentityProvider.Protocol.OIDC:
        settings: dict[str, Any] = {
            "server_url": provider.server_url,
            "scope": provider.scopes.split(),
        }
        return SocialApp(
            provider=OIDC,
            provider_id=provider.key,
            name=provider.name,
            client_id=provider.client_id,
            secret=provider.secret,
            settings=settings,
        )
    saml: dict[str, Any] = {
        "idp": {
            "entity_id": provider.idp_entity_id,
            "sso_url": provider.idp_sso_url,
            "x509cert": provider.idp_x509cert,
        },
        # Signed assertions only: an unsigned or altered response is refused.
        # (single-label hosts such as localhost allowed for development servers)
        "advanced": {
            "want_assertion_signed": True,
            "reject_idp_initiated_sso": True,
            "allow_single_label_domains": True,
        },
        "attribute_mapping": {
            "uid": "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/nameidentifier",
            "email": "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress",
            "email_verified": "email_verified",
            "first_name": "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/givenname",
            "last_name": "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/surname",
        },
    }
    return SocialApp(
        provider=SAML,
        provider_id=provider.key,
        name=provider.name,
        client_id=provider.key,
        settings=saml,
    )


def brand_apps(
    request: HttpRequest | None, provider: str | None, client_id: str | None
) -> list[SocialApp]:
    if provider is None:
        brand = theme_brand_for(request)
        if brand is None or brand.is_suspended:
            return []
        return [social_app(p) for p in providers_of(brand, enabled_only=True)]
    key = client_id if provider == SAML else provider
    if not key or provider == OIDC:
        return []
    found = provider_by_key(key)
    if found is None:
        return []
    if (provider == SAML) != (found.protocol == IdentityProvider.Protocol.SAML):
        return []
    return [social_app(found)]


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    def list_apps(
        self, request: HttpRequest, provider: Any = None, client_id: Any = None
    ) -> list[SocialApp]:
        apps = super().list_apps(request, provider=provider, client_id=client_id)
        return apps + brand_apps(request, provider, client_id)

    def populate_user(self, request: HttpRequest, sociallogin: SocialLogin, data: Any) -> Any:
        user = super().populate_user(request, sociallogin, data)
        name = data.get("name") or " ".join(
            part for part in (data.get("first_name"), data.get("last_name")) if part
        )
        user.display_name = (name or "")[:60]
        user.username = (user.email or "").lower()
        return user
