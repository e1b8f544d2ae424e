from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "cocrea.accounts"
    label = "accounts"
