from django.apps import AppConfig


class EvaluationConfig(AppConfig):
    name = "mainstream.evaluation"
    label = "evaluation"
    verbose_name = "考核"

    def ready(self) -> None:
        from .staleness import connect_signals

        connect_signals()
