from django.apps import AppConfig


class CampaignsConfig(AppConfig):
    name = "cocrea.campaigns"
    label = "campaigns"

    def ready(self) -> None:
        from cocrea.campaigns import cache

        cache.connect()
