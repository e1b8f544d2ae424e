"""Under /accounts/, listed before allauth's: its OpenID Connect paths, signature checked."""

from django.urls import path

from cocrea.sso import oidc_views

urlpatterns = [
    path("oidc/<str:provider_id>/login/", oidc_views.login),
    path("oidc/<str:provider_id>/login/callback/", oidc_views.callback),
]
