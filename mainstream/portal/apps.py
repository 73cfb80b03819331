from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "mainstream.portal"
    label = "portal"
    verbose_name = "性別平等專區"
