from django.apps import AppConfig


class EngagementConfig(AppConfig):
    name = "cocrea.engagement"
    label = "engagement"
