from django.apps import AppConfig


class CustomizerConfig(AppConfig):
    name = "cocrea.customizer"
    label = "customizer"
