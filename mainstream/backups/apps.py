from django.apps import AppConfig


class BackupsConfig(AppConfig):
    name = "mainstream.backups"
    label = "backups"
    verbose_name = "備份及還原"
