"""The measures' part of the reports (陸): measures by category, each row traced to its record."""

from __future__ import annotations

from mainstream.reports.sections import PlanItemDraft, Section, Source, Table, tool_title


def report_section(unit_short: str, year: int) -> Section:
    from mainstream.plan.selectors import plan_in_force

    from .models import Measure

    plan = plan_in_force(year)
    measures = list(Measure.objects.filter(unit__short_name=unit_short, year=year).order_by("category", "item", "id"))
    section = Section("measures", tool_title("measures"))
    listing = Table("具體措施一覽", ["類別", "項目", "名稱", "辦理日期"])
    for m in measures:
        listing.add(
            [f"（{m.category}）", m.item, m.title, m.date],
            [Source(f"具體措施「{m.title}」", f"/measures/{m.id}/")],
        )
    by_category = Table("各類別辦理項數", ["類別", "名稱", "項數"])
    for cat in plan.measure_categories:
        mine = [m for m in measures if m.category == cat.number]
        if mine:
            by_category.add(
                [f"（{cat.number}）", cat.name[:40], len(mine)],
                [Source(f"具體措施「{m.title}」", f"/measures/{m.id}/") for m in mine],
            )
    if measures:
        section.tables = [by_category, listing]
    return section


def plan_items(unit_short: str, year: int) -> list[PlanItemDraft]:
    """The measures of ``year``, as the next year's planned measures (a starting point the unit edits)."""
    from .models import Measure

    return [
        PlanItemDraft("measures", m.title, 1, f"類別（{m.category}）第 {m.item} 項")
        for m in Measure.objects.filter(unit__short_name=unit_short, year=year).order_by("category", "item")
    ]
