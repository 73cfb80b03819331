from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "mainstream.reports"
    label = "reports"
    verbose_name = "計畫及成果報告"

    def ready(self) -> None:
        from . import jobs  # noqa: F401  (registers the document builders and their recovery)
