from django.apps import AppConfig


class ProgrammesConfig(AppConfig):
    name = "cocrea.programmes"
    label = "programmes"
