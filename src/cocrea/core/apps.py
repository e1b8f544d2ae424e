from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "cocrea.core"
    label = "core"
