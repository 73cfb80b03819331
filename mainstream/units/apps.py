from django.apps import AppConfig


class UnitsConfig(AppConfig):
    name = "mainstream.units"
    label = "units"
    verbose_name = "執行辦理單位"
