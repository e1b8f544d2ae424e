from django.urls import path

from cocrea.instore import kiosk_views

app_name = "kiosk"
urlpatterns = [
    path("", kiosk_views.home, name="home"),
    path("sw.js", kiosk_views.service_worker, name="service_worker"),
    path("pair/<str:code>/", kiosk_views.pair, name="pair"),
]
