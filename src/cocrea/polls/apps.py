from django.apps import AppConfig


class PollsConfig(AppConfig):
    name = "cocrea.polls"
    label = "polls"
