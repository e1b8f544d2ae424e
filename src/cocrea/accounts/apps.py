from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "cocrea.accounts"
    label = "accounts"

    def ready(self) -> None:
        from cocrea.accounts import backends

        backends.connect()
