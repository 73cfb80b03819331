from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "mainstream.accounts"
    label = "accounts"
    verbose_name = "帳號安全"

    def ready(self) -> None:
        from . import signals

        signals.connect()
