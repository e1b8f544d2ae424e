from django.apps import AppConfig


class IdeasConfig(AppConfig):
    name = "cocrea.ideas"
    label = "ideas"
