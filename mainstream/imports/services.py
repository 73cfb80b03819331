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
        before = _audit_head_locked()
        result.write = spec.write([r for _, r in rows], by=by)
        if not (result.write.created or result.write.updated):
            return result  # the same file again: nothing changed, nothing to record
        events = _events_since(before, by)
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
            summary={"events": events},
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


# -- every import's summary, and undoing an import as a whole (issue 16, item 4) ---------------------------
def _audit_head_locked() -> int:
    """Lock the audit chain's head for the rest of the import's transaction (no other write is audited meanwhile)
    and return the last event's id: the events after it are this import's writes."""
    from mainstream.audit.models import AuditChainHead, AuditEvent

    AuditChainHead.objects.select_for_update().get_or_create(pk=1)
    return AuditEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0


def _events_since(last: int, by) -> list[int]:  # type: ignore[no-untyped-def]
    from mainstream.audit.models import AuditEvent

    qs = AuditEvent.objects.filter(id__gt=last)
    if getattr(by, "pk", None):
        qs = qs.filter(user=by)
    return list(qs.order_by("id").values_list("id", flat=True))


class UndoRefused(Exception):
    """An import cannot be undone as a whole; the message says why (nothing was changed)."""


@transaction.atomic
def import_undo(*, run: ImportRun, reason: str, by=None) -> ImportRun:  # type: ignore[no-untyped-def]
    """The office undoes an import as a whole, all or nothing, audited.

    A training import: its records (every row it added carries its run) are deleted, and the people it brought who
    have no other record and no roster entry. Any other kind: each record it created is deleted and each record it
    changed gets its values from before the import back, in reverse order, from the audit events the import wrote.
    Refused (nothing changed) when a record was changed again after the import or is still used elsewhere."""
    from mainstream.units.access import require_admin

    require_admin(by)
    run = ImportRun.objects.select_for_update().get(pk=run.pk)
    if run.undone_at is not None:
        raise UndoRefused("此次匯入已撤銷")
    if run.status != ImportRun.Status.DONE:
        raise UndoRefused("此次匯入未完成，沒有可撤銷的資料")
    if not reason.strip():
        raise UndoRefused("請填寫撤銷理由")
    if run.kind == "training":
        removed = _undo_training(run)
    else:
        removed = _undo_by_events(run)
    run.undone_at = timezone.now()
    run.undone_by = by if getattr(by, "pk", None) else None
    run.undo_reason = reason.strip()[:300]
    run.save(update_fields=["undone_at", "undone_by", "undo_reason"])
    audit_record(
        by=by,
        action="import.undo",
        obj=run,
        summary=f"撤銷匯入「{run.filename}」（{run.kind}）：{removed}；理由：{run.undo_reason}",
        changes={"run": run.id, "reason": run.undo_reason},
    )
    return run


def _undo_training(run: ImportRun) -> str:
    from django.db import connection

    from mainstream.evaluation.staleness import findings_mark_stale

    with connection.cursor() as cursor:
        cursor.execute("SELECT DISTINCT person_id FROM training_trainingrecord WHERE run_id = %s", [run.id])
        people = [row[0] for row in cursor.fetchall()]
        cursor.execute("DELETE FROM training_trainingrecord WHERE run_id = %s", [run.id])
        records = cursor.rowcount
        orphans = 0
        for start in range(0, len(people), 900):
            part = people[start : start + 900]
            marks = ", ".join(["%s"] * len(part))
            cursor.execute(
                f"DELETE FROM training_person WHERE id IN ({marks}) "
                "AND NOT EXISTS (SELECT 1 FROM training_trainingrecord r WHERE r.person_id = training_person.id) "
                "AND NOT EXISTS (SELECT 1 FROM training_staff s WHERE s.person_id = training_person.id)",
                part,
            )
            orphans += cursor.rowcount
    findings_mark_stale(tools=["training"])  # raw SQL: the stored verdicts of training are stale
    return f"刪除訓練紀錄 {records:,} 筆、僅見於此次匯入之人員 {orphans:,} 人"


def _undo_by_events(run: ImportRun) -> str:
    from django.apps import apps
    from django.db.models import ProtectedError, RestrictedError

    from mainstream.audit.models import AuditEvent

    ids = run.summary.get("events") or []
    if not ids:
        raise UndoRefused("此次匯入沒有可撤銷的異動紀錄（較早版本之匯入）")
    events = list(AuditEvent.objects.filter(id__in=ids).order_by("-id"))
    targets = {(e.target_type, e.target_id) for e in events if e.target_id}
    later = AuditEvent.objects.filter(id__gt=max(ids)).exclude(action="import.undo")
    for e in later.only("target_type", "target_id").iterator():
        if (e.target_type, e.target_id) in targets:
            raise UndoRefused(f"匯入的資料於匯入後已再修改（{e.at:%Y-%m-%d} {e.summary}），請逐筆處理")
    deleted = restored = 0
    for e in events:
        if not e.target_id or "." not in e.target_type:
            continue
        try:
            model = apps.get_model(e.target_type)
        except LookupError:
            continue
        obj = model.objects.filter(pk=e.target_id).first()
        if obj is None:
            continue
        if e.action.endswith(".create"):
            try:
                obj.delete()
            except (ProtectedError, RestrictedError) as exc:
                raise UndoRefused(f"「{obj}」已被其他資料引用，無法刪除") from exc
            deleted += 1
        elif e.action.endswith(".update"):
            for name, pair in (e.changes or {}).items():
                try:
                    field = model._meta.get_field(name)
                except Exception:
                    continue
                old = pair[0] if isinstance(pair, list) and pair else None
                setattr(obj, field.attname, _field_value(field, old, obj))
            obj.save()
            restored += 1
    return f"刪除新增之資料 {deleted} 筆、還原修改之資料 {restored} 筆"


def _field_value(field, text, obj):  # type: ignore[no-untyped-def]
    """A value from an audit event's text back into the field's type; refused where the text cannot say it."""
    from django.core.exceptions import ValidationError
    from django.db import models

    if text is None:
        return None
    if isinstance(field, models.JSONField) or (field.is_relation and not str(text).isdigit()):
        raise UndoRefused(f"「{obj}」的「{field.verbose_name}」無法自異動紀錄還原，請逐筆處理")
    try:
        return field.target_field.to_python(text) if field.is_relation else field.to_python(text)
    except (ValidationError, ValueError, TypeError) as exc:
        raise UndoRefused(f"「{obj}」的「{field.verbose_name}」無法自異動紀錄還原，請逐筆處理") from exc


def import_run_list(user, *, kind: str = ""):  # type: ignore[no-untyped-def]
    """Every import with its summary: the office and those who read every unit see all; others their own."""
    qs = ImportRun.objects.select_related("user", "undone_by").order_by("-started")
    if not access_for(user).read_all:
        qs = qs.filter(user=user)
    return qs.filter(kind=kind) if kind else qs


def import_run_get(user, pk: int) -> ImportRun:  # type: ignore[no-untyped-def]
    from django.http import Http404

    run = import_run_list(user).filter(pk=pk).first()
    if run is None:
        raise Http404("查無此匯入紀錄")
    return run
