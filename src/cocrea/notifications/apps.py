from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "cocrea.notifications"
    label = "notifications"

    def ready(self) -> None:
        from cocrea.core.metrics import provide
        from cocrea.notifications.outbox import outbox_figures

        provide(outbox_figures)
