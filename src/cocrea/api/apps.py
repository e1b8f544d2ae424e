from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "cocrea.api"
    label = "api"
