from django.apps import AppConfig


class BrandsConfig(AppConfig):
    name = "cocrea.brands"
    label = "brands"

    def ready(self) -> None:
        from cocrea.brands import cache

        cache.connect()
