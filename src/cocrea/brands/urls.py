from django.urls import path

from cocrea.brands import views

app_name = "brands"
urlpatterns = [
    path("", views.brand_home, name="brand_home"),
    path("join/", views.join, name="join"),
    path("theme.css", views.theme_css, name="theme_css"),
    path("console/settings/", views.brand_settings, name="settings"),
    path("console/team/", views.team, name="team"),
    path("console/team/<int:membership_id>/role/", views.team_role, name="team_role"),
]
