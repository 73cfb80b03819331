"""Import kind ``budget``: 年度, 機關, 計畫名稱, 金額, 性別目標說明, 新增 (伍、六).

The file is the submission: every (unit, year) in it is marked submitted to 主計處.
"""

from __future__ import annotations

from mainstream.imports.checks import yearly_rows_validate
from mainstream.imports.schema import Column, ImportKind, register
from mainstream.imports.values import Cells

from .services import BudgetLineData, budget_import_write


def parse(cells: Cells) -> BudgetLineData | None:
    year = cells.year("年度")
    unit = cells.unit("機關")
    programme = cells.text("計畫名稱", max_length=200)
    amount = cells.number("金額", integer=True)
    purpose = cells.text("性別目標說明")
    new = cells.yes_no("新增", required=True)
    if cells.errors:
        return None
    assert year and unit and amount is not None and new is not None
    return BudgetLineData(unit, year, programme, amount, purpose, new)


KIND = register(
    ImportKind(
        name="budget",
        title="性別預算",
        tool="budget",
        columns=(
            Column("年度", help="預算年度（民國年），例如 111", example="111"),
            Column("機關", help="機關全銜或簡稱", example="勞動局"),
            Column("計畫名稱", help="同機關同年度不可重複", example="就業服務中心婦女再就業方案"),
            Column("金額", help="新臺幣元，整數，可含千分位逗號", example="1,200,000"),
            Column("性別目標說明", help="此計畫促進性別平等的目標", example="提升中高齡女性勞參率"),
            Column("新增", help="是（本年度新增計畫）或 否", example="是"),
        ),
        parse=parse,
        key=lambda r: (r.unit.id, r.year, r.programme),
        validate=yearly_rows_validate,
        write=budget_import_write,
        unit_of=lambda r: r.unit,
        description="匯入後，檔案中各機關該年度的性別預算即視為已提交主計處。",
    )
)
