"""The scorecard's list as a spreadsheet (ODS or XLSX): what the page shows, every page of it, with the filters and
the day of evaluation written above the table, and the totals on a second sheet.

Counts are numeric cells (a spreadsheet sums them), rates read as percentages, dates as ROC dates; every cell passes
through the writers' formula neutralisation (``imports.template_files.neutralise``)."""

from __future__ import annotations

from datetime import date
from fractions import Fraction
from typing import Any

from mainstream import roc
from mainstream.figures import figure_text

from .selectors import STATUS_FILTERS, DutyFilter, DutyRow, Totals

HEADER = [
    "群組",
    "機關",
    "工具",
    "應辦事項",
    "依據條文",
    "狀態",
    "實績",
    "應達",
    "期限",
    "距期限（日，負數為已逾期）",
    "說明",
]


def figure_cell(value: Any) -> object:
    """A finding's figure as a cell: a count stays a number; a rate or anything else reads as on the page."""
    if isinstance(value, bool) or value is None:
        return figure_text(value)
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer() and value > 1:
        return int(value)
    if isinstance(value, Fraction) and value.denominator == 1:
        return value.numerator
    return figure_text(value)


def filters_text(filters: DutyFilter) -> str:
    parts = []
    if filters.status:
        parts.append(f"狀態：{STATUS_FILTERS[filters.status]}")
        if filters.status == "due_soon":
            parts.append(f"{filters.soon_days} 日內到期")
    if filters.group:
        parts.append(f"群組：{filters.group}")
    if filters.tool:
        parts.append(f"工具：{filters.tool}")
    if filters.unit:
        parts.append(f"機關：{filters.unit}")
    return "；".join(parts) or "全部"


def duty_table(rows: list[DutyRow]) -> list[list[object]]:
    out: list[list[object]] = [HEADER]
    for r in rows:
        f = r.finding
        out.append(
            [
                r.group_name,
                r.unit,
                r.tool_name,
                r.title,
                f.clause,
                r.label,
                figure_cell(f.actual),
                figure_cell(f.required),
                r.due_text,
                r.days_left if r.is_open else None,
                f.detail,
            ]
        )
    return out


def scorecard_sheets(
    year: int, as_of: date, filters: DutyFilter, rows: list[DutyRow], totals: Totals
) -> list[tuple[str, list[list[object]]]]:
    heading: list[list[object]] = [
        [f"{year} 年應辦事項考核結果"],
        [f"考核基準日：{roc.format_date(as_of)}（期限未到而未達成者為「進行中」）"],
        [f"篩選：{filters_text(filters)}；共 {len(rows)} 項"],
        [],
    ]
    totals_rows: list[list[object]] = [["工具"] + [label for _, label, _ in totals.statuses] + ["合計"]]
    for name, counts, total in totals.table():
        totals_rows.append([name, *counts, total])
    totals_rows.append(["合計", *totals.total_row(), totals.rows])
    return [("應辦事項", heading + duty_table(rows)), ("統計", totals_rows)]
