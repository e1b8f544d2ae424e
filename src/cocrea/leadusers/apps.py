from django.apps import AppConfig


class LeadusersConfig(AppConfig):
    name = "cocrea.leadusers"
    label = "leadusers"
