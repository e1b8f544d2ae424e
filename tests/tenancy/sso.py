"""Single sign-on's rows of the tenancy table: the console's Sign-in page (brand admins only),
its identity providers (one in each brand), and the shop's customer sign-in address."""

from __future__ import annotations

from typing import Any

from cocrea.sso.models import IdentityProvider
from tests.tenancy import ADMIN, PUBLIC, Spec, World

OIDC = {
    "name": "Hacked",
    "server_url": "https://hacked.example.org",
    "client_id": "x",
    "secret": "y",
    "scopes": "openid",
}


def objects(w: World) -> dict[str, Any]:
    def provider(brand: Any, key: str) -> IdentityProvider:
        return IdentityProvider.objects.create(
            brand=brand, protocol="oidc", key=key, name="Staff", client_id="c", secret="s"
        )

    return {"idp": provider(w.brand, "cafe-x1"), "g_idp": provider(w.other, "globex-x1")}


MIRROR = {"g_idp": "idp"}


def _idp(w: World) -> dict[str, Any]:
    return {"provider_id": w.idp.pk}


def _g_idp(w: World) -> dict[str, Any]:
    return {"provider_id": w.g_idp.pk}


URLS: dict[str, Spec] = {
    "sso:console": Spec(ADMIN),
    "sso:new": Spec(ADMIN, kwargs=lambda w: {"protocol": "oidc"}, data=lambda w: OIDC),
    "sso:edit": Spec(ADMIN, kwargs=_idp, foreign=[_g_idp], data=lambda w: OIDC),
    "sso:delete": Spec(ADMIN, kwargs=_idp, foreign=[_g_idp]),
    "sso:options": Spec(ADMIN, data=lambda w: {"sso_only": "on"}),
    "sso:customer_secret": Spec(ADMIN, data=lambda w: {"action": "rotate"}),
    "sso:customer": Spec(PUBLIC),
}
