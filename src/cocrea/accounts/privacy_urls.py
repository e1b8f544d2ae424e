from django.urls import path

from cocrea.accounts import privacy_views as views

app_name = "privacy"
urlpatterns = [
    path("", views.privacy_home, name="home"),
    path("marketing/<int:membership_id>/", views.marketing, name="marketing"),
    path("export/", views.export_start, name="export"),
    path("export/<str:export_id>/", views.export_download, name="download"),
    path("delete/", views.delete_account, name="delete"),
]
