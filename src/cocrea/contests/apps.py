from django.apps import AppConfig


class ContestsConfig(AppConfig):
    name = "cocrea.contests"
    label = "contests"
