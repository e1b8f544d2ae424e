from django.urls import path

app_name = "answers"
urlpatterns: list = []
