"""Import kind ``indicators``: 機關, 指標名稱, 類型, 新增日期, 資料來源, 更新頻率, 國際指標, 含性別變項 (伍、三).

A 項目 or 複分類 row names what it belongs to in 所屬指標 (and, for a 複分類 of an item, 所屬項目); the parent
may be in the same file or already in the unit's catalogue.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from mainstream.imports.schema import Column, ImportKind, register
from mainstream.imports.values import Cells, RowError

from .models import Indicator
from .services import IndicatorRow, indicators_import_write

KINDS = {"指標": Indicator.Kind.INDICATOR, "項目": Indicator.Kind.ITEM, "複分類": Indicator.Kind.SUBCLASS}


def parse(cells: Cells) -> IndicatorRow | None:
    unit = cells.unit("機關")
    name = cells.text("指標名稱", max_length=200)
    kind = cells.choice("類型", KINDS)
    added_on = cells.date("新增日期")
    is_indicator = kind == Indicator.Kind.INDICATOR
    source = cells.text("資料來源", required=is_indicator, max_length=200)
    frequency = cells.text("更新頻率", required=is_indicator, max_length=40)
    international = cells.text("國際指標", required=False, max_length=200)
    sex_variable = cells.yes_no("含性別變項", required=True)
    parent_indicator = cells.text("所屬指標", required=False, max_length=200)
    parent_item = cells.text("所屬項目", required=False, max_length=200)
    if kind is not None:
        if is_indicator and (parent_indicator or parent_item):
            cells.error("所屬指標", "類型為「指標」時不可填所屬指標或所屬項目")
        elif not is_indicator and not parent_indicator:
            cells.error("所屬指標", f"類型為「{Indicator.Kind(kind).label}」時必須填所屬指標")
        elif kind == Indicator.Kind.ITEM and parent_item:
            cells.error("所屬項目", "項目只隸屬於指標，所屬項目請留空")
    if cells.errors:
        return None
    assert unit and kind and added_on and sex_variable is not None
    return IndicatorRow(
        unit,
        kind,
        name,
        added_on,
        parent_indicator,
        parent_item,
        source,
        frequency,
        international,
        sex_variable,
    )


def _key(row: IndicatorRow) -> tuple:
    return (row.unit.id, row.kind, row.parent_indicator, row.parent_item, row.name)


def validate(rows: Sequence[tuple[int, Any]]) -> list[RowError]:
    """Every 項目 and 複分類 names a parent of the same unit in the file or in the catalogue, added no later."""
    errors = []
    in_file = {
        (r.unit.id, r.kind, r.parent_indicator, r.name): r.added_on
        for _, r in rows
        if r.kind in (Indicator.Kind.INDICATOR, Indicator.Kind.ITEM)
    }
    for number, row in rows:
        if row.unit.kind != "executing":
            errors.append(RowError(number, "機關", f"「{row.unit}」不是執行辦理單位"))
            continue
        if row.kind == Indicator.Kind.INDICATOR:
            continue
        if row.parent_item:
            key = (row.unit.id, Indicator.Kind.ITEM, row.parent_indicator, row.parent_item)
            column, label = "所屬項目", f"「{row.parent_indicator} › {row.parent_item}」"
        else:
            key = (row.unit.id, Indicator.Kind.INDICATOR, "", row.parent_indicator)
            column, label = "所屬指標", f"「{row.parent_indicator}」"
        parent_added = in_file.get(key)
        if parent_added is None:
            found = _catalogue_parent(row)
            if found is None:
                errors.append(RowError(number, column, f"{row.unit}的性別統計查無{label}（檔案中或已登錄者）"))
                continue
            parent_added = found.added_on
        if row.added_on < parent_added:
            errors.append(RowError(number, "新增日期", f"早於所屬{label}的新增日期"))
    return errors


def _catalogue_parent(row: IndicatorRow) -> Indicator | None:
    from .services import indicator_parent_find

    return indicator_parent_find(row.unit, row.parent_indicator, row.parent_item)


KIND = register(
    ImportKind(
        name="indicators",
        title="性別統計指標",
        tool="statistics",
        columns=(
            Column("機關", help="機關全銜或簡稱", example="勞動局"),
            Column(
                "指標名稱",
                help="該列的名稱：指標列填指標名稱；項目列填項目名稱；複分類列填複分類（例如 年齡、教育程度、區域）",
                example="職業災害勞工人數",
            ),
            Column("類型", help="指標、項目 或 複分類", example="指標"),
            Column("新增日期", help="新增至性別統計的日期，110/3/5、1100305 或 2021-03-05", example="110/03/05"),
            Column("資料來源", help="指標列必填；項目、複分類可留空", example="勞動檢查處"),
            Column("更新頻率", help="指標列必填，例如 年、半年、季、月", example="年"),
            Column("國際指標", help="所對應的國際指標（例如 SDGs 8.8.1）；無則留空", example="SDGs 8.8.1"),
            Column("含性別變項", help="是 或 否", example="是"),
            Column(
                "所屬指標",
                required=False,
                help="項目與複分類必填：所屬指標的名稱（同機關；可為本檔案中的指標或已登錄的指標）；指標列留空",
            ),
            Column(
                "所屬項目",
                required=False,
                help="僅用於項目下的複分類：所屬項目的名稱（該項目須屬於「所屬指標」）；其餘留空",
            ),
        ),
        parse=parse,
        key=_key,
        validate=validate,
        write=indicators_import_write,
        unit_of=lambda r: r.unit,
        description="每列為一個指標、項目或複分類；項目與複分類以「所屬指標」（及「所屬項目」）指明所屬。",
    )
)


def stat_table_run(command, options: dict[str, Any], user) -> int:  # type: ignore[no-untyped-def]
    """``mainstream import stat-table FILE``: a PX file, or the long format in CSV/XLSX/ODS; all or nothing."""
    from pathlib import Path

    from .services import stat_table_import
    from .tables import stat_table_file_read

    path = Path(options["file"])
    if not path.exists():
        command.stderr.write(f"找不到檔案：{path}")
        return 1
    cube, reasons = stat_table_file_read(path, path.name)
    if cube is None:
        command.stderr.write(f"{path.name}：整檔退回，未寫入任何資料（{len(reasons)} 個錯誤）")
        for reason in reasons:
            command.stderr.write(f"  {reason}")
        return 1
    if options.get("dry_run"):
        command.stdout.write(f"{path.name}：{cube.code}，{len(cube.values):,} 格，檢查無誤（未寫入）")
        return 0
    table, revision = stat_table_import(cube=cube, filename=path.name, by=user)
    command.stdout.write(f"{path.name}：{table.code}「{table.title}」第 {revision.number} 版，{len(cube.values):,} 格")
    return 0


def _no_rows(cells: Cells) -> None:
    cells.error("表號", "統計表請上傳 PX 檔，以命令列 mainstream import stat-table FILE 匯入")
    return None


STAT_TABLE = register(
    ImportKind(
        name="stat-table",
        title="性別統計資料表（PX）",
        tool="statistics",
        columns=(
            Column("表號", help="PX 檔的 MATRIX；長表格式每列相同", example="G0101"),
            Column("表名", help="PX 檔的 TITLE", example="勞動力參與率"),
            Column("年度", help="民國年；其他維度（年齡、區域…）可另加欄位", example="112"),
            Column("性別", example="女"),
            Column("數值", help="數字，或缺值符號 .. 、-", example="52.9"),
            Column("單位", example="%"),
        ),
        parse=_no_rows,
        write=lambda rows, by=None: None,  # type: ignore[arg-type,return-value]
        runner=stat_table_run,
        upload_url="/statistics/tables/upload/",
        description="PC-Axis（PX）檔或長表格式（CSV、XLSX、ODS，每列一格），如 PX-Web 匯出者（CODEPAGE big5/cp950/utf-8）；MATRIX 為表號。再次匯入同一表號即更新數值並保留前一版。",
    )
)
