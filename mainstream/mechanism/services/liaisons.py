"""Writes of the mechanism (伍、一). Atomic, access-checked, audited."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction

from mainstream.audit.services import audited_upsert
from mainstream.imports.schema import WriteResult, write_each
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
    return audited_upsert(
        model=Liaison,
        lookup={"unit": data.unit, "name": data.name},
        values=values,
        by=by,
        unit=data.unit,
        action="liaison",
        label=f"性平聯絡人 {data.name}",
    )


def liaisons_import_write(rows: list[LiaisonData], *, by=None) -> WriteResult:  # type: ignore[no-untyped-def]
    return write_each(rows, liaison_record, by=by)
