from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "cocrea.demo"
    label = "demo"
