from django.apps import AppConfig


class MeasuresConfig(AppConfig):
    name = "mainstream.measures"
    label = "measures"
    verbose_name = "推展策略及具體措施"
