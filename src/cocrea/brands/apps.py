from django.apps import AppConfig


class BrandsConfig(AppConfig):
    name = "cocrea.brands"
    label = "brands"
