"""Rule of gender budget (伍、六): each applicable unit submitted its gender budget for the year.

Which groups the duty applies to is in the plan file (``budget.submitted.applies``: D and D1 not, 應辦事項
一覽表); 都委會 has it among its few duties (參、三、(三)).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from mainstream import roc
from mainstream.evaluation.engine import Context, Evidence, Finding, rule

RULE = "budget.submitted"


@dataclass(frozen=True)
class SubmissionFact:
    unit: str
    year: int
    submitted_on: date
    lines: int
    total: Decimal
    id: int | None = None


@dataclass(frozen=True)
class BudgetFacts:
    submissions: tuple[SubmissionFact, ...]

    def of(self, unit: str, year: int) -> SubmissionFact | None:
        return next((s for s in self.submissions if s.unit == unit and s.year == year), None)


def budget_facts(ctx: Context) -> BudgetFacts:
    from django.db.models import Count, Sum

    from .models import BudgetLine, BudgetSubmission

    totals = {
        (row["unit_id"], row["year"]): (row["n"], row["total"] or Decimal(0))
        for row in BudgetLine.objects.filter(year=ctx.year)
        .values("unit_id", "year")
        .annotate(n=Count("id"), total=Sum("amount"))
    }
    qs = BudgetSubmission.objects.filter(year=ctx.year).select_related("unit")
    if ctx.only:
        qs = qs.filter(unit__short_name=ctx.only)
    out = []
    for s in qs:
        n, total = totals.get((s.unit_id, s.year), (0, Decimal(0)))
        out.append(SubmissionFact(s.unit.short_name, s.year, s.submitted_on, n, total, s.unit_id))
    return BudgetFacts(tuple(out))


@rule(RULE, facts=budget_facts)
def submitted(facts: BudgetFacts, ctx: Context) -> Iterator[Finding]:
    """伍、六: 由主計處統籌辦理，各一級機關構依循執行 — A, B, B1, C, C1, C2, E1 and 都委會 submit a gender budget
    for the year; D and D1 are not applicable."""
    for unit in ctx.units:
        if not ctx.applies(unit, RULE) or not ctx.param(RULE, "applies", unit.group):
            yield ctx.not_applicable(RULE, unit, f"{ctx.plan.groups[unit.group].name}無編列性別預算之規定")
            continue
        s = facts.of(unit.short, ctx.year)
        done = s is not None and s.submitted_on <= ctx.as_of and s.lines > 0
        if s is not None and done:
            detail = f"{ctx.year} 年度性別預算已於 {roc.format_date(s.submitted_on)} 提交（{s.lines} 項，新臺幣 {s.total:,.0f} 元）"
            evidence = [Evidence(f"{ctx.year} 年度性別預算（{s.lines} 項）", f"/budget/?year={ctx.year}&unit={s.id}")]
        else:
            detail = f"{ctx.year} 年度性別預算尚未提交"
            evidence = []
        yield ctx.unit_finding(
            RULE,
            unit,
            met=done,
            actual=1 if done else 0,
            required=1,
            detail=detail,
            evidence=evidence,
        )
