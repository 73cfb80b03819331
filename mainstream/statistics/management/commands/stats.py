"""``mainstream stats export TABLE --format jsonstat|px|csv [--filter DIM=VALUE …]``: the same data as the API."""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "性別統計資料庫：匯出統計表（JSON-stat 2.0、PX 或 CSV）"

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        sub = parser.add_subparsers(dest="action", required=True)
        export = sub.add_parser("export", help="匯出一張統計表")
        export.add_argument("table", help="表號（PX 的 MATRIX）")
        export.add_argument("--format", choices=["jsonstat", "px", "csv"], default="jsonstat")
        export.add_argument("--filter", action="append", default=[], help="DIM=VALUE（可重複；多值以逗號分隔）")
        export.add_argument("--lang", choices=["zh", "en"], default="zh")
        book = sub.add_parser("chartbook", help="主計處年度中英文性別統計圖表（ODT 與 PDF）")
        book.add_argument("--year", type=int, required=True, help="民國年")
        book.add_argument("--table", action="append", required=True, help="表號（可重複，依序收錄）")
        book.add_argument("--out", required=True, help="輸出檔名（.odt；另產生同名 .pdf，除非 --no-pdf）")
        book.add_argument("--no-pdf", action="store_true")

    def handle(self, *args, **options):  # type: ignore[no-untyped-def]
        if options["action"] == "chartbook":
            return self.chartbook(options)
        from mainstream.statistics.jsonstat import jsonstat_dump
        from mainstream.statistics.models import StatTable
        from mainstream.statistics.px import px_write
        from mainstream.statistics.tables import cube_csv, selection_parse, stat_table_cube

        table = StatTable.objects.filter(code=options["table"]).first()
        cube = stat_table_cube(table) if table else None
        if cube is None:
            raise CommandError(f"查無統計表「{options['table']}」")
        try:
            cube = cube.select(selection_parse(options["filter"]))
        except KeyError as exc:
            raise CommandError(f"篩選條件的類別不存在：{exc}") from exc
        if options["format"] == "jsonstat":
            self.stdout.write(json.dumps(jsonstat_dump(cube, lang=options["lang"]), ensure_ascii=False))
        elif options["format"] == "px":
            self.stdout.write(px_write(cube).decode("utf-8"), ending="")
        else:
            self.stdout.write(cube_csv(cube, lang=options["lang"]), ending="")

    def chartbook(self, options) -> None:  # type: ignore[no-untyped-def]
        from pathlib import Path

        from mainstream.statistics.chartbook import ChartbookError, chartbook_files

        try:
            odt, pdf = chartbook_files(year=options["year"], codes=options["table"], pdf=not options["no_pdf"])
        except ChartbookError as exc:
            raise CommandError(str(exc)) from exc
        out = Path(options["out"]).with_suffix(".odt")
        out.write_bytes(odt)
        self.stdout.write(f"已產生 {out}")
        if pdf is not None:
            out.with_suffix(".pdf").write_bytes(pdf)
            self.stdout.write(f"已產生 {out.with_suffix('.pdf')}")
