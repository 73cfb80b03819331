from django.apps import AppConfig


class FollowupConfig(AppConfig):
    name = "mainstream.followup"
    label = "followup"
    verbose_name = "追蹤管考"
