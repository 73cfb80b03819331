from django.apps import AppConfig


class TrainingConfig(AppConfig):
    name = "mainstream.training"
    label = "training"
    verbose_name = "性別意識培力"
