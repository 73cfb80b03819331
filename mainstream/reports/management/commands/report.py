"""``mainstream report result|plan --unit 勞動局 --year 110 --format odt|pdf|ods|xlsx --output FILE`` and
``mainstream report city --year 110 --format … --output FILE``: the documents of 柒, written from the records."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from mainstream import roc
from mainstream.reports import exports
from mainstream.reports.compose import city_document, plan_document, result_document
from mainstream.reports.models import Report
from mainstream.units.selectors import unit_get


class Command(BaseCommand):
    help = "產生成果報告、工作規劃報告或全府成果報告（ODT、PDF、ODS、XLSX）"

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument(
            "kind", choices=["result", "plan", "city"], help="result 成果報告；plan 工作規劃；city 全府"
        )
        parser.add_argument("--unit", help="機關（簡稱、全銜或別名；city 不需要）")
        parser.add_argument("--year", required=True, help="年度（民國年，例如 110）")
        parser.add_argument("--as-of", dest="as_of", help="考核基準日（預設 MAINSTREAM_AS_OF，未設定則為今天）")
        parser.add_argument("--format", default="odt", choices=list(exports.FORMATS))
        parser.add_argument("--output", required=True, help="輸出檔案")

    def handle(self, *args, **options):  # type: ignore[no-untyped-def]
        from mainstream.evaluation.selectors import default_as_of

        try:
            year = roc.parse_year(options["year"])
            as_of = roc.parse_date(options["as_of"]) if options["as_of"] else default_as_of()
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        kind = options["kind"]
        if kind == "city":
            report = Report.objects.filter(kind=Report.Kind.CITY, year=year).first()
            doc = city_document(year, report, as_of)
        else:
            unit = unit_get(options["unit"] or "")
            if unit is None:
                raise CommandError(f"找不到機關「{options['unit'] or ''}」（請用 --unit 指定）")
            db_kind = Report.Kind.RESULT if kind == "result" else Report.Kind.PLAN
            report = Report.objects.filter(kind=db_kind, year=year, unit=unit).first()
            if kind == "result":
                doc = result_document(unit.short_name, year, report, as_of)
            else:
                doc = plan_document(unit.short_name, year, report)
        try:
            data = exports.render(doc, options["format"])
        except exports.ExportError as exc:
            raise CommandError(str(exc)) from exc
        Path(options["output"]).write_bytes(data)
        self.stdout.write(f"{doc.title} → {options['output']}（{len(data):,} bytes）")
