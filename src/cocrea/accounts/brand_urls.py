from django.urls import path

from cocrea.accounts import consent_views as views

app_name = "privacy_console"
urlpatterns = [
    path("consent/", views.consent, name="consent"),
    path("legal/<slug:kind>/", views.legal, name="document"),
    path("console/legal/", views.legal_console, name="legal"),
]
