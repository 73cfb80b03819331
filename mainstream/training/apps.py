from django.apps import AppConfig


class TrainingConfig(AppConfig):
    name = "mainstream.training"
    label = "training"
    verbose_name = "性別意識培力"

    def ready(self) -> None:
        from django.core import checks

        from . import jobs  # noqa: F401  (registers its recovery with mainstream.ops.jobs)
        from .ids import key_check

        checks.register(key_check, checks.Tags.security, deploy=True)
