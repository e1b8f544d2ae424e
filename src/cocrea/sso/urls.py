"""Under /accounts/, listed before allauth's: its OpenID Connect paths, signature checked, and
the sign-in pages whose form leads to the brand's provider (see sso/oidc_views.py)."""

from django.urls import path

from cocrea.sso import oidc_views

urlpatterns = [
    path("oidc/<str:provider_id>/login/", oidc_views.login),
    path("oidc/<str:provider_id>/login/callback/", oidc_views.callback),
    path("saml/<str:organization_slug>/login/", oidc_views.saml_login),
]
