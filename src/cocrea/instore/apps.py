from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InstoreConfig(AppConfig):
    name = "cocrea.instore"
    verbose_name = _("In store")

    def ready(self) -> None:
        from cocrea.instore import webhooks  # noqa: F401  (registers the instore.* event types)
