from django.apps import AppConfig


class ImpactConfig(AppConfig):
    name = "mainstream.impact"
    label = "impact"
    verbose_name = "性別影響評估"
