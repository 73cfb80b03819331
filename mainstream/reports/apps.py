from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "mainstream.reports"
    label = "reports"
    verbose_name = "計畫及成果報告"
