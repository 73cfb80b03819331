"""The fast path of the training import (UTF-8 CSV read and checked column-wise with polars, ``fastcsv``):
it gives the same records as the exact row-by-row path, and a bad row anywhere — also deep inside a fast
batch — still gets its row number, column and reason, with nothing written."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.db import connection

from mainstream.training import fastcsv, importer
from mainstream.training.ids import check_digit
from mainstream.training.importer import RowChecker, TrainingImportResult, training_import
from mainstream.training.models import CourseTitle, Person, TrainingRecord

from .test_imports import GOOD, HEADER, WRONG, write_csv

MANY = [
    [
        check_digit(f"A1{n:07d}"),
        f"人{n}",
        "勞動局",
        f"課程{n % 7}",
        "1.5",
        f"111/{n % 12 + 1:02d}/05",
        "數位",
        "基礎",
        "",
    ]
    for n in range(300)
]


def records() -> list[tuple]:
    return sorted(
        TrainingRecord.objects.values_list(
            "person__id_hash", "person__id_masked", "person__name", "unit__short_name", "year", "title__name",
            "title__code", "hours", "date", "mode", "level",
        )
    )  # fmt: skip


def fast_result(path: Path) -> tuple[int, list[str]] | None:
    """What the fast reader makes of a file (None: it hands the file to the exact path)."""
    result = TrainingImportResult(path.name)
    _, order = importer._open(path, path.name, result)
    checker = RowChecker(year=None)
    checker.has_code = order[-1] >= 0
    return fastcsv.fast_rows(path, result.header, order, checker)


def both_paths(path: Path, monkeypatch) -> tuple[list[tuple], list[tuple]]:
    """The records the fast and the exact path write for the same file."""
    assert training_import(path=path).ok
    fast = records()
    TrainingRecord.objects.all().delete()
    Person.objects.all().delete()
    CourseTitle.objects.all().delete()
    monkeypatch.setattr(importer, "FAST", False)
    assert training_import(path=path).ok
    monkeypatch.setattr(importer, "FAST", True)
    return fast, records()


def test_a_good_export_goes_through_the_fast_path_in_several_batches(registry, tmp_path, monkeypatch):
    monkeypatch.setattr(fastcsv, "BLOCK", 2000)  # a few dozen rows a batch
    path = write_csv(tmp_path / "t.csv", [HEADER, *GOOD, *MANY])
    found = fast_result(path)
    assert found is not None
    rows, chunks = found
    assert rows == 304 and len(chunks) > 5
    fast, exact = both_paths(path, monkeypatch)
    assert len(fast) == 304 and fast == exact


@pytest.mark.parametrize(
    "variant",
    ["lf", "bom", "blank_lines", "quoted", "no_code", "extra_columns", "duplicate_rows"],
)
def test_the_fast_path_writes_what_the_exact_path_writes(registry, tmp_path, monkeypatch, variant):
    monkeypatch.setattr(fastcsv, "BLOCK", 500)
    header, rows = list(HEADER), [list(r) for r in (*GOOD, *MANY[:40])]
    if variant == "no_code":
        header, rows = header[:-1], [r[:-1] for r in rows]
    if variant == "extra_columns":
        header, rows = ["序號", *header, "備註"], [[str(n), *r, "x"] for n, r in enumerate(rows)]
    if variant == "duplicate_rows":
        rows = rows + rows[:10]
    if variant == "quoted":
        rows[5][3] = '"課程，含逗號與""引號""\n及換行"'
    lines = [",".join(r) for r in [header, *rows]]
    if variant == "blank_lines":
        lines[3:3] = ["", ",,,,,,,,"]
    text = ("\n" if variant == "lf" else "\r\n").join(lines) + "\r\n"
    path = tmp_path / "t.csv"
    path.write_bytes(text.encode("utf-8-sig" if variant == "bom" else "utf-8"))
    if variant == "quoted":
        monkeypatch.setattr(fastcsv, "BLOCK", 1 << 20)  # (a cut inside the quoted cell would hand the file over)
    # a row of empty cells is a blank row to the exact path: the fast reader hands such a file over
    assert (fast_result(path) is not None) == (variant != "blank_lines")
    fast, exact = both_paths(path, monkeypatch)
    assert fast == exact and len(fast) == 44


def test_a_bad_row_deep_inside_a_fast_batch_gets_its_row_number_and_reason(registry, tmp_path, monkeypatch):
    monkeypatch.setattr(fastcsv, "BLOCK", 3000)
    rows = [HEADER, *MANY]
    rows[151] = [WRONG, "錯碼", "勞動局", "課程1", "1", "111/03/05", "數位", "基礎", ""]  # file row 152
    rows[230] = [MANY[0][0], "人0", "勞動局", "課程1", "-2", "111/03/06", "數位", "基礎", ""]  # file row 231
    rows[260] = [MANY[0][0], "人0", "勞動局", "課程1", "1", "110/12/31", "數位", "基礎", ""]  # file row 261
    path = write_csv(tmp_path / "bad.csv", rows)
    assert fast_result(path) is None  # the fast reader hands the file to the exact path
    result = training_import(path=path)
    reasons = {(e.row, e.column): e.reason for e in result.errors}
    assert reasons.keys() == {(152, "身分證字號"), (231, "學習時數"), (261, "上課日期")}
    assert reasons[(152, "身分證字號")] == "檢查碼錯誤"
    assert "不可小於" in reasons[(231, "學習時數")]
    assert "不在 111 年內" in reasons[(261, "上課日期")]
    assert WRONG not in " ".join(str(e) for e in result.errors)
    assert TrainingRecord.objects.count() == 0 and Person.objects.count() == 0


def test_a_cp950_export_is_left_to_the_exact_path_and_still_imports(registry, tmp_path):
    path = write_csv(tmp_path / "big5.csv", [HEADER, *GOOD], "cp950")
    assert fast_result(path) is None
    result = training_import(path=path)
    assert result.ok and result.created == 4


@pytest.mark.django_db(transaction=True)
def test_fast_import_outside_a_transaction_writes_as_it_reads_and_rolls_back_a_late_bad_row(
    registry, tmp_path, monkeypatch
):
    """In production (no surrounding transaction) a writer thread writes the batches already checked; a bad
    row in a later batch rolls all of it back, and the exact path then reports it."""
    monkeypatch.setattr(fastcsv, "BLOCK", 2000)
    monkeypatch.setattr(importer, "FLUSH", 20)  # each batch handed over at once
    written: list[int] = []

    def put_json(self, chunk):  # type: ignore[no-untyped-def]
        written.append(len(chunk))
        return original(self, chunk)

    original = importer._Writer.put_json
    monkeypatch.setattr(importer._Writer, "put_json", put_json)
    late = [*MANY, [WRONG, "錯", "勞動局", "課程", "1", "111/01/05", "數位", "基礎", ""]]
    result = training_import(path=write_csv(tmp_path / "late.csv", [HEADER, *late]))
    if connection.vendor == "sqlite":  # the writer thread runs beside the reader on SQLite; PostgreSQL writes after
        assert len(written) > 3  # batches were handed to the writer before the bad row was reached
    assert not result.ok and [(e.row, e.column) for e in result.errors] == [(302, "身分證字號")]
    assert TrainingRecord.objects.count() == 0 and Person.objects.count() == 0 and CourseTitle.objects.count() == 0
    seen: list[tuple[int, str]] = []
    result = training_import(
        path=write_csv(tmp_path / "good.csv", [HEADER, *MANY, *GOOD]), progress=lambda n, phase: seen.append((n, phase))
    )
    assert result.ok and result.created == 304 and result.written
    assert seen[-1] == (304, "done") and ("writing" in {p for _, p in seen})
    assert TrainingRecord.objects.count() == 304 and Person.objects.count() == 303
    again = training_import(path=write_csv(tmp_path / "again.csv", [HEADER, *GOOD, *MANY]))
    assert again.ok and again.created == 0 and TrainingRecord.objects.count() == 304


@pytest.mark.parametrize(
    "spelling",
    [
        "A123456789",  # 身分證, right check digit
        "a123456789",  # lower case: the same person
        " A123456789\u3000",  # spaces around, also the ideographic space
        "A 12345 6789",  # spaces inside
        "A123456788",  # wrong check digit
        "A323456789",  # second character no ID number has
        "A12345678",  # one digit short
        "",  # empty
        "Ａ123456789",  # a full-width letter
        "A12345678９",  # a full-width digit
        check_digit("F80000001"),  # new resident certificate (110 年起)
        check_digit("FA0000001"),  # old resident certificate
        "FA0000001" + str((int(check_digit("FA0000001")[-1]) + 1) % 10),  # … with a wrong check digit
    ],
)
def test_the_fast_path_judges_each_id_number_as_the_exact_path_does(spelling):
    """``fastcsv`` checks a batch's new ID numbers column-wise (normalised, pattern, check digit); it accepts
    exactly the numbers ``ids.id_judged`` accepts, normalised alike — any other number hands the file over."""
    import polars as pl

    from mainstream.training.ids import id_judged, normalise

    accepted = id_judged(spelling)[0] is None
    people = pl.DataFrame({"id": [spelling], "name": ["某人"]})
    if accepted:
        assert fastcsv._ids_checked(pl, people) == ([normalise(spelling)], ["某人"])
    else:
        with pytest.raises(fastcsv.GiveUp):
            fastcsv._ids_checked(pl, people)


def test_people_judged_column_wise_are_numbered_and_hashed_as_one_by_one(registry):
    """``RowChecker.people_valid`` (the fast path) gives what ``_person`` gives for each number: the same packed
    local numbers, and the same staged (number, hash, mask, name) rows."""
    numbers = [check_digit(f"B2{n:07d}") for n in range(5)]
    names = [" 王小明 ", "李", "", "陳" * 50, "林"]
    one, many = RowChecker(year=111), RowChecker(year=111)
    assert many.people_valid(numbers, names) == [one._person(n, name) for n, name in zip(numbers, names, strict=True)]
    assert many.people_take() == one.people_take()
    assert many.people_count == one.people_count == 5


def test_a_full_width_digit_in_an_id_number_is_a_row_error_not_a_crash(registry, tmp_path):
    """A number typed with a full-width digit (Ａ/９ from a Chinese input method) is reported on its row; before,
    the pattern's ``\\d`` let it through to the check digit, which raised UnicodeEncodeError."""
    rows = [HEADER, *MANY[:3]]
    rows[2] = ["A12345678９", *MANY[1][1:]]
    result = training_import(path=write_csv(tmp_path / "fw.csv", rows))
    assert [(e.row, e.column, e.reason) for e in result.errors] == [
        (3, "身分證字號", "格式不符（應為 1 個英文字母加 9 碼數字，或居留證號）")
    ]
    assert TrainingRecord.objects.count() == 0
