import json
import time
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.views import LoginView
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.urls import include, path
from django.views.decorators.csrf import csrf_exempt
from jwcrypto import jwk, jwt
from oauth2_provider.models import get_application_model
from oauth2_provider.settings import oauth2_settings
from oauth2_provider.views import ConnectDiscoveryInfoView, TokenView


@csrf_exempt
def setup(request: HttpRequest) -> HttpResponse:
    """Create users and clients: {"users": [{email, password, name, verified}],
    "clients": [{client_id, secret, redirect_uris}]}."""
    data = json.loads(request.body)
    users = get_user_model().objects
    for u in data.get("users", []):
        user, _ = users.get_or_create(username=u["email"], defaults={"email": u["email"]})
        user.first_name = u.get("name", "")
        user.last_name = "" if u.get("verified", True) else "unverified"
        user.set_password(u["password"])
        user.save()
    Application = get_application_model()
    for c in data.get("clients", []):
        Application.objects.filter(client_id=c["client_id"]).delete()
        Application.objects.create(
            name=c["client_id"],
            client_id=c["client_id"],
            client_secret=c["secret"],
            client_type=Application.CLIENT_CONFIDENTIAL,
            authorization_grant_type=Application.GRANT_AUTHORIZATION_CODE,
            redirect_uris=" ".join(c["redirect_uris"]),
            algorithm=Application.RS256_ALGORITHM,
            skip_authorization=True,
        )
    return JsonResponse({"ok": True})


def _resign(claims: dict[str, Any], key: jwk.JWK, kid: str) -> str:
    token = jwt.JWT(header={"alg": "RS256", "kid": kid}, claims=claims)
    token.make_signed_token(key)
    return str(token.serialize())


def _tamper(mode: str, id_token: str) -> str:
    real = jwk.JWK.from_pem(oauth2_settings.OIDC_RSA_PRIVATE_KEY.encode())
    claims = json.loads(jwt.JWT(jwt=id_token, key=real).claims)
    if mode == "badsig":
        stranger = jwk.JWK.generate(kty="RSA", size=2048)
        return _resign(claims, stranger, real.thumbprint())
    if mode == "wrongaud":
        claims["aud"] = "another-client"
    elif mode == "expired":
        claims["iat"], claims["exp"] = int(time.time()) - 900, int(time.time()) - 300
    return _resign(claims, real, real.thumbprint())


def evil_discovery(request: HttpRequest, mode: str) -> HttpResponse:
    response = ConnectDiscoveryInfoView.as_view()(request)
    config = json.loads(response.content)
    config["token_endpoint"] = request.build_absolute_uri(f"/evil/{mode}/token/")
    return JsonResponse(config)


@csrf_exempt
def evil_token(request: HttpRequest, mode: str) -> HttpResponse:
    response = TokenView.as_view()(request)
    if response.status_code != 200:
        return response
    data = json.loads(response.content)
    data["id_token"] = _tamper(mode, data["id_token"])
    return JsonResponse(data)


urlpatterns = [
    path("login/", LoginView.as_view()),
    path("setup/", setup),
    path("o/", include("oauth2_provider.urls", namespace="oauth2_provider")),
    path("evil/<str:mode>/.well-known/openid-configuration", evil_discovery),
    path("evil/<str:mode>/token/", evil_token),
]
