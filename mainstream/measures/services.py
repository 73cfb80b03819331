"""Writes of measures (陸). Each is atomic, checks access and is audited."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction

from mainstream.audit.services import audit_record, audited_upsert
from mainstream.imports.schema import WriteResult, write_each
from mainstream.links import link_check
from mainstream.plan.selectors import plan_in_force
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
    """The category and item must exist in the plan in force for the measure's year (陸、二); a link is http(s)."""
    link_check(data.link)
    categories = plan_in_force(data.year).measure_categories
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
    return audited_upsert(
        model=Measure,
        lookup={"unit": data.unit, "year": data.year, "title": data.title},
        values=_values(data),
        by=by,
        unit=data.unit,
        action="measure",
        label=f"具體措施「{data.title}」（{data.year} 年）",
    )


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
    return write_each(rows, measure_record, by=by)
