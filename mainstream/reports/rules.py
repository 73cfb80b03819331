"""Rules of 柒 計畫擬訂及成效評估: each unit's yearly work plan and result report, adopted by its task force and
published on the web by the dates the office sets per year.

The plan's words: 「(一) 擬訂落實性別主流化暨推展性別平等工作計畫。(二) 每年須完成成果報告並提報各該性別平等機制通過並
上網公告。」 and 「執行辦理單位：應辦理計畫、成果報告及專區網頁」. The plan gives no date: the due dates are the office's
decision per year (``due_year_offset`` and ``due_month_day`` params, dated), never a number in code.

A year's result report (Report.year = the year) is due in the year after; a year's work plan (Report.year = the year it
plans) is due in that year. A report counts when it was adopted (通過, by a task force meeting) and published
(上網公告) on or before the due date; before the due date a missing one is in progress.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

from mainstream import roc
from mainstream.evaluation.engine import Context, Evidence, Finding, rule

RESULT, PLAN = "reports.result_report", "reports.work_plan"
KINDS = {RESULT: "result_report", PLAN: "work_plan"}
LABELS = {RESULT: "成果報告", PLAN: "工作計畫"}
SLUGS = {RESULT: "result", PLAN: "plan"}  # the report pages' URLs


@dataclass(frozen=True)
class ReportFact:
    unit: str
    year: int
    kind: str  # result_report | work_plan
    adopted_on: date | None
    meeting: str
    published_on: date | None
    id: int | None = None


@dataclass(frozen=True)
class ReportFacts:
    reports: tuple[ReportFact, ...] = ()

    def get(self, unit: str, year: int, kind: str) -> ReportFact | None:
        return next((r for r in self.reports if (r.unit, r.year, r.kind) == (unit, year, kind)), None)


def report_facts(ctx: Context) -> ReportFacts:
    from mainstream.units.models import Unit

    from .models import Report

    qs = Report.objects.filter(year=ctx.year, kind__in=KINDS.values(), unit__kind=Unit.Kind.EXECUTING)
    if ctx.only:
        qs = qs.filter(unit__short_name=ctx.only)
    return ReportFacts(
        tuple(
            ReportFact(
                r.unit.short_name,
                r.year,
                r.kind,
                r.adopted_on,
                r.adopted_meeting_title or (str(r.adopted_meeting) if r.adopted_meeting_id else ""),
                r.published_at.date() if r.published_at else None,
                r.id,
            )
            for r in qs.select_related("unit", "adopted_meeting")
        )
    )


def due_date(ctx: Context, rule_id: str, group: str | None) -> date:
    """The office's due date for the year's report: ``due_month_day`` of the year + ``due_year_offset``."""
    offset = int(ctx.param(rule_id, "due_year_offset", group))
    month, day = (int(x) for x in str(ctx.param(rule_id, "due_month_day", group)).split("-"))
    return date(roc.to_ad_year(ctx.year + offset), month, day)


def _judge(facts: ReportFacts, ctx: Context, rule_id: str) -> Iterator[Finding]:
    label = LABELS[rule_id]
    for unit in ctx.units:
        if not ctx.applies(unit, rule_id):
            yield ctx.not_applicable(rule_id, unit, "都委會僅須辦理參、三、(三) 所列事項")
            continue
        due = due_date(ctx, rule_id, unit.group)
        report = facts.get(unit.short, ctx.year, KINDS[rule_id])
        what = f"{ctx.year} 年{label}（性平辦訂定期限 {roc.format_date(due)}）"
        evidence = [Evidence(f"{ctx.year} 年{label}", f"/reports/{unit.short}/{ctx.year}/{SLUGS[rule_id]}/")]
        adopted = report is not None and report.adopted_on is not None and report.adopted_on <= ctx.as_of
        published = report is not None and report.published_on is not None and report.published_on <= ctx.as_of
        if adopted and published and report is not None and report.published_on is not None:
            on_time = report.published_on <= due
            status = "met" if on_time else "unmet"
            detail = (
                f"{what}：{roc.format_date(report.adopted_on)} 經{report.meeting or '性平小組'}通過，"
                f"{roc.format_date(report.published_on)} 上網公告" + ("" if on_time else "，已逾期限")
            )
        else:
            missing = "尚未通過" if not adopted else "已通過，尚未上網公告"
            status = "in_progress" if ctx.as_of <= due else "unmet"
            detail = f"{what}：{missing}" + ("" if status == "in_progress" else "，已逾期限")
        yield ctx.unit_finding(
            rule_id,
            unit,
            status=status,
            actual=int(status == "met"),
            required=1,
            detail=detail,
            evidence=evidence if report else [],
        )


@rule(RESULT, facts=report_facts)
def result_report(facts: ReportFacts, ctx: Context) -> Iterator[Finding]:
    """柒、一、(二): the year's result report adopted by the unit's task force and published by the office's date."""
    yield from _judge(facts, ctx, RESULT)


@rule(PLAN, facts=report_facts)
def work_plan(facts: ReportFacts, ctx: Context) -> Iterator[Finding]:
    """柒、一、(一): the year's work plan adopted by the unit's task force and published by the office's date."""
    yield from _judge(facts, ctx, PLAN)
