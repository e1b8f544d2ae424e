from django.apps import AppConfig


class InfluencersConfig(AppConfig):
    name = "cocrea.influencers"
    label = "influencers"

    def ready(self) -> None:
        # The webhook event types (synthesis saved, claim accepted) join the registry at start,
        # so the console lists them before any synthesis is written.
        from cocrea.influencers import webhooks  # noqa: F401
