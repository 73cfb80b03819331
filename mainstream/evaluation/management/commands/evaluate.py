"""``mainstream evaluate --year 110 [--unit 勞動局] [--as-of 110/12/31] --format json|table``."""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand, CommandError

from mainstream import roc
from mainstream.evaluation.presentation import STATUS_LABELS
from mainstream.evaluation.services import findings_evaluate
from mainstream.plan.selectors import YearNotCovered
from mainstream.units.selectors import unit_get


class Command(BaseCommand):
    help = "依計畫考核各機關應辦事項，輸出發現（findings）"

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument("--year", required=True, help="年度（民國或西元，例如 110 或 2021）")
        parser.add_argument("--unit", help="只看一個機關（全銜或簡稱）")
        parser.add_argument(
            "--as-of", dest="as_of", help="考核基準日（預設 MAINSTREAM_AS_OF，未設定則為今天），例如 110/12/31"
        )
        parser.add_argument("--rule", action="append", help="只跑指定規則（可重複）")
        parser.add_argument("--format", choices=["json", "table"], default="table")

    def handle(self, *args, **options):  # type: ignore[no-untyped-def]
        from mainstream.evaluation.selectors import default_as_of

        try:
            year = roc.parse_year(options["year"])
            as_of = roc.parse_date(options["as_of"]) if options["as_of"] else default_as_of()
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        unit = None
        if options["unit"]:
            found = unit_get(options["unit"])
            if found is None:
                raise CommandError(f"查無機關「{options['unit']}」")
            unit = found.short_name
        try:
            findings = findings_evaluate(year=year, as_of=as_of, unit=unit, rules=options["rule"])
        except KeyError as exc:
            raise CommandError(f"沒有此規則：{exc}") from exc
        except YearNotCovered as exc:  # exit status 2: no plan judges the year
            raise CommandError(str(exc), returncode=2) from exc
        if options["format"] == "json":
            self.stdout.write(json.dumps([f.as_json() for f in findings], ensure_ascii=False, indent=1))
            return
        for f in findings:
            actual = "" if f.actual is None else f"{f.actual}/{f.required}"
            self.stdout.write(
                f"{f.year}\t{f.group or '-'}\t{f.subject}\t{f.rule}\t{f.clause}\t{STATUS_LABELS[f.status]}\t{actual}\t{f.detail}"
            )
