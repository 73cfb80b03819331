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

    def handle(self, *args, **options):  # type: ignore[no-untyped-def]
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
