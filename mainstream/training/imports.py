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
from decimal import Decimal
from operator import attrgetter
from typing import Any

from mainstream.imports.checks import yearly_rows_validate
from mainstream.imports.schema import Column, ImportKind, WriteResult, register
from mainstream.imports.values import Cells, RowError
from mainstream.plan.loader import bundled_plan
from mainstream.plan.selectors import YearNotCovered, plan_in_force

from .ids import id_hash, id_mask, id_problem
from .importer import COLUMNS, RowChecker, _count_lines, rows_import_write, training_import
from .services import CourseData, StaffRow, course_record, staff_import_write


def _plan_of(year: int | None):  # type: ignore[no-untyped-def]
    """The plan in force for a row's year (None when no plan covers it: stage 3 names the year)."""
    if year is None:
        return None
    try:
        return plan_in_force(year)
    except YearNotCovered:
        return None


def categories_parse(cells: Cells, column: str, year: int | None, *, required: bool) -> tuple[str, ...]:
    """A cell listing staff categories (頓號 between): the plan's names of the categories (伍、二、(一)) or the words
    its ``staff_category_aliases`` give them, as stored codes."""
    listed = cells.listing(column)
    if not listed:
        if required:
            cells.error(column, "必填欄位空白")
        return ()
    plan = _plan_of(year)
    if plan is None:
        return ()
    out: list[str] = []
    for label in listed:
        code = plan.staff_category_code(label)
        if code is None:
            cells.error(column, f"「{label[:20]}」不是人員類別（{'、'.join(plan.staff_categories.values())}）")
        elif code not in out:
            out.append(code)
    return tuple(out)


# -- staff -------------------------------------------------------------------------------------------
def staff_parse(cells: Cells) -> StaffRow | None:
    raw = cells.raw("身分證字號")
    problem = id_problem(raw)
    if problem:
        cells.error("身分證字號", problem)  # never the value itself
    name = cells.text("姓名", required=False, max_length=40)
    unit = cells.unit("服務機關")
    year = cells.year("年度")
    categories = categories_parse(cells, "人員類別", year, required=True)
    if cells.errors:
        return None
    assert unit is not None and year is not None
    return StaffRow(id_hash(raw), id_mask(raw), name, unit, tuple(categories), year)


def staff_validate(rows: Sequence[tuple[int, Any]]) -> list[RowError]:
    return yearly_rows_validate(rows, unit_column="服務機關")


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
                help=f"可填多個，以頓號分隔：{'、'.join(bundled_plan().staff_categories.values())}",
                example="、".join(bundled_plan().staff_category_name(c) for c in ("supervisor", "press")),
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


# -- courses (伍、二、(四)、2、B: the catalogue 公訓處 compiles; 伍、二、(三)、1: whom each course is for) -------------
def _words(codes: dict[str, str]) -> dict[str, str]:
    """The plan's word for each code (實體 → physical) and the same word with 課程 after it."""
    return {word: code for code, word in codes.items()} | {f"{word}課程": code for code, word in codes.items()}


def course_parse(cells: Cells) -> CourseData | None:
    year = cells.year("年度")
    organiser = cells.unit("主辦機關")
    title = cells.text("課程名稱", max_length=200)
    hours = cells.number("時數", minimum=Decimal("0.1"))
    plan = _plan_of(year)
    level = mode = form = None
    if plan is not None:
        level = cells.choice("課程類別", _words(plan.course_levels), required=False) or "basic"
        mode = cells.choice("辦理方式", _words(plan.course_modes), required=False) or "physical"
        form = cells.choice("訓練形式", {f: f for f in plan.course_forms}, required=False) or ""
    categories = categories_parse(cells, "對象類別", year, required=False)
    joint = []
    for name in cells.listing("合辦機關"):
        unit = cells.units.get(name)
        if unit is None:
            cells.error("合辦機關", f"查無機關「{name}」")
        else:
            joint.append(unit)
    day = cells.date("辦理日期", required=False)
    surveyed = cells.number("課前需求調查人數", required=False, integer=True)
    satisfaction = cells.number("平均滿意度", required=False)
    pre = cells.number("前測平均", required=False)
    post = cells.number("後測平均", required=False)
    audience = cells.text("對象", required=False, max_length=100)
    lecturer = cells.text("授課講師", required=False, max_length=100)
    materials = cells.text("講義教材教案", required=False, max_length=300)
    code = cells.text("課程代碼", required=False, max_length=40)
    if cells.errors:
        return None
    assert year is not None and organiser is not None and hours is not None
    return CourseData(
        year=year,
        title=title,
        organiser=organiser,
        hours=hours,
        level=level or "basic",
        mode=mode or "physical",
        form=form or "",
        audience=audience,
        categories=categories,
        description=cells.raw("內容概述"),
        lecturer=lecturer,
        materials=materials,
        code=code,
        date=day,
        joint_units=tuple(joint),
        surveyed=int(surveyed) if surveyed is not None else None,
        satisfaction=satisfaction,
        pre_score=pre,
        post_score=post,
    )


def course_validate(rows: Sequence[tuple[int, Any]]) -> list[RowError]:
    """The shared year and unit check on the organiser, and joint units that do not repeat it; a row's errors
    stay together, in that order."""
    errors = yearly_rows_validate(rows, unit_column="主辦機關", unit_of=attrgetter("organiser"))
    errors += [
        RowError(number, "合辦機關", "合辦機關不可包含主辦機關")
        for number, row in rows
        if row.organiser in row.joint_units
    ]
    errors.sort(key=attrgetter("row"))  # stable: within a row, the order above
    return errors


def course_write(rows: Sequence[CourseData], *, by=None) -> WriteResult:  # type: ignore[no-untyped-def]
    from .models import Course

    result = WriteResult()
    for row in rows:
        existed = Course.objects.filter(year=row.year, organiser=row.organiser, title=row.title.strip()).exists()
        course_record(data=row, by=by)
        result.add("updated" if existed else "created")
    return result


def _plan_words(name: str) -> Any:
    """A template's drop-down list from the plan file (the plan in force decides on import)."""

    def words() -> list[str]:
        plan = bundled_plan()
        return list(getattr(plan, name).values()) if name != "course_forms" else list(plan.course_forms)

    return words


COURSES = register(
    ImportKind(
        name="courses",
        title="性別意識培力課程",
        tool="training",
        columns=(
            Column("年度", help="民國年", example="111"),
            Column("主辦機關", aliases=("機關", "主辦單位"), help="機關全銜或簡稱", example="公訓處"),
            Column(
                "課程名稱",
                aliases=("班期名稱",),
                help="同機關同年度不可重複；重複匯入時更新該課程",
                example="CEDAW 概論",
            ),
            Column("時數", aliases=("時數配當",), help="小時，可含小數", example="3"),
            Column(
                "課程類別",
                required=False,
                help="基礎或進階（空白為基礎）",
                example="基礎",
                choices=_plan_words("course_levels"),
            ),
            Column(
                "辦理方式",
                required=False,
                help="實體或數位（空白為實體）",
                example="實體",
                choices=_plan_words("course_modes"),
            ),
            Column(
                "訓練形式",
                required=False,
                help="計畫所列形式（空白為講授）",
                example="講授",
                choices=_plan_words("course_forms"),
            ),
            Column("對象", required=False, help="文字說明", example="本府各機關人員"),
            Column(
                "對象類別",
                required=False,
                help="課程所為之人員類別，可填多個，以頓號分隔（伍、二、(三)、1：公訓處每年辦理各類人員課程）："
                f"{'、'.join(bundled_plan().staff_categories.values())}",
                example="、".join(bundled_plan().staff_category_name(c) for c in ("general", "supervisor")),
            ),
            Column("合辦機關", required=False, help="可填多個，以頓號分隔", example=""),
            Column("辦理日期", required=False, help="民國日期，例如 111/5/20", example="111/5/20"),
            Column("課程代碼", required=False, example=""),
            Column("內容概述", required=False, example=""),
            Column("授課講師", required=False, example=""),
            Column("講義教材教案", required=False, example=""),
            Column("課前需求調查人數", required=False, example=""),
            Column("平均滿意度", required=False, example=""),
            Column("前測平均", required=False, example=""),
            Column("後測平均", required=False, example=""),
        ),
        parse=course_parse,
        key=lambda r: (r.year, r.organiser.id, r.title.strip()),
        validate=course_validate,
        write=course_write,
        unit_of=lambda r: r.organiser,
        description="各機關自辦（合辦）之性別意識培力課程，公訓處每年彙整（伍、二、(四)、2、B）。"
        "「對象類別」可不填；公訓處之課程依此檢核每年是否涵蓋計畫所定各類人員（伍、二、(三)、1）。",
    )
)
