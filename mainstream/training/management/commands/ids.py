"""``mainstream ids status`` and ``mainstream ids rekey`` — custody and rotation of the ID hash key.

``status``: where the key comes from and whether it may serve production.

``rekey --new-key-file FILE ROSTER...``: an HMAC cannot be re-keyed from the hash alone, so rotation re-keys every
stored hash from the clear numbers the source systems keep (the rosters and training exports the units import,
CSV/XLSX/ODS with a 身分證字號 column): each number is hashed with the key in force (to find the person) and with
the new key. All or nothing: if one stored person is in no roster, nothing changes and the missing people are named
by their masked number. Stop ``serve`` and the worker first; afterwards set MAINSTREAM_ID_HASH_KEY(_FILE) to the new
key and start them again (docs/id-key-custody.md).
"""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from mainstream.audit.services import audit_record
from mainstream.imports.readers import FileFormatError, read_rows
from mainstream.imports.schema import normalise_header
from mainstream.keys import MIN_KEY_LENGTH
from mainstream.training.ids import id_hash, id_valid, normalise, production_key_problem
from mainstream.training.importer.columns import HEADER_MAP
from mainstream.training.models import Person

ID_COLUMN = "身分證字號"
BATCH = 1000


def _key_from(path: str) -> str:
    try:
        return Path(path).expanduser().read_text(encoding="ascii").strip()
    except (OSError, UnicodeDecodeError) as exc:
        raise CommandError(f"無法讀取金鑰檔 {path}：{exc}") from None


def _numbers(path: Path):  # type: ignore[no-untyped-def]
    """The valid ID numbers of a roster file (rows whose number is malformed are skipped: none is stored)."""
    column = None
    try:
        for _, cells in read_rows(path):
            if column is None:
                matches = [i for i, t in enumerate(cells) if HEADER_MAP.get(normalise_header(t)) == ID_COLUMN]
                if not matches:
                    raise CommandError(f"{path.name}：找不到「{ID_COLUMN}」欄")
                column = matches[0]
                continue
            value = normalise(cells[column]) if column < len(cells) else ""
            if value and id_valid(value):
                yield value
    except FileFormatError as exc:
        raise CommandError(f"{path.name}：{exc}") from None


class Command(BaseCommand):
    help = "身分證字號雜湊金鑰：status 查看金鑰來源；rekey 以名冊中的身分證字號改用新金鑰重新計算所有雜湊"

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("status", help="金鑰來源及能否用於正式環境")
        rekey = sub.add_parser("rekey", help="以新金鑰重新計算所有已存的雜湊（需要含身分證字號的名冊）")
        rekey.add_argument("--new-key-file", required=True, help="新金鑰檔（放在 var/ 以外）")
        rekey.add_argument("--old-key-file", help="舊金鑰檔（預設：目前設定的金鑰）")
        rekey.add_argument("--dry-run", action="store_true", help="只檢查，不寫入")
        rekey.add_argument("rosters", nargs="+", help="含身分證字號欄的 CSV、XLSX 或 ODS（各機關名冊、訓練匯出檔）")

    def handle(self, *args, **options):  # type: ignore[no-untyped-def]
        if options["action"] == "status":
            return self._status()
        return self._rekey(options)

    def _status(self) -> None:
        source = settings.MAINSTREAM_ID_HASH_KEY_SOURCE
        where = {"env": "環境變數 MAINSTREAM_ID_HASH_KEY", "var": "var/.id_hash_key（自動產生的示範金鑰）"}.get(
            source, f"金鑰檔 {source.removeprefix('file:')}"
        )
        self.stdout.write(f"身分證字號雜湊金鑰來源：{where}")
        problem = production_key_problem()
        if problem:
            self.stdout.write(f"不可用於正式環境：{problem}")
        else:
            self.stdout.write("可用於正式環境")
        self.stdout.write(f"已存雜湊：{Person.objects.count()} 人")

    def _rekey(self, options) -> None:  # type: ignore[no-untyped-def]
        new_key = _key_from(options["new_key_file"])
        old_key = _key_from(options["old_key_file"]) if options.get("old_key_file") else settings.MAINSTREAM_ID_HASH_KEY
        if len(new_key) < MIN_KEY_LENGTH:
            raise CommandError(f"新金鑰太短（至少 {MIN_KEY_LENGTH} 字元）")
        if new_key == old_key:
            raise CommandError("新金鑰與目前的金鑰相同")
        stored = dict(Person.objects.values_list("id_hash", "id"))
        new_hashes: dict[int, str] = {}
        for name in options["rosters"]:
            for number in _numbers(Path(name)):
                pk = stored.get(id_hash(number, key=old_key))
                if pk is not None and pk not in new_hashes:
                    new_hashes[pk] = id_hash(number, key=new_key)
        missing = Person.objects.exclude(id__in=new_hashes).order_by("id")
        count = missing.count()
        if count:
            shown = "、".join(f"{p.id_masked}{(' ' + p.name) if p.name else ''}" for p in missing[:20])
            raise CommandError(
                f"{count} 人不在所給的名冊中，無法改用新金鑰（未做任何變更）：{shown}{' 等' if count > 20 else ''}。"
                "請補上含這些人身分證字號的名冊後再執行"
            )
        if options["dry_run"]:
            self.stdout.write(f"檢查通過：{len(new_hashes)} 人都能改用新金鑰（未寫入）")
            return
        with transaction.atomic():
            ids = sorted(new_hashes)
            for start in range(0, len(ids), BATCH):
                people = list(Person.objects.filter(id__in=ids[start : start + BATCH]))
                for person in people:
                    person.id_hash = new_hashes[person.id]
                Person.objects.bulk_update(people, ["id_hash"])
            audit_record(
                by=None,
                action="ids.rekey",
                summary=f"身分證字號雜湊改用新金鑰：{len(new_hashes)} 人",
                target="training",
            )
        self.stdout.write(
            f"已改用新金鑰重新計算 {len(new_hashes)} 人的雜湊。請立即把 MAINSTREAM_ID_HASH_KEY（或 "
            "MAINSTREAM_ID_HASH_KEY_FILE）換成新金鑰，再啟動服務；舊金鑰請銷毀。"
        )
