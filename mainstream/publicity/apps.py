from django.apps import AppConfig


class PublicityConfig(AppConfig):
    name = "mainstream.publicity"
    label = "publicity"
    verbose_name = "性別平等概念檢核"
