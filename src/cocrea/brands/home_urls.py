from django.urls import path

from cocrea.brands import views

urlpatterns = [path("", views.home, name="home")]
