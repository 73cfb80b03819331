"""Rule of gender analysis (伍、四、(二)、2、A): reports per unit, D1 as a group, E1 over two years.

Only a report that goes beyond descriptive statistics (not marked 僅描述統計 by the office or 主計處,
伍、四、(一)、2) and was reported to a task force by the as-of date counts. Quotas, the D1 district-data
threshold and the E1 window come from the plan file (``analysis.count``).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from functools import cached_property

from mainstream import roc
from mainstream.evaluation.engine import Context, Evidence, Finding, rule

RULE = "analysis.count"


@dataclass(frozen=True)
class AnalysisFact:
    unit: str
    year: int
    title: str
    reported_on: date | None = None
    descriptive_only: bool = False
    district_data: bool = False
    id: int | None = None

    def counts(self, as_of: date) -> bool:
        return not self.descriptive_only and self.reported_on is not None and self.reported_on <= as_of


@dataclass(frozen=True)
class AnalysisFacts:
    analyses: tuple[AnalysisFact, ...]

    @cached_property
    def by_unit(self) -> dict[str, list[AnalysisFact]]:
        out: dict[str, list[AnalysisFact]] = {}
        for a in self.analyses:
            out.setdefault(a.unit, []).append(a)
        return out

    def of(self, units: set[str], first: int, last: int) -> list[AnalysisFact]:
        return [a for u in sorted(units) for a in self.by_unit.get(u, []) if first <= a.year <= last]


def analysis_facts(ctx: Context) -> AnalysisFacts:
    from .models import Analysis

    first = min(ctx.window(RULE, g)[0] for g in ctx.plan.groups)
    qs = Analysis.objects.filter(year__gte=first, year__lte=ctx.year).select_related("unit")
    return AnalysisFacts(
        tuple(
            AnalysisFact(a.unit.short_name, a.year, a.title, a.reported_on, a.descriptive_only, a.district_data, a.id)
            for a in qs
        )
    )


def _evidence(reports: list[AnalysisFact]) -> list[Evidence]:
    return [
        Evidence(
            f"{a.year} 年 {a.unit}「{a.title}」（{roc.format_date(a.reported_on)} 提報性平小組）",
            f"/analysis/{a.id}/" if a.id else "",
        )
        for a in reports
    ]


def _not_counted(reports: list[AnalysisFact], as_of: date) -> str:
    descriptive = sum(1 for a in reports if a.descriptive_only)
    unreported = sum(1 for a in reports if not a.descriptive_only and not a.counts(as_of))
    parts = []
    if descriptive:
        parts.append(f"{descriptive} 篇僅描述統計")
    if unreported:
        parts.append(f"{unreported} 篇尚未提報性平小組")
    return f"（另 {'、'.join(parts)}，不列計）" if parts else ""


@rule(RULE, facts=analysis_facts)
def count(facts: AnalysisFacts, ctx: Context) -> Iterator[Finding]:
    """伍、四、(二)、2、A: A, B, B1 ≥ 2 a year; C, C1, C2, D ≥ 1; D1 as a group 1 from the twelve district
    offices' own data, otherwise 3; E1 ≥ 1 every two years. Only counting reports reported to a task force."""
    for subject in ctx.subjects(RULE):
        if not subject.applies:
            yield ctx.not_applicable(RULE, subject.unit, "都委會僅須辦理參、三、(三) 所列事項")
            continue
        reports = facts.of(set(subject.units), subject.first, subject.last)
        counted = [a for a in reports if a.counts(ctx.as_of)]
        not_counted = _not_counted(reports, ctx.as_of)
        if subject.type == "group":  # D1: 1 from the district offices' own data, otherwise 3
            district = [a for a in counted if a.district_data]
            need_district = ctx.param(RULE, "min_reports_district_data", subject.group)
            need_other = ctx.param(RULE, "min_reports", subject.group)
            met = len(district) >= need_district or len(counted) >= need_other
            required = need_district if district else need_other
            called = ctx.plan.group_called(subject.group)
            basis = (
                f"其中 {len(district)} 篇以 {called}資料撰擬，整組應達 {need_district} 篇"
                if district
                else f"未以 {called}資料撰擬，整組應達 {need_other} 篇"
            )
            detail = f"{subject.span}整組列計性別分析 {len(counted)} 篇{not_counted}；{basis}"
        else:
            required = ctx.param(RULE, "min_reports", subject.group)
            met = len(counted) >= required
            detail = f"{subject.span}列計性別分析 {len(counted)} 篇{not_counted}，應達 {required} 篇"
        yield ctx.subject_finding(
            RULE, subject, met=met, actual=len(counted), required=required, detail=detail, evidence=_evidence(counted)
        )
