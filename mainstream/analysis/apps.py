from django.apps import AppConfig


class AnalysisConfig(AppConfig):
    name = "mainstream.analysis"
    label = "analysis"
    verbose_name = "性別分析"
