from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.views.static import serve

from cocrea.api.api import api
from cocrea.api.v1 import api as api_v1
from cocrea.brands.operator_views import accept_invitation, brand_signup
from cocrea.core.editor_views import markdown_preview
from cocrea.core.metrics import metrics_view
from cocrea.core.views import favicon, healthz

brand_scoped = [
    path("", include("cocrea.brands.urls")),
    path("", include("cocrea.campaigns.urls")),
    path("", include("cocrea.ideas.urls")),
    path("", include("cocrea.ideas.answer_urls")),
    path("", include("cocrea.moderation.urls")),
    path("", include("cocrea.insights.dashboard_urls")),
    path("", include("cocrea.insights.urls")),
    path("", include("cocrea.engagement.urls")),
    path("", include("cocrea.customizer.urls")),
    path("", include("cocrea.contests.urls")),
    path("", include("cocrea.community.urls")),
    path("", include("cocrea.leadusers.urls")),
    path("", include("cocrea.exports.urls")),
    path("", include("cocrea.accounts.brand_urls")),
    path("", include("cocrea.sso.brand_urls")),
    path("", include("cocrea.api.urls")),
    path("", include("cocrea.webhooks.urls")),
    path("", include("cocrea.instore.urls")),
    path("", include("cocrea.programmes.urls")),
    path("", include("cocrea.polls.urls")),
    path("", include("cocrea.influencers.urls")),
]

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("metrics", metrics_view, name="metrics"),
    path("favicon.ico", favicon, name="favicon"),
    path("editor/preview", markdown_preview, name="markdown_preview"),
    path("admin/", admin.site.urls),
    path("accounts/", include("cocrea.sso.urls")),  # before allauth's: see sso/oidc_views.py
    path("accounts/", include("allauth.urls")),
    path("accounts/", include("cocrea.accounts.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("operators/", include("cocrea.brands.operator_urls")),
    path("privacy/", include("cocrea.accounts.privacy_urls")),
    path("new-brand/", brand_signup, name="brand_signup"),
    path("invitations/<str:token>/", accept_invitation, name="invitation_accept"),
    path("notifications/", include("cocrea.notifications.urls")),
    path("kiosk/", include("cocrea.instore.kiosk_urls")),  # a store's kiosk screen (no login)
    path("api/v1/", api_v1.urls),
    path("api/", api.urls),
    path("b/<slug:brand_slug>/", include(brand_scoped)),
    path("", include("cocrea.brands.home_urls")),
]

if settings.MODE != "production":
    # Uploaded files; in production the reverse proxy serves MEDIA_ROOT.
    urlpatterns.append(
        path("media/<path:path>", serve, {"document_root": settings.MEDIA_ROOT}),
    )
