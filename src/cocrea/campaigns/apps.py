from django.apps import AppConfig


class CampaignsConfig(AppConfig):
    name = "cocrea.campaigns"
    label = "campaigns"
