"""Gender statistics' part of the reports (伍、三): indicators, items and sub-classifications added in the year."""

from __future__ import annotations

from mainstream import roc
from mainstream.reports.sections import PlanItemDraft, Section, Source, Table, tool_title


def report_section(unit_short: str, year: int) -> Section:
    from .models import Indicator

    section = Section("statistics", tool_title("statistics"))
    added = Indicator.objects.filter(
        unit__short_name=unit_short, added_on__gte=roc.year_start(year), added_on__lte=roc.year_end(year)
    ).select_related("parent")
    table = Table("本年度新增性別統計指標、項目及複分類", ["類型", "名稱", "新增日期", "資料來源"])
    for i in added:
        table.add(
            [i.get_kind_display(), i.path, i.added_on, i.source],
            [Source(f"性別統計「{i.path}」", f"/statistics/{i.id}/")],
        )
    total = Indicator.objects.filter(unit__short_name=unit_short, added_on__lte=roc.year_end(year)).count()
    if table.rows:
        section.tables.append(table)
    if total:
        summary = Table("性別統計目錄", ["年底累計筆數"])
        summary.add(
            [total], [Source(f"{unit_short} 性別統計目錄（{roc.format_date(roc.year_end(year))} 止）", "/statistics/")]
        )
        section.tables.append(summary)
    return section


def plan_items(unit_short: str, year: int) -> list[PlanItemDraft]:
    from .models import Indicator

    n = Indicator.objects.filter(unit__short_name=unit_short, added_on__year=roc.to_ad_year(year)).count()
    return [PlanItemDraft("statistics", "新增性別統計指標、項目或複分類", 1, f"{year} 年新增 {n} 項")] if n else []
