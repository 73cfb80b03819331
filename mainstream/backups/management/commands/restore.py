"""``mainstream restore FILE [--replace]``: verify the whole archive, then restore the database and the files."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from mainstream.backups.services import BackupError, backup_restore, migrations_pending


class Command(BaseCommand):
    help = "自備份檔還原資料庫及上傳檔案（先驗證檢查碼及資料庫結構版本，全部成功或全部不變）"

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument("file", help="mainstream backup 產生的 .tar.gz 檔")
        parser.add_argument(
            "--replace", action="store_true", help="目標資料庫已有資料時，以備份取代（預設只還原到新的空資料庫）"
        )

    def handle(self, *args, **options):  # type: ignore[no-untyped-def]
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"找不到備份檔 {path}（no such file）")
        try:
            manifest = backup_restore(path=path, replace=options["replace"])
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        rows = sum(manifest.tables.values())
        self.stdout.write(
            f"已自 {path} 還原（備份於 {manifest.created_at}，版本 {manifest.app_version}）："
            f"{len(manifest.tables)} 個資料表、{rows} 筆，上傳檔案 {len(manifest.members) - 1} 個。"
        )
        pending = migrations_pending()
        if pending:
            self.stdout.write(f"備份來自較舊的版本：請執行 mainstream migrate 套用 {len(pending)} 個資料庫結構更新。")
