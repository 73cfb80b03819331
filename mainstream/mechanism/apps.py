from django.apps import AppConfig


class MechanismConfig(AppConfig):
    name = "mainstream.mechanism"
    label = "mechanism"
    verbose_name = "性別平等機制"
