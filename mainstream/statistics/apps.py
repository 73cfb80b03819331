from django.apps import AppConfig


class StatisticsConfig(AppConfig):
    name = "mainstream.statistics"
    label = "statistics"
    verbose_name = "性別統計"

    def ready(self) -> None:
        from mainstream.reports.jobs import document_builder

        from .chartbook import chartbook_document

        document_builder("chartbook")(chartbook_document)  # its PDF is made by `mainstream worker`
