from django.apps import AppConfig


class EvaluationConfig(AppConfig):
    name = "mainstream.evaluation"
    label = "evaluation"
    verbose_name = "考核"
