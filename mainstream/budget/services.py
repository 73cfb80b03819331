"""Writes of the gender budget (伍、六). Each is atomic, checks access and is audited."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction

from mainstream.audit.services import audit_record, audited_upsert, changes_between
from mainstream.imports.schema import WriteResult, write_each
from mainstream.units.access import require_write
from mainstream.units.models import Unit

from .models import BudgetGuidance, BudgetLine, BudgetSubmission

TOOL = "budget"
FIELDS = ("amount", "purpose", "new")


@dataclass(frozen=True)
class BudgetLineData:
    unit: Unit
    year: int
    programme: str
    amount: Decimal
    purpose: str
    new: bool = False


def _values(obj: BudgetLine | BudgetLineData) -> dict[str, object]:
    return {f: getattr(obj, f) for f in FIELDS}


def budget_line_validate(data: BudgetLineData) -> None:
    if data.amount < 0:
        raise ValidationError("金額不可為負數")
    if not data.purpose.strip():
        raise ValidationError("請說明性別目標")
    if not data.programme.strip():
        raise ValidationError("請填寫計畫名稱")


@transaction.atomic
def budget_line_record(*, data: BudgetLineData, by=None) -> tuple[BudgetLine, str]:  # type: ignore[no-untyped-def]
    """Create or update a unit's gender budget line for a year (by its programme)."""
    require_write(by, data.unit, tool=TOOL)
    budget_line_validate(data)
    return audited_upsert(
        model=BudgetLine,
        lookup={"unit": data.unit, "year": data.year, "programme": data.programme},
        values=_values(data),
        by=by,
        unit=data.unit,
        action="budget_line",
        label=f"性別預算「{data.programme}」（{data.year} 年度）",
    )


@transaction.atomic
def budget_line_delete(*, line: BudgetLine, by=None) -> None:  # type: ignore[no-untyped-def]
    require_write(by, line.unit, tool=TOOL)
    if BudgetSubmission.objects.filter(unit=line.unit, year=line.year).exists() and (
        BudgetLine.objects.filter(unit=line.unit, year=line.year).count() == 1
    ):
        raise ValidationError("已提交的性別預算至少須保留 1 項")
    audit_record(
        by=by,
        action="budget_line.delete",
        obj=line,
        unit=line.unit,
        summary=f"刪除性別預算「{line.programme}」（{line.year} 年度）",
    )
    line.delete()


@transaction.atomic
def budget_submit(*, unit: Unit, year: int, on: date | None = None, by=None) -> tuple[BudgetSubmission, bool]:  # type: ignore[no-untyped-def]
    """Submit a unit's gender budget for a year to 主計處; it needs at least one line. Returns (submission, new)."""
    require_write(by, unit, tool=TOOL)
    if not BudgetLine.objects.filter(unit=unit, year=year).exists():
        raise ValidationError(f"{unit} {year} 年度尚無性別預算項目，無法提交")
    existing = BudgetSubmission.objects.filter(unit=unit, year=year).first()
    if existing is not None:
        return existing, False
    submission = BudgetSubmission.objects.create(
        unit=unit, year=year, submitted_on=on or date.today(), submitted_by=by if by is not None else None
    )
    audit_record(
        by=by,
        action="budget.submit",
        obj=submission,
        unit=unit,
        summary=f"提交 {year} 年度性別預算",
    )
    return submission, True


@transaction.atomic
def budget_guidance_set(*, year: int, text: str, by=None) -> BudgetGuidance:  # type: ignore[no-untyped-def]
    """主計處 (or the office) sets the compilation guidance for a budget year (伍、六、(二))."""
    require_write(by, None, tool=TOOL)
    if not text.strip():
        raise ValidationError("請填寫編列原則及注意事項")
    guidance = BudgetGuidance.objects.filter(year=year).first()
    before = {"text": guidance.text} if guidance else {}
    if guidance is None:
        guidance = BudgetGuidance.objects.create(year=year, text=text)
    elif guidance.text == text:
        return guidance
    else:
        guidance.text = text
        guidance.save()
    audit_record(
        by=by,
        action="budget_guidance.set",
        obj=guidance,
        unit=None,
        summary=f"設定 {year} 年度性別預算編列原則及注意事項",
        changes=changes_between(before, {"text": text}),
    )
    return guidance


def budget_import_write(rows: list[BudgetLineData], *, by=None) -> WriteResult:  # type: ignore[no-untyped-def]
    """Record every line; each (unit, year) in the file is then submitted (the file is the submission)."""
    result = write_each(rows, budget_line_record, by=by)
    for unit, year in dict.fromkeys((r.unit, r.year) for r in rows):
        _, new = budget_submit(unit=unit, year=year, by=by)
        if new:
            result.notes.append(f"{unit} {year} 年度性別預算已提交")
    return result
