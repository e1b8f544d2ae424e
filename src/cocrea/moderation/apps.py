from django.apps import AppConfig


class ModerationConfig(AppConfig):
    name = "cocrea.moderation"
    label = "moderation"
