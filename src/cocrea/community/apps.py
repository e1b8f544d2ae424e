from django.apps import AppConfig


class CommunityConfig(AppConfig):
    name = "cocrea.community"
    label = "community"
