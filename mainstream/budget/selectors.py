"""Reads of the gender budget, scoped by access."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, QuerySet
from django.shortcuts import get_object_or_404

from mainstream.evaluation.engine import Finding
from mainstream.evaluation.presentation import STATUS_LABELS, STATUS_SYMBOLS
from mainstream.evaluation.services import findings_evaluate
from mainstream.units.access import access_for, unit_records_visible_to, units_visible_to

from .models import BudgetGuidance, BudgetLine, BudgetSubmission
from .rules import RULE

LINE_STATUSES = {"submitted": "已提交", "draft": "未提交"}


def budget_line_list(  # type: ignore[no-untyped-def]
    user, *, unit_id: int | None = None, year: int | None = None, status: str = ""
) -> QuerySet[BudgetLine]:
    """Budget lines the user may read; ``status`` submitted / draft: whether the unit's year was submitted."""
    submitted = BudgetSubmission.objects.filter(unit_id=OuterRef("unit_id"), year=OuterRef("year"))
    qs = unit_records_visible_to(user, BudgetLine.objects.select_related("unit")).annotate(submitted=Exists(submitted))
    if unit_id:
        qs = qs.filter(unit_id=unit_id)
    if year:
        qs = qs.filter(year=year)
    if status == "submitted":
        qs = qs.filter(submitted=True)
    elif status == "draft":
        qs = qs.filter(submitted=False)
    return qs.order_by("year", "unit__order", "programme")


def budget_line_get(user, line_id: int) -> BudgetLine:  # type: ignore[no-untyped-def]
    line = get_object_or_404(BudgetLine.objects.select_related("unit"), pk=line_id)
    if not access_for(user).can_read_unit(line.unit_id):
        raise PermissionDenied("您沒有此機關資料的權限")
    return line


def budget_submission_get(user, *, unit_id: int, year: int) -> BudgetSubmission | None:  # type: ignore[no-untyped-def]
    if not access_for(user).can_read_unit(unit_id):
        raise PermissionDenied("您沒有此機關資料的權限")
    return BudgetSubmission.objects.filter(unit_id=unit_id, year=year).first()


def budget_guidance_get(year: int) -> BudgetGuidance | None:
    """主計處's guidance is addressed to every unit: anyone signed in may read it."""
    return BudgetGuidance.objects.filter(year=year).first()


def budget_guidance_list() -> QuerySet[BudgetGuidance]:
    return BudgetGuidance.objects.all()


@dataclass
class TotalRow:
    unit_id: int
    unit: str
    group: str
    lines: int = 0
    new: int = 0
    total: Decimal = Decimal(0)
    submitted_on: date | None = None
    finding: Finding | None = None

    @property
    def status(self) -> str:
        return self.finding.status if self.finding else "not_applicable"

    @property
    def status_label(self) -> str:
        return f"{STATUS_SYMBOLS[self.status]} {STATUS_LABELS[self.status]}"


@dataclass
class Totals:
    year: int
    as_of: date
    rows: list[TotalRow] = field(default_factory=list)

    @property
    def total(self) -> Decimal:
        return sum((r.total for r in self.rows), Decimal(0))

    @property
    def submitted(self) -> int:
        return sum(1 for r in self.rows if r.submitted_on)


def budget_totals(  # type: ignore[no-untyped-def]
    user, *, year: int, as_of: date, unit_id: int | None = None, status: str = ""
) -> Totals:
    """Per unit the user may read: lines, new lines, total NT$, submission and the unit's standing (伍、六)."""
    findings = {f.subject: f for f in findings_evaluate(year=year, as_of=as_of, rules=[RULE])}
    units = units_visible_to(user).filter(kind="executing")
    if unit_id:
        units = units.filter(id=unit_id)
    rows = {u.id: TotalRow(u.id, u.short_name, u.group.name if u.group else "") for u in units}
    for line in BudgetLine.objects.filter(unit_id__in=rows, year=year).only("unit_id", "amount", "new"):
        row = rows[line.unit_id]
        row.lines += 1
        row.new += line.new
        row.total += line.amount
    for s in BudgetSubmission.objects.filter(unit_id__in=rows, year=year):
        rows[s.unit_id].submitted_on = s.submitted_on
    for row in rows.values():
        row.finding = findings.get(row.unit)
    out = [r for r in rows.values() if not status or r.status == status]
    return Totals(year, as_of, out)


def budget_years_totals(user) -> list[tuple[int, int, Decimal]]:  # type: ignore[no-untyped-def]
    """(year, units submitted, total NT$) over the years, for what the user may read."""
    out: dict[int, list] = {}
    for line in unit_records_visible_to(user, BudgetLine.objects.all()).only("year", "amount"):
        out.setdefault(line.year, [0, Decimal(0)])[1] += line.amount
    for s in unit_records_visible_to(user, BudgetSubmission.objects.all()).only("year"):
        out.setdefault(s.year, [0, Decimal(0)])[0] += 1
    return [(y, n, t) for y, (n, t) in sorted(out.items())]
