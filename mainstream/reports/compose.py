"""Compose result reports, work plans and the city-wide report from the records and the findings.

Every table row names its sources (records or the evidence of a finding) so that each number can be
traced back (柒、一、(二)).
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from typing import Any

from mainstream.evaluation.presentation import STATUS_LABELS, STATUS_SYMBOLS
from mainstream.figures import figure_text
from mainstream.plan.selectors import plan_in_force

from . import charts
from .document import ReportDocument
from .sections import NO_DATA, TOOL_APPS, Source, Table, sections_for

HEADS = "壹貳參肆伍陸柒捌玖拾"
NUMS = "一二三四五六七八九十"


def _findings(year: int, unit: str | None = None, as_of: date | None = None) -> list[Any]:
    from mainstream.evaluation.stored import findings_stored

    return findings_stored(year=year, unit=unit, as_of=as_of)


def evaluation_day(as_of: date | None = None) -> date:
    """The day of evaluation a document is judged on: the one given, else the one every page uses."""
    from mainstream.evaluation.selectors import default_as_of

    return as_of or default_as_of()


def evaluation_day_text(year: int, as_of: date) -> str:
    """The sentence every document states: its day of evaluation and, for a year still running, what 進行中 means."""
    from mainstream import roc

    text = f"考核基準日：{roc.format_date(as_of)}。"
    if as_of <= roc.year_end(year):
        text += f"{year} 年度尚未結束：期限未到而尚未達成之事項列為「進行中」，非「未達成」。"
    return text


def _value(v: Any) -> Any:
    """A figure as readers read it: counts stay numbers; rates and fractions become percentages (52.9%)."""
    if isinstance(v, dict):
        return "、".join(f"{k} {x}" for k, x in v.items())
    if isinstance(v, (list, tuple)):
        return "、".join(str(x) for x in v)
    if (isinstance(v, float) and 0 <= v <= 1 and not v.is_integer()) or (isinstance(v, str) and "/" in v):
        return figure_text(v)
    return v


def _status(status: str) -> str:
    return f"{STATUS_SYMBOLS.get(status, '')} {STATUS_LABELS.get(status, status)}"


def findings_table(findings: list[Any], title: str = "考核結果") -> Table:
    plans = {year: plan_in_force(year) for year in {f.year for f in findings}}
    table = Table(title, ["條次", "應辦事項", "對象", "應達", "實際", "結果", "說明"])
    for f in findings:
        duty = plans[f.year].duties.get(f.rule)
        table.add(
            [
                f.clause,
                duty.title if duty else f.rule,
                f.subject,
                _value(f.required),
                _value(f.actual),
                _status(f.status),
                f.detail,
            ],
            [Source(e.label, e.url) for e in f.evidence],
        )
    return table


def _unit(unit_short: str):  # type: ignore[no-untyped-def]
    from mainstream.units.models import Unit

    return Unit.objects.select_related("group").get(short_name=unit_short)


def _narratives(doc: ReportDocument, report: Any, number: int) -> None:
    if report is None:
        return
    narratives = list(report.narratives.all())
    if not narratives:
        return
    doc.heading(f"{HEADS[number]}、機關補充說明", 1)
    for i, n in enumerate(narratives):
        doc.heading(f"{NUMS[i % 10]}、{n.title}", 2)
        for paragraph in n.body.splitlines():
            if paragraph.strip():
                doc.para(paragraph.strip())


def _adoption(doc: ReportDocument, report: Any) -> None:
    if report is None or not report.adopted_on:
        doc.para("本報告尚未經性平小組通過。")
        return
    from mainstream import roc

    meeting = report.adopted_meeting.title if report.adopted_meeting_id else report.adopted_meeting_title
    doc.para(f"本報告經 {roc.format_date(report.adopted_on)}「{meeting}」通過。")


def result_document(unit_short: str, year: int, report: Any = None, as_of: date | None = None) -> ReportDocument:
    """柒、一、(二): a unit's result report for a year, from its records and its findings on the day of evaluation
    (``as_of``; the pages' day when not given)."""
    as_of = evaluation_day(as_of)
    plan = plan_in_force(year)
    unit = _unit(unit_short)
    group = plan.groups.get(unit.group.code) if unit.group else None
    doc = ReportDocument(f"{unit.full_name} {year} 年度落實性別主流化暨推展性別平等工作成果報告", unit.short_name, year)
    doc.para(f"依據：{plan.title} 柒、一、(二)。機關：{unit.full_name}（{group.name if group else ''}）。")
    doc.para(evaluation_day_text(year, as_of))
    _adoption(doc, report)
    findings = _findings(year, unit_short, as_of)
    doc.heading(f"{HEADS[0]}、考核結果", 1)
    doc.para("下表依總計畫各應辦事項列出應達標準、實際辦理情形與結果；佐證欄為資料來源紀錄。")
    if findings:
        doc.table(findings_table(findings))
    else:
        doc.para(NO_DATA)
    doc.heading(f"{HEADS[1]}、各工具辦理情形", 1)
    for i, section in enumerate(sections_for(unit_short, year)):
        doc.heading(f"{NUMS[i]}、{section.title}（{plan.tool(section.tool).clause}）", 2)
        if section.required:
            doc.para("總計畫要求：")
            doc.bullets(section.required)
        mine = [f for f in findings if f.tool == section.tool]
        if mine:
            met = sum(1 for f in mine if f.status in ("met", "filed"))
            doc.para(f"本工具應辦事項 {len(mine)} 項，達成（含備查）{met} 項。")
        for table in section.tables:
            doc.table(table)
        if section.empty:
            doc.para(section.note or NO_DATA)
    _narratives(doc, report, 2)
    return doc


def plan_document(unit_short: str, year: int, report: Any = None) -> ReportDocument:
    """柒、一、(一): a unit's work plan for ``year`` (planned items as the unit edited them)."""
    plan = plan_in_force(year)
    unit = _unit(unit_short)
    doc = ReportDocument(f"{unit.full_name} {year} 年度落實性別主流化暨推展性別平等工作計畫", unit.short_name, year)
    doc.para(f"依據：{plan.title} 柒、一、(一)。")
    _adoption(doc, report)
    items = list(report.planned_items.all()) if report is not None else []
    from .sections import required_lines

    for i, tool in enumerate(TOOL_APPS):
        doc.heading(f"{HEADS[i]}、{plan.tool(tool).name}（{plan.tool(tool).clause}）", 1)
        required = required_lines(unit_short, year, tool)
        if required:
            doc.para("總計畫要求：")
            doc.bullets(required)
        mine = [it for it in items if it.tool == tool]
        if mine:
            table = Table("預定辦理項目", ["項目", "預定數量", "說明"])
            for it in mine:
                table.add([it.title, it.planned, it.detail], [Source(f"工作規劃項目「{it.title}」")])
            doc.table(table)
        else:
            doc.para("尚未規劃")
    _narratives(doc, report, len(TOOL_APPS))
    return doc


# -- the city-wide report (柒、二、(一)) -------------------------------------------------------------


def _by_unit(findings: list[Any]) -> dict[tuple[str, str], Any]:
    out: dict[tuple[str, str], Any] = {}
    for f in findings:
        for u in f.units:
            out[(u, f.rule)] = f
    return out


def _rate(findings: list[Any]) -> tuple[int, int]:
    counted = [f for f in findings if f.status in ("met", "filed", "unmet", "in_progress")]
    return sum(1 for f in counted if f.status in ("met", "filed")), len(counted)


def city_figures(year: int, as_of: date | None = None) -> dict[str, Any]:
    """Per tool and group: findings met / counted this year and the year before (for charts and tables), both as
    judged on the day of evaluation."""
    from mainstream.plan.selectors import plan_years

    as_of = evaluation_day(as_of)
    plan = plan_in_force(year)
    this = _findings(year, as_of=as_of)
    before = _findings(year - 1, as_of=as_of) if year - 1 in plan_years() else []
    rates: dict[str, dict[str, tuple[tuple[int, int], tuple[int, int]]]] = defaultdict(dict)
    for tool in TOOL_APPS:
        for code in plan.groups:
            now = [f for f in this if f.tool == tool and f.group == code]
            prev = [f for f in before if f.tool == tool and f.group == code]
            rates[tool][code] = (_rate(now), _rate(prev))
    return {"this": this, "before": before, "rates": rates}


def _pct(met_total: tuple[int, int]) -> float | None:
    met, total = met_total
    return None if total == 0 else round(100 * met / total, 1)


def city_document(year: int, report: Any = None, as_of: date | None = None) -> ReportDocument:
    as_of = evaluation_day(as_of)
    plan = plan_in_force(year)
    figures = city_figures(year, as_of)
    this_by_unit, before_by_unit = _by_unit(figures["this"]), _by_unit(figures["before"])
    doc = ReportDocument(f"臺北市政府 {year} 年度落實性別主流化暨推展性別平等工作成果報告", plan.office.short, year)
    doc.para(f"依據：{plan.title} 柒、二、(一)。彙整各執行辦理單位 {year} 年度辦理情形，並與前一年度比較。")
    doc.para(evaluation_day_text(year, as_of))
    _adoption(doc, report)
    doc.heading(f"{HEADS[0]}、各群組達成率", 1)
    overall = Table("各工具各群組達成率（%）", ["工具", *[g.name for g in plan.groups.values()]])
    for tool in TOOL_APPS:
        row: list[Any] = [plan.tool(tool).name]
        for code in plan.groups:
            now, prev = figures["rates"][tool][code]
            p_now, p_prev = _pct(now), _pct(prev)
            change = "" if p_now is None or p_prev is None else f"（{p_now - p_prev:+.1f}）"
            row.append("—" if p_now is None else f"{p_now}{change}")
        overall.add(row, [Source(f"{year} 年考核結果（{plan.tool(tool).name}）", f"/scorecard/?year={year}")])
    overall.note = "括號內為與前一年度相比之增減（百分點）。"
    doc.table(overall)
    for i, tool in enumerate(TOOL_APPS):
        doc.heading(f"{HEADS[i + 1]}、{plan.tool(tool).name}（{plan.tool(tool).clause}）", 1)
        bars = []
        for code, group in plan.groups.items():
            now, prev = figures["rates"][tool][code]
            bars.append((group.name, _pct(now), _pct(prev)))
        doc.chart(
            f"{plan.tool(tool).name} 各群組達成率：{year} 年與 {year - 1} 年",
            charts.bar_chart(f"{plan.tool(tool).name} 各群組達成率", bars, (f"{year} 年", f"{year - 1} 年")),
        )
        duties = [d for d in plan.duties.values() if d.tool == tool]
        table = Table(
            f"{plan.tool(tool).name} 各機關辦理情形",
            ["群組", "機關", *[d.title for d in duties], f"與 {year - 1} 年相比"],
        )
        for spec in plan.executing_units():
            cells: list[Any] = [plan.groups[spec.group].name, spec.short]
            sources: list[Source] = []
            met_now = met_prev = 0
            for d in duties:
                f = this_by_unit.get((spec.short, d.id))
                p = before_by_unit.get((spec.short, d.id))
                if f is None:
                    cells.append("—")
                    continue
                cells.append(
                    f"{_value(f.actual) if f.actual is not None else ''} {STATUS_SYMBOLS.get(f.status, '')}".strip()
                )
                sources.extend(Source(e.label, e.url) for e in f.evidence)
                met_now += f.status in ("met", "filed")
                met_prev += bool(p and p.status in ("met", "filed"))
            cells.append(f"達成 {met_now} 項（{met_now - met_prev:+d}）" if duties else "")
            table.add(cells, sources)
        if not figures["this"]:
            table.note = NO_DATA
        doc.table(table)
    _narratives(doc, report, len(TOOL_APPS) + 1)
    return doc
