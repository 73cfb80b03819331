"""Import kind ``measures``: 年度, 機關, 類別, 項目, 名稱, 辦理日期, 說明 (陸)."""

from __future__ import annotations

from django.core.exceptions import ValidationError

from mainstream.imports.checks import yearly_rows_validate
from mainstream.imports.schema import Column, ImportKind, register
from mainstream.imports.values import Cells, RowError
from mainstream.links import link_check
from mainstream.plan.selectors import YearNotCovered, plan_in_force, plan_year_default

from .services import MeasureData, measures_import_write


def parse(cells: Cells) -> MeasureData | None:
    year = cells.year("年度")
    try:  # the categories of the plan in force that year (a year no plan covers is refused in validate)
        categories = plan_in_force(year or plan_year_default()).measure_categories
    except YearNotCovered:
        categories = plan_in_force(plan_year_default()).measure_categories
    unit = cells.unit("機關")
    category = cells.ordinal("類別", maximum=len(categories))
    item = None
    if category is not None:
        item = cells.ordinal("項目", maximum=len(categories[category - 1].items))
        if item is None and cells.raw("項目"):
            cells.errors[-1] = RowError(
                cells.row,
                "項目",
                f"類別（{category}）沒有「{cells.raw('項目')}」這一項（共 {len(categories[category - 1].items)} 項）",
            )
    else:
        cells.text("項目")
    title = cells.text("名稱", max_length=200)
    when = cells.date("辦理日期", required=False)
    description = cells.text("說明", required=False)
    try:
        link = link_check(cells.raw("連結"))
    except ValidationError as exc:
        cells.error("連結", exc.messages[0])
    if cells.errors:
        return None
    assert year and unit and category and item
    return MeasureData(unit, year, title, category, item, when, description, link)


KIND = register(
    ImportKind(
        name="measures",
        title="推展性別平等工作策略及具體措施",
        tool="measures",
        columns=(
            Column("年度", help="民國年，例如 110", example="110"),
            Column("機關", help="機關全銜或簡稱", example="勞動局"),
            Column("類別", help="陸、二 的類別：一～六 或 1～6", example="一"),
            Column("項目", help="該類別內的項目編號", example="2"),
            Column("名稱", help="措施名稱（同機關同年度名稱不可重複）", example="育兒友善職場輔導"),
            Column("辦理日期", required=False, help="110/3/5、1100305 或 2021-03-05", example="110/03/05"),
            Column("說明", required=False, help="辦理內容"),
            Column("連結", required=False, help="網址"),
        ),
        parse=parse,
        key=lambda r: (r.unit.id, r.year, r.title),
        validate=yearly_rows_validate,
        write=measures_import_write,
        unit_of=lambda r: r.unit,
    )
)
