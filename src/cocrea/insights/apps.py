from django.apps import AppConfig


class InsightsConfig(AppConfig):
    name = "cocrea.insights"
    label = "insights"
