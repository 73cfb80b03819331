"""Run an import: all rows or none, with every row's reasons."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils import timezone

from mainstream.audit.services import audit_record
from mainstream.units.access import access_for
from mainstream.units.selectors import unit_name_map

from .models import ImportRun
from .readers import FileFormatError, read_rows
from .schema import ImportKind, WriteResult, discover_kinds, normalise_header
from .values import Cells, RowError

MAX_ERRORS = 1000  # reasons listed per file; the count of rows rejected is always complete


@dataclass
class ImportResult:
    kind: str
    filename: str
    rows: int = 0
    errors: list[RowError] = field(default_factory=list)
    error_count: int = 0
    write: WriteResult | None = None
    run_id: int | None = None

    @property
    def ok(self) -> bool:
        return not self.error_count

    def as_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "filename": self.filename,
            "ok": self.ok,
            "rows": self.rows,
            "error_count": self.error_count,
            "errors": [e.as_json() for e in self.errors],
            "created": self.write.created if self.write else 0,
            "updated": self.write.updated if self.write else 0,
            "unchanged": self.write.unchanged if self.write else 0,
        }


class ImportRejected(Exception):
    def __init__(self, result: ImportResult):
        super().__init__(f"{result.filename}: {result.error_count} 個錯誤")
        self.result = result


def kind_get(name: str) -> ImportKind:
    kinds = discover_kinds()
    if name not in kinds:
        raise KeyError(f"沒有「{name}」這種匯入（可用：{', '.join(sorted(kinds))}）")
    return kinds[name]


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def parse_file(
    kind: ImportKind, path: Path, filename: str, *, by=None
) -> tuple[list[tuple[int, Any]], list[RowError], int]:  # type: ignore[no-untyped-def]
    """Stages 1–3: (rows as dataclasses with their row numbers, every error, number of data rows)."""
    errors: list[RowError] = []
    rows: list[tuple[int, Any]] = []
    header_map = kind.header_map()
    units = unit_name_map()
    access = access_for(by) if by is not None else None
    count = 0
    try:
        iterator = read_rows(path, filename)
        first = next(iterator, None)
        if first is None:
            return [], [RowError(0, "", "檔案是空的")], 0
        _, header = first
        columns: dict[int, str] = {}
        for index, title in enumerate(header):
            canonical = header_map.get(normalise_header(title))
            if canonical is None:
                continue  # unknown extra columns are ignored
            if canonical in columns.values():
                errors.append(RowError(1, canonical, "欄位重複"))
            columns[index] = canonical
        missing = [c.name for c in kind.columns if c.required and c.name not in columns.values()]
        for name in missing:
            errors.append(RowError(1, name, "缺少此欄位"))
        if missing:
            return [], errors, 0
        seen: dict[tuple, int] = {}
        for number, cells in iterator:
            count += 1
            values = {name: (cells[i] if i < len(cells) else "") for i, name in columns.items()}
            row_cells = Cells(number, values, units)
            parsed = kind.parse(row_cells)
            if not row_cells.errors and access is not None and kind.unit_of is not None:
                unit = kind.unit_of(parsed)
                if unit is not None and not access.can_write_unit(unit.id, kind.tool):
                    row_cells.error("", f"您沒有匯入「{unit}」資料的權限")
            if not row_cells.errors and kind.key is not None:
                key = kind.key(parsed)
                if key in seen:
                    row_cells.error("", f"與第 {seen[key]} 列重複")
                else:
                    seen[key] = number
            if row_cells.errors:
                errors.extend(row_cells.errors)
            else:
                rows.append((number, parsed))
    except FileFormatError as exc:
        errors.append(RowError(0, "", str(exc)))
        return [], errors, count
    if not errors and kind.validate is not None:
        errors.extend(kind.validate(rows))
    if not errors and count == 0:
        errors.append(RowError(0, "", "檔案沒有資料列"))
    return rows, errors, count


def import_file(
    *,
    kind: str | ImportKind,
    path: str | Path,
    by=None,
    filename: str | None = None,  # type: ignore[no-untyped-def]
    dry_run: bool = False,
) -> ImportResult:
    """Import ``path`` as ``kind``: all rows or none. Returns the result; never raises for bad rows."""
    spec = kind if isinstance(kind, ImportKind) else kind_get(kind)
    path = Path(path)
    name = filename or path.name
    if spec.admin_only and by is not None and not access_for(by).is_admin:
        return ImportResult(spec.name, name, error_count=1, errors=[RowError(0, "", "此類匯入僅限性平辦管理者")])
    if by is not None and not access_for(by).is_authenticated:
        return ImportResult(spec.name, name, error_count=1, errors=[RowError(0, "", "請先登入")])
    if by is not None and not access_for(by).writes_anything:
        return ImportResult(spec.name, name, error_count=1, errors=[RowError(0, "", "唯讀角色不能匯入資料")])
    rows, errors, count = parse_file(spec, path, name, by=by)
    result = ImportResult(spec.name, name, rows=count, errors=errors[:MAX_ERRORS], error_count=len(errors))
    if errors or dry_run:
        return result  # nothing is written, not even a log row: a rejected file leaves no trace
    with transaction.atomic():
        result.write = spec.write([r for _, r in rows], by=by)
        if not (result.write.created or result.write.updated):
            return result  # the same file again: nothing changed, nothing to record
        run = ImportRun.objects.create(
            kind=spec.name,
            filename=name,
            sha256=_sha256(path),
            user=by if getattr(by, "pk", None) else None,
            status=ImportRun.Status.DONE,
            rows=count,
            progress=count,
            created=result.write.created,
            updated=result.write.updated,
            unchanged=result.write.unchanged,
            finished=timezone.now(),
        )
        result.run_id = run.id
        audit_record(
            by=by,
            action=f"import.{spec.name}",
            obj=run,
            summary=f"匯入{spec.title}「{name}」{count} 列：新增 {result.write.created}、更新 {result.write.updated}、未變更 {result.write.unchanged}",
            changes={"rows": count, "created": result.write.created, "updated": result.write.updated},
        )
    return result
