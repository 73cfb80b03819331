from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "mainstream.audit"
    label = "audit"
    verbose_name = "異動紀錄"
