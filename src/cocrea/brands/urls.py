from django.urls import path

from cocrea.brands import views

app_name = "brands"
urlpatterns = [
    path("", views.brand_home, name="brand_home"),
    path("join/", views.join, name="join"),
    path("theme.css", views.theme_css, name="theme_css"),
]
