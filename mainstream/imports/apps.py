from django.apps import AppConfig


class ImportsConfig(AppConfig):
    name = "mainstream.imports"
    label = "imports"
    verbose_name = "匯入"
