from django.apps import AppConfig


class InfluencersConfig(AppConfig):
    name = "cocrea.influencers"
    label = "influencers"
