"""Writes of measures (陸). Each is atomic, checks access and is audited."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction

from mainstream.audit.services import audit_record, changes_between
from mainstream.imports.schema import WriteResult
from mainstream.plan.loader import current_plan
from mainstream.units.access import require_write
from mainstream.units.models import Unit

from .models import Measure

FIELDS = ("category", "item", "date", "description", "link")


@dataclass(frozen=True)
class MeasureData:
    unit: Unit
    year: int
    title: str
    category: int
    item: int
    date: date | None = None
    description: str = ""
    link: str = ""


def measure_validate(data: MeasureData) -> None:
    """The category and item must exist in the plan (陸、二)."""
    categories = current_plan().measure_categories
    if not 1 <= data.category <= len(categories):
        raise ValidationError(f"類別 {data.category} 不存在（陸、二 有 {len(categories)} 類）")
    items = categories[data.category - 1].items
    if not 1 <= data.item <= len(items):
        raise ValidationError(f"類別（{data.category}）沒有第 {data.item} 項（共 {len(items)} 項）")


def _values(obj: Measure | MeasureData) -> dict[str, object]:
    return {f: getattr(obj, f) for f in FIELDS}


@transaction.atomic
def measure_record(*, data: MeasureData, by=None) -> tuple[Measure, str]:  # type: ignore[no-untyped-def]
    """Create or update a unit's measure for a year (by its title). Returns (measure, created|updated|unchanged)."""
    require_write(by, data.unit, tool="measures")
    measure_validate(data)
    existing = Measure.objects.filter(unit=data.unit, year=data.year, title=data.title).first()
    if existing is None:
        measure = Measure.objects.create(unit=data.unit, year=data.year, title=data.title, **_values(data))
        audit_record(
            by=by,
            action="measure.create",
            obj=measure,
            unit=data.unit,
            summary=f"新增具體措施「{data.title}」（{data.year} 年）",
            changes=changes_between({}, _values(data)),
        )
        return measure, "created"
    diff = changes_between(_values(existing), _values(data))
    if not diff:
        return existing, "unchanged"
    for f in FIELDS:
        setattr(existing, f, getattr(data, f))
    existing.save()
    audit_record(
        by=by,
        action="measure.update",
        obj=existing,
        unit=data.unit,
        summary=f"修改具體措施「{data.title}」（{data.year} 年）",
        changes=diff,
    )
    return existing, "updated"


@transaction.atomic
def measure_delete(*, measure: Measure, by=None) -> None:  # type: ignore[no-untyped-def]
    require_write(by, measure.unit, tool="measures")
    audit_record(
        by=by,
        action="measure.delete",
        obj=measure,
        unit=measure.unit,
        summary=f"刪除具體措施「{measure.title}」（{measure.year} 年）",
    )
    measure.delete()


def measures_import_write(rows: list[MeasureData], *, by=None) -> WriteResult:  # type: ignore[no-untyped-def]
    result = WriteResult()
    for data in rows:
        _, outcome = measure_record(data=data, by=by)
        setattr(result, outcome, getattr(result, outcome) + 1)
    return result
