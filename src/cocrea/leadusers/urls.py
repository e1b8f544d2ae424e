from django.urls import path

from cocrea.leadusers import views

app_name = "leadusers"
urlpatterns = [
    path("console/lead-users/", views.ranking, name="ranking"),
    path("console/lead-users/panel/", views.panel, name="panel"),
]
