"""Import kinds of training: ``staff`` (the roster of categories) and ``training`` (e-learning exports).

``training`` has a runner of its own (``importer.training_import``: streaming, set-based) used by the
command line (``mainstream import training FILE``, with a progress bar on a terminal) and by the web page
(``/training/import/``, a background job); the framework's generic path also works for small files.
"""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Sequence
from typing import Any

from mainstream.imports.schema import Column, ImportKind, WriteResult, register
from mainstream.imports.values import Cells, RowError
from mainstream.plan.selectors import plan_year_problem, plan_years

from .ids import id_hash, id_mask, id_problem
from .importer import COLUMNS, RowChecker, _count_lines, rows_import_write, training_import
from .models import StaffCategory
from .services import StaffRow, staff_import_write

CATEGORIES = {label: value for value, label in StaffCategory.choices} | {
    "一般": "general",
    "機要人員": "general",
    "主管": "supervisor",
    "政務人員": "supervisor",
    "性平聯絡人": "gender_staff",
    "性平業務相關人員": "gender_staff",
    "性別平等業務相關人員": "gender_staff",
    "職工": "worker",
    "工友": "worker",
    "技工": "worker",
    "駕駛": "worker",
    "新聞聯絡人": "press",
    "社群小編": "social_editor",
    "小編": "social_editor",
    "社群媒體小編": "social_editor",
}


# -- staff -------------------------------------------------------------------------------------------
def staff_parse(cells: Cells) -> StaffRow | None:
    raw = cells.raw("身分證字號")
    problem = id_problem(raw)
    if problem:
        cells.error("身分證字號", problem)  # never the value itself
    name = cells.text("姓名", required=False, max_length=40)
    unit = cells.unit("服務機關")
    year = cells.year("年度")
    categories = []
    listed = cells.listing("人員類別")
    if not listed:
        cells.error("人員類別", "必填欄位空白")
    for label in listed:
        if label not in CATEGORIES:
            cells.error("人員類別", f"「{label[:20]}」不是人員類別（{'、'.join(StaffCategory.labels)}）")
        elif CATEGORIES[label] not in categories:
            categories.append(CATEGORIES[label])
    if cells.errors:
        return None
    assert unit is not None and year is not None
    return StaffRow(id_hash(raw), id_mask(raw), name, unit, tuple(categories), year)


def staff_validate(rows: Sequence[tuple[int, Any]]) -> list[RowError]:
    errors = []
    years = set(plan_years())
    for number, row in rows:
        if row.year not in years:
            errors.append(RowError(number, "年度", plan_year_problem(row.year) or ""))
        if row.unit.kind != "executing":
            errors.append(RowError(number, "服務機關", f"「{row.unit}」不是執行辦理單位"))
    return errors


STAFF = register(
    ImportKind(
        name="staff",
        title="性別意識培力人員類別名冊",
        tool="training",
        columns=(
            Column(
                "身分證字號",
                aliases=("身分證號", "居留證號", "身分證字號/居留證號", "統一證號"),
                help="身分證字號或居留證號；系統只保存雜湊與遮蔽後的號碼",
                example="A123456789",
            ),
            Column("姓名", example="王小明"),
            Column("服務機關", aliases=("機關", "機關名稱"), help="機關全銜或簡稱", example="勞動局"),
            Column(
                "人員類別",
                aliases=("類別",),
                help="可填多個，以頓號分隔：一般公務人員、主管人員、性平業務相關人員、職工、新聞聯絡人、社群小編",
                example="主管人員、新聞聯絡人",
            ),
            Column("年度", help="民國年", example="111"),
        ),
        parse=staff_parse,
        key=lambda r: (r.id_hash, r.year),
        validate=staff_validate,
        write=staff_import_write,
        unit_of=lambda r: r.unit,
        description="每年一份：每人一列，列出其當年度人員類別（伍、二、(一)）。同一人同年度再匯入時以新名冊為準。",
    )
)


# -- training ----------------------------------------------------------------------------------------
def training_parse(cells: Cells) -> tuple[int, tuple[str, ...]] | None:
    values = tuple(cells.raw(c.name) for c in COLUMNS)
    checker = RowChecker(year=None, units=cells.units)
    checker.check(cells.row, values, cells.errors)
    return None if cells.errors else (cells.row, values)


def training_validate(rows: Sequence[tuple[int, Any]]) -> list[RowError]:
    checker = RowChecker(year=None)
    errors: list[RowError] = []
    for number, (_, values) in rows:
        checker.check(number, values, errors)
    return errors


def training_write(rows: Sequence[tuple[int, tuple[str, ...]]], *, by=None) -> WriteResult:  # type: ignore[no-untyped-def]
    created, seen = rows_import_write(rows, by=by)
    return WriteResult(created=created, unchanged=seen - created)


def training_run(command, options: dict[str, Any], user) -> int:  # type: ignore[no-untyped-def]
    """``mainstream import training FILE``: streams the file; a progress bar when stdout is a terminal."""
    path = options["file"]
    try:
        total = _count_lines(__import__("pathlib").Path(path), path)
    except FileNotFoundError:
        command.stderr.write(f"找不到檔案：{path}")
        return 1
    tty = command.stdout.isatty() and options.get("format") != "json"
    started = time.monotonic()

    def bar(rows: int, phase: str) -> None:
        if not tty:
            return
        if phase == "reading":
            share = rows / total if total else 0
            filled = int(share * 30)
            rate = rows / max(time.monotonic() - started, 1e-6)
            command.stdout.write(
                f"\r讀取檢查 [{'#' * filled}{'.' * (30 - filled)}] {share:4.0%} {rows:,}"
                f"{'/' + format(total, ',') if total else ''} 列 {rate:,.0f} 列/秒",
                ending="",
            )
        elif phase == "writing":
            command.stdout.write(f"\r寫入資料庫 [{'#' * 30}] {rows:,} 列……{' ' * 20}", ending="")
        else:
            command.stdout.write("\r" + " " * 90 + "\r", ending="")
        command.stdout.flush()

    result = training_import(path=path, by=user, dry_run=options.get("dry_run", False), progress=bar)
    if tty:
        bar(0, "done")
    if options.get("format") == "json":
        command.stdout.write(json.dumps(result.as_json(), ensure_ascii=False, indent=1))
    elif result.ok:
        done = (
            f"新增 {result.created:,}、重複未匯入 {result.unchanged:,}"
            if not options.get("dry_run")
            else "檢查無誤（未寫入）"
        )
        command.stdout.write(
            f"{result.filename}：{result.year} 年 {result.rows:,} 列，{done}（{result.seconds:.1f} 秒）"
        )
        if result.off_roster:
            command.stdout.write(
                f"注意：{result.off_roster:,} 人未列於 {result.year} 年任何人員名冊，依性平辦規則「{result.off_roster_rule}」"
                f"計算；名單（遮蔽）見匯入紀錄 /imports/runs/{result.run_id}/"
            )
    else:
        command.stderr.write(f"{result.filename}：整檔退回，未寫入任何資料（{result.error_count} 個錯誤）")
        for error in result.errors:
            command.stderr.write(f"  {error}")
    sys.stdout.flush()
    return 0 if result.ok else 1


TRAINING = register(
    ImportKind(
        name="training",
        title="性別意識培力訓練紀錄",
        tool="training",
        columns=COLUMNS,
        parse=training_parse,
        validate=training_validate,
        write=training_write,
        runner=training_run,
        upload_url="/training/import/",
        description="e 等公務園+學習平臺、臺北 e 大等系統匯出的學習紀錄，照原樣上傳（欄位順序不拘，多的欄位不理會）。"
        "同一檔案重複匯入不會重複計算；一個檔案一個年度。",
    )
)
