"""Training and roster imports on real files: aliases, encodings, bad rows, re-imports, and no ID in clear."""

from __future__ import annotations

import io
import re

import pytest
from django.core.management import call_command
from django.db import connection

from mainstream.imports.services import import_file
from mainstream.imports.template_files import ods_build, xlsx_build
from mainstream.training.ids import check_digit, id_mask, id_valid
from mainstream.training.importer import title_key, training_import
from mainstream.training.models import CourseTitle, Person, Staff, TrainingRecord

A = check_digit("A12345678")  # a valid national ID number
B = check_digit("F22222222")
C = check_digit("Q18888888")  # new-format resident certificate number (second digit 8)
WRONG = A[:-1] + str((int(A[-1]) + 1) % 10)  # the same number with a wrong check digit

HEADER = ["身分證字號", "姓名", "服務機關", "課程名稱", "學習時數", "上課日期", "學習方式", "課程類別", "課程代碼"]
GOOD = [
    [A, "王小明", "勞動局", "CEDAW 概論", "2", "111/03/05", "數位", "基礎", "C-01"],
    [A, "王小明", "臺北市政府勞動局", "性別影響評估實作", "1.5", "1110410", "實體", "進階", "C-02"],
    [B, "林美玲", "社會局", "CEDAW 概論", "2", "2022-03-05", "數位", "基礎", "C-01"],
    [C, "Maria Santos", "社會局", "性別平等工作坊", "3", "111.05.01", "實體課程", "基礎", ""],
]


def write_csv(path, rows, encoding="utf-8"):
    path.write_bytes("\r\n".join(",".join(r) for r in rows).encode(encoding) + b"\r\n")
    return path


def test_id_numbers_check_digit_and_mask():
    assert id_valid(A) and id_valid(B) and id_valid(C)
    assert id_valid("A123456789")  # the textbook example
    assert not id_valid(WRONG)
    assert not id_valid("A1234567")
    assert id_valid(check_digit("AB1234567"))  # old-format resident certificate
    assert id_mask("A123456789") == "A12345****"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp950"])
def test_an_export_is_imported_and_a_reimport_adds_nothing(registry, tmp_path, encoding):
    path = write_csv(tmp_path / "t.csv", [HEADER, *GOOD], encoding)
    result = training_import(path=path)
    assert result.ok, result.errors
    assert (result.year, result.rows, result.created) == (111, 4, 4)
    assert Person.objects.count() == 3
    record = TrainingRecord.objects.get(person__id_masked=id_mask(A), title__name="性別影響評估實作")
    assert (record.unit.short_name, float(record.hours), record.mode, record.level, record.date.isoformat()) == (
        "勞動局",
        1.5,
        "physical",
        "advanced",
        "2022-04-10",
    )
    again = training_import(path=path)
    assert again.ok and again.created == 0 and again.unchanged == 4
    assert TrainingRecord.objects.count() == 4


def test_column_order_aliases_and_extra_columns(registry, tmp_path):
    header = [
        "序號",
        "課程類別",
        "學習方式",
        "完成日期",
        "認證時數",
        "班期名稱",
        "機關名稱",
        "學員姓名",
        "身分證號",
        "備註",
    ]
    rows = [header, ["1", "基礎", "數位", "111/6/1", "3", "性別主流化概論", "衛生局", "陳一", B, "x"]]
    result = training_import(path=write_csv(tmp_path / "alias.csv", rows))
    assert result.ok, result.errors
    assert TrainingRecord.objects.get().title.code == ""  # 課程代碼 is optional


@pytest.mark.parametrize("fmt", ["xlsx", "ods"])
def test_spreadsheets(registry, tmp_path, fmt):
    build = xlsx_build if fmt == "xlsx" else ods_build
    path = tmp_path / f"t.{fmt}"
    path.write_bytes(build([("紀錄", [HEADER, *GOOD])]))
    result = training_import(path=path)
    assert result.ok, result.errors
    assert result.created == 4


def test_bad_rows_reject_the_whole_file_with_reasons_and_never_the_id(registry, tmp_path):
    rows = [
        HEADER,
        *GOOD,
        [WRONG, "錯碼", "勞動局", "CEDAW 概論", "2", "111/03/05", "數位", "基礎", ""],  # row 6
        [B, "林美玲", "不存在局", "CEDAW 概論", "2", "111/03/06", "數位", "基礎", ""],  # row 7
        [B, "林美玲", "社會局", "課程甲", "-1", "111/03/07", "數位", "基礎", ""],  # row 8
        [B, "林美玲", "社會局", "課程乙", "兩小時", "111/03/08", "數位", "基礎", ""],  # row 9
        [B, "林美玲", "社會局", "課程丙", "2", "110/12/31", "數位", "基礎", ""],  # row 10
        [B, "林美玲", "社會局", "課程丁", "2", "111/03/09", "函授", "中階", ""],
    ]  # row 11
    result = training_import(path=write_csv(tmp_path / "bad.csv", rows))
    assert not result.ok
    reasons = {(e.row, e.column): e.reason for e in result.errors}
    assert reasons[(6, "身分證字號")] == "檢查碼錯誤"
    assert "查無機關「不存在局」" in reasons[(7, "服務機關")]
    assert "不可小於" in reasons[(8, "學習時數")]
    assert "不是數字" in reasons[(9, "學習時數")]
    assert "不在 111 年內" in reasons[(10, "上課日期")]
    assert "實體 或 數位" in reasons[(11, "學習方式")] and "基礎 或 進階" in reasons[(11, "課程類別")]
    assert TrainingRecord.objects.count() == 0 and Person.objects.count() == 0  # all or nothing
    text = " ".join(str(e) for e in result.errors)
    assert WRONG not in text and A not in text and B not in text


def test_missing_columns_and_empty_file(registry, tmp_path):
    result = training_import(path=write_csv(tmp_path / "h.csv", [["身分證字號", "姓名"], [A, "王"]]))
    assert {e.column for e in result.errors} >= {"服務機關", "課程名稱", "學習時數", "上課日期"}
    empty = tmp_path / "e.csv"
    empty.write_bytes(b"")
    assert not training_import(path=empty).ok


def test_a_liaison_imports_only_its_own_unit(registry, make_user, tmp_path):
    labor = make_user("liaison", "勞動局")
    result = training_import(path=write_csv(tmp_path / "t.csv", [HEADER, *GOOD]), by=labor)
    assert not result.ok
    assert any("您沒有匯入「社會局」資料的權限" in e.reason for e in result.errors)
    own = training_import(path=write_csv(tmp_path / "own.csv", [HEADER, *GOOD[:2]]), by=labor)
    assert own.ok and own.created == 2


def test_oversight_unit_of_training_imports_for_every_unit(registry, make_user, tmp_path):
    personnel = make_user("oversight", "人事處", tools=["training"])
    assert training_import(path=write_csv(tmp_path / "t.csv", [HEADER, *GOOD]), by=personnel).ok


def test_the_import_command_runs_the_streaming_runner(registry, tmp_path):
    out, err = io.StringIO(), io.StringIO()
    call_command("import_file", "training", str(write_csv(tmp_path / "t.csv", [HEADER, *GOOD])), stdout=out, stderr=err)
    assert "新增 4" in out.getvalue()
    with pytest.raises(SystemExit):
        call_command(
            "import_file", "training", str(write_csv(tmp_path / "t.csv", [HEADER, GOOD[0][:4]])), stdout=out, stderr=err
        )


def test_the_generic_framework_path_works_for_small_files(registry, tmp_path):
    result = import_file(kind="training", path=write_csv(tmp_path / "t.csv", [HEADER, *GOOD]))
    assert result.ok, result.errors
    assert result.write.created == 4
    bad = import_file(kind="training", path=write_csv(tmp_path / "b.csv", [HEADER, GOOD[0], [WRONG, *GOOD[0][1:]]]))
    assert not bad.ok and WRONG not in " ".join(str(e) for e in bad.errors)


def test_staff_roster_sets_categories(registry, tmp_path):
    header = ["身分證字號", "姓名", "服務機關", "人員類別", "年度"]
    path = write_csv(
        tmp_path / "s.csv",
        [header, [A, "王小明", "觀傳局", "主管人員、新聞聯絡人", "111"], [B, "林美玲", "觀傳局", "社群小編", "111"]],
    )
    result = import_file(kind="staff", path=path)
    assert result.ok, result.errors
    assert set(Staff.objects.filter(person__id_masked=id_mask(A)).values_list("category", flat=True)) == {
        "supervisor",
        "press",
    }
    again = write_csv(tmp_path / "s2.csv", [header, [A, "王小明", "觀傳局", "主管人員", "111"]])
    assert import_file(kind="staff", path=again).write.updated == 1
    assert list(Staff.objects.filter(person__id_masked=id_mask(A)).values_list("category", flat=True)) == ["supervisor"]
    bad = write_csv(tmp_path / "s3.csv", [header, [WRONG, "王", "觀傳局", "主管", "111"]])
    result = import_file(kind="staff", path=bad)
    assert not result.ok and WRONG not in " ".join(str(e) for e in result.errors)


def database_dump() -> str:
    """Every row of every table as text, through the test's own connection (it sees the test's uncommitted rows)."""
    if connection.vendor == "sqlite":
        return "\n".join(connection.connection.iterdump())
    with connection.cursor() as cursor:
        cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = current_schema()")
        tables = [name for (name,) in cursor.fetchall()]
        lines = []
        for table in tables:
            cursor.execute(f'SELECT t::text FROM "{table}" AS t')
            lines.extend(f"{table}: {row}" for (row,) in cursor.fetchall())
    return "\n".join(lines)


def test_a_database_dump_holds_no_id_number_in_clear(registry, tmp_path):
    training_import(path=write_csv(tmp_path / "t.csv", [HEADER, *GOOD]))
    import_file(
        kind="staff",
        path=write_csv(
            tmp_path / "s.csv",
            [["身分證字號", "姓名", "服務機關", "人員類別", "年度"], [A, "王小明", "觀傳局", "主管人員", "111"]],
        ),
    )
    assert Person.objects.count() == 3
    dump = database_dump()
    for number in (A, B, C):
        assert number not in dump
    assert not re.findall(r"[A-Z][12890A-D]\d{8}", dump)
    assert id_mask(A) in dump  # only the masked form


def test_nearly_the_same_course_titles_share_a_key(registry):
    assert title_key("CEDAW 概論（第2期）") == title_key("CEDAW概論") == title_key("111年度 CEDAW 概論")
    assert CourseTitle.objects.count() == 0


@pytest.mark.django_db(transaction=True)
def test_pipelined_import_writes_while_reading_and_rolls_back_on_a_late_error(registry, tmp_path, monkeypatch):
    """Outside a transaction (as in production) chunks are written by a second thread while the file is read;
    a wrong row after chunks were written still leaves nothing behind."""
    from mainstream.training import importer

    monkeypatch.setattr(importer, "PIPELINE", True)
    monkeypatch.setattr(importer, "PROGRESS_MASK", 1)
    monkeypatch.setattr(importer, "FLUSH", 2)
    many = [
        [check_digit(f"A1{n:07d}"), f"人{n}", "勞動局", f"課程{n % 3}", "1", "111/01/05", "數位", "基礎", ""]
        for n in range(9)
    ]
    late_error = [*many, [WRONG, "錯", "勞動局", "課程", "1", "111/01/05", "數位", "基礎", ""]]
    result = training_import(path=write_csv(tmp_path / "late.csv", [HEADER, *late_error]))
    assert not result.ok and result.errors[0].row == 11
    assert TrainingRecord.objects.count() == 0 and Person.objects.count() == 0 and CourseTitle.objects.count() == 0
    result = training_import(path=write_csv(tmp_path / "good.csv", [HEADER, *many, *GOOD]))
    assert result.ok and result.created == 13
    assert TrainingRecord.objects.count() == 13 and Person.objects.count() == 12
    again = training_import(path=write_csv(tmp_path / "good.csv", [HEADER, *GOOD, *many]))
    assert again.created == 0 and TrainingRecord.objects.count() == 13
