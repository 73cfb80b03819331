from django.apps import AppConfig


class HelpConfig(AppConfig):
    name = "mainstream.help"
    label = "help"
    verbose_name = "使用說明"
