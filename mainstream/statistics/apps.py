from django.apps import AppConfig


class StatisticsConfig(AppConfig):
    name = "mainstream.statistics"
    label = "statistics"
    verbose_name = "性別統計"
