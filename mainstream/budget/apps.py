from django.apps import AppConfig


class BudgetConfig(AppConfig):
    name = "mainstream.budget"
    label = "budget"
    verbose_name = "性別預算"
