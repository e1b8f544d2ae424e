from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "cocrea.core"
    label = "core"

    def ready(self) -> None:
        from cocrea.core import checks  # noqa: F401  (registers the deploy checks)
