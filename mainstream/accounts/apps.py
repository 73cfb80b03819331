from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "mainstream.accounts"
    label = "accounts"
    verbose_name = "帳號安全"

    def ready(self) -> None:
        from django.core import checks

        from . import signals
        from .sso import sso_deploy_check

        signals.connect()
        checks.register(sso_deploy_check, checks.Tags.security, deploy=True)
