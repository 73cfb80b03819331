"""Gender impact assessment's part of the reports (伍、五): the cases completed in the year."""

from __future__ import annotations

from mainstream import roc
from mainstream.reports.sections import PlanItemDraft, Section, Source, Table, tool_title


def _of_year(unit_short: str, year: int) -> list:  # type: ignore[type-arg]
    from .models import Assessment

    return [
        a
        for a in Assessment.objects.filter(unit__short_name=unit_short).order_by("title")
        if a.completed_on is not None and roc.roc_year_of(a.completed_on) == year
    ]


def report_section(unit_short: str, year: int) -> Section:
    section = Section("impact", tool_title("impact"))
    table = Table("完成之性別影響評估案", ["案名", "類型", "表單", "程序參與", "參採情形", "完成日期"])
    for a in _of_year(unit_short, year):
        table.add(
            [a.title, a.type, a.form, a.participation, a.adoption, a.completed_on],
            [Source(f"性別影響評估案「{a.title}」", f"/impact/{a.id}/")],
        )
    if table.rows:
        section.tables.append(table)
    return section


def plan_items(unit_short: str, year: int) -> list[PlanItemDraft]:
    n = len(_of_year(unit_short, year))
    return [PlanItemDraft("impact", "性別影響評估", n, f"{year} 年完成 {n} 案")] if n else []
