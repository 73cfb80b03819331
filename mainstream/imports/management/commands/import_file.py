"""``mainstream import KIND FILE``: all rows or none; bad rows are listed and the exit status is 1."""

from __future__ import annotations

import json
import sys

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from mainstream.imports.schema import discover_kinds
from mainstream.imports.services import import_file


class Command(BaseCommand):
    help = "匯入 CSV（UTF-8 或 Big5）、XLSX 或 ODS 檔；有任何錯誤列則整檔退回"

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument("kind", help="匯入類型，例如 measures、liaisons")
        parser.add_argument("file")
        parser.add_argument("--user", help="以此帳號身分匯入（權限依其角色）")
        parser.add_argument("--dry-run", action="store_true", help="只檢查，不寫入")
        parser.add_argument("--format", choices=["text", "json"], default="text")

    def handle(self, *args, **options):  # type: ignore[no-untyped-def]
        kinds = discover_kinds()
        if options["kind"] not in kinds:
            raise CommandError(f"沒有「{options['kind']}」這種匯入（可用：{', '.join(sorted(kinds))}）")
        user = None
        if options["user"]:
            user = get_user_model().objects.filter(username=options["user"]).first()
            if user is None:
                raise CommandError(f"查無帳號「{options['user']}」")
        if (runner := kinds[options["kind"]].runner) is not None:  # e.g. training: streaming, with a progress bar
            if runner(self, options, user):
                sys.exit(1)
            return
        try:
            result = import_file(kind=options["kind"], path=options["file"], by=user, dry_run=options["dry_run"])
        except FileNotFoundError as exc:
            raise CommandError(f"找不到檔案：{options['file']}") from exc
        if options["format"] == "json":
            self.stdout.write(json.dumps(result.as_json(), ensure_ascii=False, indent=1))
        elif result.ok:
            w = result.write
            done = f"新增 {w.created}、更新 {w.updated}、未變更 {w.unchanged}" if w else "檢查無誤（未寫入）"
            self.stdout.write(f"{result.filename}：{result.rows} 列，{done}")
        else:
            self.stderr.write(f"{result.filename}：整檔退回，未寫入任何資料（{result.error_count} 個錯誤）")
            for error in result.errors:
                self.stderr.write(f"  {error}")
        if not result.ok:
            sys.exit(1)
