from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "cocrea.notifications"
    label = "notifications"
