"""``mainstream backup FILE``: the database and the uploaded files in one archive (never the keys)."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from mainstream.backups.services import BackupError, backup_create


class Command(BaseCommand):
    help = "備份資料庫及上傳檔案至一個 .tar.gz 檔（不含身分證字號雜湊金鑰及 secret key）"

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument("file", help="備份檔路徑，例如 /backup/mainstream-1141205.tar.gz")

    def handle(self, *args, **options):  # type: ignore[no-untyped-def]
        path = Path(options["file"])
        try:
            manifest = backup_create(path=path)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        rows = sum(manifest.tables.values())
        files = len(manifest.members) - 1
        self.stdout.write(
            f"已備份至 {path}：{manifest.engine} 資料庫 {len(manifest.tables)} 個資料表、{rows} 筆，上傳檔案 {files} 個。"
            "此檔不含金鑰；還原時須使用原本的 MAINSTREAM_ID_HASH_KEY。"
        )
