"""Writes of the gender statistics catalogue (伍、三). Each is atomic, checks access and is audited."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

import numpy as np
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from mainstream.audit.services import audit_record, audited_upsert
from mainstream.imports.schema import WriteResult
from mainstream.units.access import access_for, require_write
from mainstream.units.models import Unit

from .models import Indicator, StatRevision, StatTable
from .px.cube import Cube

if TYPE_CHECKING:
    from django.contrib.auth.models import User

TOOL = "statistics"
FIELDS = ("added_on", "source", "frequency", "international", "sex_variable")
PARENT_KINDS = {
    Indicator.Kind.INDICATOR: (),
    Indicator.Kind.ITEM: (Indicator.Kind.INDICATOR,),
    Indicator.Kind.SUBCLASS: (Indicator.Kind.INDICATOR, Indicator.Kind.ITEM),
}


@dataclass(frozen=True)
class IndicatorData:
    unit: Unit
    kind: str  # Indicator.Kind
    name: str
    added_on: date
    parent: Indicator | None = None
    source: str = ""
    frequency: str = ""
    international: str = ""
    sex_variable: bool = True


def indicator_validate(data: IndicatorData) -> None:
    """An indicator has no parent; an item belongs to an indicator; a sub-classification to an indicator or an
    item; all of the same unit, and nothing is added before what it belongs to."""
    allowed = PARENT_KINDS[Indicator.Kind(data.kind)]
    if not allowed and data.parent is not None:
        raise ValidationError("指標不可隸屬於其他指標")
    if allowed and data.parent is None:
        raise ValidationError(f"{Indicator.Kind(data.kind).label}須指明所屬指標")
    if data.parent is not None:
        if data.parent.kind not in allowed:
            raise ValidationError(
                f"{Indicator.Kind(data.kind).label}不可隸屬於{Indicator.Kind(data.parent.kind).label}「{data.parent}」"
            )
        if data.parent.unit_id != data.unit.id:
            raise ValidationError(f"所屬指標「{data.parent}」不是{data.unit}的指標")
        if data.added_on < data.parent.added_on:
            raise ValidationError(f"新增日期早於所屬指標「{data.parent}」的新增日期")


def _values(obj: Indicator | IndicatorData) -> dict[str, object]:
    return {f: getattr(obj, f) for f in FIELDS}


def _label(data: IndicatorData | Indicator) -> str:
    kind = Indicator.Kind(data.kind).label
    where = f"{data.parent.path} › " if data.parent is not None else ""
    return f"{kind}「{where}{data.name}」"


@transaction.atomic
def indicator_record(*, data: IndicatorData, by=None) -> tuple[Indicator, str]:  # type: ignore[no-untyped-def]
    """Create or update an entry of a unit's catalogue (by unit, kind, parent and name).

    Returns (indicator, created|updated|unchanged)."""
    require_write(by, data.unit, tool=TOOL)
    indicator_validate(data)
    return audited_upsert(
        model=Indicator,
        lookup={"unit": data.unit, "kind": data.kind, "parent": data.parent, "name": data.name},
        values=_values(data),
        by=by,
        unit=data.unit,
        action="indicator",
        label=f"性別統計{_label(data)}",
    )


@transaction.atomic
def indicator_delete(*, indicator: Indicator, by=None) -> None:  # type: ignore[no-untyped-def]
    require_write(by, indicator.unit, tool=TOOL)
    if indicator.children.exists():
        raise ValidationError(f"「{indicator}」下仍有項目或複分類，請先刪除")
    audit_record(
        by=by,
        action="indicator.delete",
        obj=indicator,
        unit=indicator.unit,
        summary=f"刪除性別統計{_label(indicator)}",
    )
    indicator.delete()


# -- import ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class IndicatorRow:
    """A row of the ``indicators`` import: the parent is named, not yet resolved."""

    unit: Unit
    kind: str
    name: str
    added_on: date
    parent_indicator: str = ""  # 所屬指標 (for 項目 and 複分類)
    parent_item: str = ""  # 所屬項目 (for a 複分類 of an item)
    source: str = ""
    frequency: str = ""
    international: str = ""
    sex_variable: bool = True


ORDER = {Indicator.Kind.INDICATOR: 0, Indicator.Kind.ITEM: 1, Indicator.Kind.SUBCLASS: 2}


def indicator_parent_find(unit: Unit, parent_indicator: str, parent_item: str) -> Indicator | None:
    if not parent_indicator:
        return None
    parent = Indicator.objects.filter(unit=unit, kind=Indicator.Kind.INDICATOR, name=parent_indicator).first()
    if parent is not None and parent_item:
        return Indicator.objects.filter(unit=unit, kind=Indicator.Kind.ITEM, parent=parent, name=parent_item).first()
    return parent


def indicators_import_write(rows: list[IndicatorRow], *, by=None) -> WriteResult:  # type: ignore[no-untyped-def]
    """Indicators first, then items, then sub-classifications, so a row may name a parent from the same file."""
    result = WriteResult()
    for row in sorted(rows, key=lambda r: ORDER[Indicator.Kind(r.kind)]):
        parent = indicator_parent_find(row.unit, row.parent_indicator, row.parent_item)
        if row.kind != Indicator.Kind.INDICATOR and parent is None:
            where = f"「{row.parent_indicator}」" + (f" › 「{row.parent_item}」" if row.parent_item else "")
            raise ValidationError(f"{row.unit}查無所屬{where}")
        data = IndicatorData(
            row.unit,
            row.kind,
            row.name,
            row.added_on,
            parent,
            row.source,
            row.frequency,
            row.international,
            row.sex_variable,
        )
        _, outcome = indicator_record(data=data, by=by)
        setattr(result, outcome, getattr(result, outcome) + 1)
    return result


def stat_table_import(
    *, cube: Cube, filename: str = "", unit: Unit | None = None, by: User | None
) -> tuple[StatTable, StatRevision]:
    """Create or update the table named by the cube's code; its values become a new revision (old ones are kept).

    主計處 (the oversight unit of the statistics tool) or the office imports; ``by=None`` is a system write.
    """
    if by is not None and not access_for(by).can_write_unit(None, tool="statistics"):
        raise PermissionDenied("統計表由主計處或性平辦匯入")
    with transaction.atomic():
        table, created = StatTable.objects.select_for_update().get_or_create(
            code=cube.code, defaults={"title": cube.title[:300]}
        )
        table.title = cube.title[:300] or table.title
        table.title_en = cube.title_en[:300] or table.title_en
        table.measure_unit = cube.units[:60] or table.measure_unit
        table.source = cube.source[:300] or table.source
        table.notes = cube.notes or table.notes
        if unit is not None:
            table.unit = unit
        now = timezone.now()
        table.updated_at = now
        table.save()
        last = table.revisions.order_by("-number").first()
        revision = StatRevision.objects.create(
            table=table,
            number=(last.number + 1) if last else 1,
            imported_at=now,
            filename=filename[:200],
            dimensions=[d.as_json() for d in cube.dimensions],
            values=values_pack(cube.values),
            status={str(k): v for k, v in cube.status.items()},
            heading=cube.heading,
            meta={
                "units_en": cube.units_en,
                "source_en": cube.source_en,
                "notes_en": cube.notes_en,
                "updated": cube.updated,
                "decimals": cube.decimals,
            },
        )
        audit_record(
            by=by,
            action="create" if created else "update",
            summary=f"匯入統計表 {table.code} 第 {revision.number} 版（{len(cube.values):,} 格）",
            obj=table,
            unit=table.unit,
            changes={"revision": revision.number, "cells": len(cube.values), "file": filename},
        )
    return table, revision


def values_pack(values: list[float | None]) -> bytes:
    """The dense value array as little-endian float64 bytes (NaN for a missing cell): 8 bytes a cell, no per-cell
    rows. (numpy turns None into NaN itself, in C: a million cells in about half the time of a list of floats.)"""
    return np.array(values, dtype="<f8").tobytes()
