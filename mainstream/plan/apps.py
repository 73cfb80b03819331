from django.apps import AppConfig


class PlanConfig(AppConfig):
    name = "mainstream.plan"
    label = "plan"
    verbose_name = "計畫"
