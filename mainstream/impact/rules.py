"""Rule of gender impact assessment (伍、五、(三)): completed cases per unit, D1 as a group, E1 over two years.

A case is complete when its adoption was reported to a task force, or — an urgent case — when the office
confirmed it (伍、五、(一)、5); it counts in the ROC year of that date. An urgent case confirmed but not yet
reported counts, and the finding names the report still due. Quotas come from the plan file (``impact.count``).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from functools import cached_property

from mainstream import roc
from mainstream.evaluation.engine import Context, Evidence, Finding, rule

RULE = "impact.count"


@dataclass(frozen=True)
class AssessmentFact:
    unit: str
    title: str
    reported_on: date | None = None
    urgent: bool = False
    office_confirmed_on: date | None = None
    district_shared: bool = False
    id: int | None = None

    @property
    def completed_on(self) -> date | None:
        """The office's confirmation for an urgent case (the earlier date), else the task-force report."""
        if self.urgent and self.office_confirmed_on:
            return self.office_confirmed_on
        return self.reported_on

    def completed_in(self, first: int, last: int, as_of: date) -> bool:
        done = self.completed_on
        return done is not None and done <= as_of and first <= roc.roc_year_of(done) <= last

    def report_due(self, as_of: date) -> bool:
        """Confirmed by the office as urgent, not yet reported to the task force (by the as-of date)."""
        if not self.urgent or self.office_confirmed_on is None or self.office_confirmed_on > as_of:
            return False
        return self.reported_on is None or self.reported_on > as_of


@dataclass(frozen=True)
class AssessmentFacts:
    cases: tuple[AssessmentFact, ...]

    @cached_property
    def by_unit(self) -> dict[str, list[AssessmentFact]]:
        out: dict[str, list[AssessmentFact]] = {}
        for c in self.cases:
            out.setdefault(c.unit, []).append(c)
        return out

    def of(self, units: set[str]) -> list[AssessmentFact]:
        return [c for u in sorted(units) for c in self.by_unit.get(u, [])]

    def completed(self, units: set[str], first: int, last: int, as_of: date) -> list[AssessmentFact]:
        return [c for c in self.of(units) if c.completed_in(first, last, as_of)]


def assessment_facts(ctx: Context) -> AssessmentFacts:
    from django.db.models import Q

    from .models import Assessment

    first = min(ctx.window(RULE, g)[0] for g in ctx.plan.groups)
    since = roc.year_start(first)
    qs = Assessment.objects.filter(
        Q(reported_on__gte=since)
        | Q(office_confirmed_on__gte=since)
        | Q(urgent=True, office_confirmed_on__isnull=False, reported_on__isnull=True)
    ).select_related("unit")
    return AssessmentFacts(
        tuple(
            AssessmentFact(
                c.unit.short_name, c.title, c.reported_on, c.urgent, c.office_confirmed_on, c.district_shared, c.id
            )
            for c in qs
        )
    )


def _evidence(cases: list[AssessmentFact], as_of: date) -> list[Evidence]:
    out = []
    for c in cases:
        if c.report_due(as_of):
            how = "性平辦確認完成（緊急案件，性平小組報告待辦）"
        elif c.urgent and c.office_confirmed_on:
            how = f"性平辦確認完成（緊急案件，{roc.format_date(c.reported_on)} 已提報性平小組）"
        else:
            how = "性平小組報告通過"
        out.append(
            Evidence(
                f"{c.unit}「{c.title}」{roc.format_date(c.completed_on)} {how}", f"/impact/{c.id}/" if c.id else ""
            )
        )
    return out


def _due(cases: list[AssessmentFact], as_of: date) -> str:
    due = [c for c in cases if c.report_due(as_of)]
    if not due:
        return ""
    return "；緊急案件" + "、".join(f"「{c.title}」" for c in due) + "已經性平辦確認完成，後續仍應提報性平小組"


@rule(RULE, facts=assessment_facts)
def count(facts: AssessmentFacts, ctx: Context) -> Iterator[Finding]:
    """伍、五、(三): completed cases — A ≥ 4 a year; B, B1 ≥ 2; C, C1, C2, D ≥ 1; D1 as a group 1 when the
    twelve district offices share the bill or plan and data, otherwise 3; E1 ≥ 1 every two years."""
    for subject in ctx.subjects(RULE):
        if not subject.applies:
            yield ctx.not_applicable(RULE, subject.unit, "都委會僅須辦理參、三、(三) 所列事項")
            continue
        units = set(subject.units)
        done = facts.completed(units, subject.first, subject.last, ctx.as_of)
        due = _due(facts.of(units), ctx.as_of)
        if subject.type == "group":  # D1: 1 when the district offices share the bill or plan and data, otherwise 3
            shared = [c for c in done if c.district_shared]
            need_shared = ctx.param(RULE, "min_cases_district_shared", subject.group)
            need_other = ctx.param(RULE, "min_cases", subject.group)
            met = len(shared) >= need_shared or len(done) >= need_other
            required = need_shared if shared else need_other
            called = ctx.plan.group_called(subject.group)
            basis = (
                f"其中 {len(shared)} 案為 {called}共同法案或計畫及資料，整組應達 {need_shared} 案"
                if shared
                else f"非 {called}共同法案或計畫，整組應達 {need_other} 案"
            )
            detail = f"{subject.span}整組完成性別影響評估 {len(done)} 案；{basis}{due}"
        else:
            required = ctx.param(RULE, "min_cases", subject.group)
            met = len(done) >= required
            detail = f"{subject.span}完成性別影響評估 {len(done)} 案，應達 {required} 案{due}"
        yield ctx.subject_finding(
            RULE,
            subject,
            met=met,
            actual=len(done),
            required=required,
            detail=detail,
            evidence=_evidence(done, ctx.as_of),
        )
