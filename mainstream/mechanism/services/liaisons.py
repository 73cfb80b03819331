"""Writes of the mechanism (伍、一). Atomic, access-checked, audited."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction

from mainstream.audit.services import audit_record, changes_between
from mainstream.imports.schema import WriteResult
from mainstream.units.access import require_write
from mainstream.units.models import Unit

from ..models import Liaison

LIAISON_FIELDS = ("sex", "title", "role", "joined_circle", "left")


@dataclass(frozen=True)
class LiaisonData:
    unit: Unit
    name: str
    sex: str
    title: str
    role: str
    joined_circle: date | None = None
    left: date | None = None


@transaction.atomic
def liaison_record(*, data: LiaisonData, by=None) -> tuple[Liaison, str]:  # type: ignore[no-untyped-def]
    """Create or update a unit's liaison (by name). Returns (liaison, created|updated|unchanged)."""
    require_write(by, data.unit, tool="mechanism")
    if data.left and data.joined_circle and data.left < data.joined_circle:
        raise ValidationError("退出日期早於加入聯繫圈日期")
    values = {f: getattr(data, f) for f in LIAISON_FIELDS}
    existing = Liaison.objects.filter(unit=data.unit, name=data.name).first()
    if existing is None:
        liaison = Liaison.objects.create(unit=data.unit, name=data.name, **values)
        audit_record(
            by=by,
            action="liaison.create",
            obj=liaison,
            unit=data.unit,
            summary=f"新增性平聯絡人 {data.name}",
            changes=changes_between({}, values),
        )
        return liaison, "created"
    diff = changes_between({f: getattr(existing, f) for f in LIAISON_FIELDS}, values)
    if not diff:
        return existing, "unchanged"
    for f, v in values.items():
        setattr(existing, f, v)
    existing.save()
    audit_record(
        by=by,
        action="liaison.update",
        obj=existing,
        unit=data.unit,
        summary=f"修改性平聯絡人 {data.name}",
        changes=diff,
    )
    return existing, "updated"


def liaisons_import_write(rows: list[LiaisonData], *, by=None) -> WriteResult:  # type: ignore[no-untyped-def]
    result = WriteResult()
    for data in rows:
        _, outcome = liaison_record(data=data, by=by)
        setattr(result, outcome, getattr(result, outcome) + 1)
    return result
