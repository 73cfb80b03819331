"""Bounded memory of the training import (issue 13 item 6): under 500 MB peak whatever the shape of the file, also
for 300,000 distinct course/hours/mode combinations (725 MB when every combination was kept in Python).

The figure itself is printed by ``make bench`` (peak RSS for 300,000 distinct combinations and for 1,000,000 rows
of few, generated data). Here the same shape, scaled down, runs in a child process of its own (its peak RSS is
its own, not the test runner's) and must stay within the same share of the budget. The cache and staging
limits are also shrunk to a few rows to show that a variant judged again under a new number, and rows staged
while reading, write exactly the records the unbounded way wrote.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from mainstream.training import fastcsv, importer
from mainstream.training.ids import check_digit, id_mask
from mainstream.training.importer import RowChecker, training_import
from mainstream.training.models import CourseTitle, Person, TrainingRecord

from .test_fast_import import MANY, records
from .test_imports import GOOD, HEADER, WRONG, write_csv

ROOT = Path(__file__).resolve().parents[3]
TARGET_MB = 500  # the bound for …
SHAPE_ROWS = 300_000  # … 300,000 distinct combinations
ROWS = 100_000  # the same shape, a third of it


def _env(site: Path) -> dict[str, str]:
    return dict(
        os.environ,
        MAINSTREAM_VAR_DIR=str(site / "var"),
        MAINSTREAM_DATABASE_URL=f"sqlite:///{site / 'db.sqlite3'}",
        MAINSTREAM_ID_HASH_KEY="k" * 64,
        DJANGO_SETTINGS_MODULE="mainstream.settings",
    )


def _child(site: Path, *args: str) -> str:
    done = subprocess.run(
        [sys.executable, *args], env=_env(site), cwd=ROOT, capture_output=True, text=True, timeout=600, check=False
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout


@pytest.mark.slow
def test_many_distinct_combinations_stay_within_the_scaled_budget(tmp_path, record_property):
    """100,000 rows, each its own course/hours/mode combination (as the 300,000 of the issue): the import's own
    growth of peak RSS (child process: peak minus its size before the import) stays under a third of what the
    500 MB target leaves above that size."""
    from mainstream.training.bench import generate_classes

    _child(tmp_path, "-c", "import sys; from mainstream.cli import main; main(['mainstream', 'setup'])")
    path = tmp_path / "classes.csv"
    generate_classes(path, rows=ROWS)
    run = json.loads(_child(tmp_path, "-m", "mainstream.training.bench", "--import", str(path)).splitlines()[-1])
    assert run["ok"], run["errors"]
    assert run["rows"] == run["created"] == ROWS
    growth, budget = run["peak_mb"] - run["base_mb"], (TARGET_MB - run["base_mb"]) * ROWS / SHAPE_ROWS
    record_property(
        "summary",
        f"訓練匯入 {ROWS:,} 種不同課程組合（自產資料）：記憶體峰值 {run['peak_mb']:.0f} MB，"
        f"匯入本身增加 {growth:.0f} MB（上限 {budget:.0f} MB = (500 − {run['base_mb']:.0f}) × {ROWS:,}/{SHAPE_ROWS:,}）",
    )
    assert growth < budget, f"the import grew by {growth:.0f} MB, budget {budget:.0f} MB (measured on generated data)"


PEOPLE_SHAPE = 1_000_000  # the bench's file of 1,000,000 rows, each a person of their own


@pytest.fixture(scope="module")
def people_files(tmp_path_factory, django_db_blocker) -> dict[str, Path]:
    """100,000 rows of 7,000 people (the realistic shape) and 100,000 rows each a person of their own."""
    from mainstream.training.bench import generate

    folder = tmp_path_factory.mktemp("people")
    files = {"few": folder / "few.csv", "distinct": folder / "distinct.csv"}
    with django_db_blocker.unblock():  # (the generator reads the bundled plan file, not the database)
        generate(files["few"], rows=ROWS, people=7_000, seed=111)
        generate(files["distinct"], rows=ROWS, people=ROWS, seed=112)
    return files


@pytest.mark.slow
@pytest.mark.parametrize("fast", [True, False])
def test_many_distinct_people_stay_within_the_scaled_budget(tmp_path, people_files, record_property, fast):
    """100,000 rows each a person of their own, against 100,000 rows of the realistic shape (7,000 people, as
    70,000 in a million), each imported in a child process, the people cache scaled with the file (15,000, as
    150,000 for a million): what the 93,000 more people add to the peak stays under a tenth (100,000 of
    1,000,000 rows) of what the 500 MB target leaves above the process's size. Before the people were bounded
    they added 79 MB (exact path) and 110 MB (fast path) here, measured on generated data."""
    _child(tmp_path, "-c", "import sys; from mainstream.cli import main; main(['mainstream', 'setup'])")
    runs = {}
    tunables = ("--set", f"PEOPLE_CACHE={importer.PEOPLE_CACHE * ROWS // PEOPLE_SHAPE}", "--set", f"FAST={int(fast)}")
    for shape, path in people_files.items():
        out = _child(tmp_path, "-m", "mainstream.training.bench", "--import", str(path), *tunables)
        runs[shape] = json.loads(out.splitlines()[-1])
        assert runs[shape]["ok"] and runs[shape]["created"] == ROWS, runs[shape]["errors"]
    extra = runs["distinct"]["peak_mb"] - runs["few"]["peak_mb"]
    budget = (TARGET_MB - runs["distinct"]["base_mb"]) * ROWS / PEOPLE_SHAPE
    record_property(
        "summary",
        f"訓練匯入 {ROWS:,} 列（{'快速' if fast else '逐列'}路徑，自產資料）：每列一位不同人員 "
        f"{runs['distinct']['peak_mb']:.0f} MB、7,000 人 {runs['few']['peak_mb']:.0f} MB，多出 {extra:.0f} MB"
        f"（上限 {budget:.0f} MB）",
    )
    assert extra < budget, f"93,000 more people added {extra:.0f} MB, budget {budget:.0f} MB (generated data)"


def _small_limits(monkeypatch) -> None:
    monkeypatch.setattr(importer, "VARIANT_CACHE", 3)  # emptied every few variants: seen again → judged again
    monkeypatch.setattr(importer, "SPILL", 2)  # staged while reading, two at a time


@pytest.mark.parametrize("fast", [True, False])
def test_a_bounded_cache_writes_what_an_unbounded_one_writes(registry, tmp_path, monkeypatch, fast):
    rows = [*GOOD, *MANY[:60], *GOOD[:2]]  # classes repeat long after the cache was emptied; duplicates rows too
    path = write_csv(tmp_path / "t.csv", [HEADER, *rows])
    monkeypatch.setattr(importer, "FAST", fast)
    first = training_import(path=path)
    assert first.ok and first.created == 64
    expected = records()
    TrainingRecord.objects.all().delete()
    Person.objects.all().delete()
    CourseTitle.objects.all().delete()
    _small_limits(monkeypatch)
    monkeypatch.setattr(importer, "FAST", False)
    again = training_import(path=path)
    assert again.ok and again.created == 64 and again.rows == first.rows
    assert records() == expected
    assert CourseTitle.objects.count() == len({(r[3], r[8]) for r in rows})  # one title per name and code
    assert training_import(path=path).created == 0  # a re-import still adds nothing


@pytest.mark.django_db(transaction=True)
def test_bounded_limits_outside_a_transaction_pipelined_and_a_late_error(registry, tmp_path, monkeypatch):
    """As in production (no surrounding transaction), with the writer thread: staged variants and a late wrong
    row still leave nothing behind, with the same reasons."""
    _small_limits(monkeypatch)
    monkeypatch.setattr(importer, "PIPELINE", True)
    monkeypatch.setattr(importer, "FAST", False)
    monkeypatch.setattr(importer, "PROGRESS_MASK", 1)
    monkeypatch.setattr(importer, "FLUSH", 4)
    late = [*MANY[:30], [WRONG, "錯", "勞動局", "課程", "0", "111/01/05", "數位", "基礎", ""]]
    result = training_import(path=write_csv(tmp_path / "late.csv", [HEADER, *late]))
    assert not result.ok and [(e.row, e.column) for e in result.errors] == [(32, "身分證字號"), (32, "學習時數")]
    assert result.errors[1].reason == "「0」應大於 0"
    assert TrainingRecord.objects.count() == Person.objects.count() == CourseTitle.objects.count() == 0
    result = training_import(path=write_csv(tmp_path / "good.csv", [HEADER, *MANY[:30], *GOOD, *MANY[:30]]))
    assert result.ok and result.created == 34 and TrainingRecord.objects.count() == 34
    monkeypatch.setattr(importer, "PIPELINE", False)
    result = training_import(path=write_csv(tmp_path / "more.csv", [HEADER, *MANY[:40]]))
    assert result.ok and result.created == 10 and TrainingRecord.objects.count() == 44


@pytest.mark.parametrize("keys_after", [False, True])
def test_the_first_of_duplicate_rows_wins_and_a_large_import_keeps_its_foreign_keys(
    registry, tmp_path, monkeypatch, keys_after
):
    """The same person, day and course twice in a file: the first row is kept (on every database). On
    PostgreSQL a large import drops the records' foreign keys for its INSERT and adds them again, in its
    transaction (here 'large' is shrunk to one row): afterwards they are all there, as the migrations made them."""
    from django.db import connection

    def foreign_keys() -> list[str]:
        if connection.vendor != "postgresql":
            return []
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT pg_get_constraintdef(oid) FROM pg_constraint "
                "WHERE conrelid = 'training_trainingrecord'::regclass AND contype = 'f' ORDER BY 1"
            )
            return [row[0] for row in cursor.fetchall()]

    before = foreign_keys()
    if keys_after:
        monkeypatch.setattr(importer, "PG_KEYS_AFTER", 1)
    first = list(GOOD[0])
    second = [*first[:4], "3", *first[5:]]  # same person, day and course; other hours
    result = training_import(path=write_csv(tmp_path / "d.csv", [HEADER, first, *MANY[:5], second]))
    assert result.ok and result.rows == 7 and result.created == 6 and result.unchanged == 1
    kept = TrainingRecord.objects.filter(person__id_masked=id_mask(first[0]), title__name=first[3])
    assert list(kept.values_list("hours", flat=True)) == [2]
    assert foreign_keys() == before
    if connection.vendor == "postgresql":
        assert len(before) == 3


@pytest.mark.parametrize("fast", [True, False])
def test_of_many_pairs_of_equal_rows_the_first_of_each_is_kept(registry, tmp_path, monkeypatch, fast):
    """300 people each twice on the same day and course, the second row with other hours, the pairs far apart:
    every record keeps the first row's hours. (The fast path once lost the file's order in polars' joins — they
    promise no order unless asked — and the later row won in some runs.)"""
    people = [check_digit(f"D1{n:07d}") for n in range(300)]
    first = [[pid, "甲", "勞動局", "課程甲", "2", "111/03/05", "數位", "基礎", "C1"] for pid in people]
    second = [[*row[:4], "3", *row[5:]] for row in first]
    monkeypatch.setattr(importer, "FAST", fast)
    result = training_import(path=write_csv(tmp_path / "pairs.csv", [HEADER, *first, *second]))
    assert result.ok and result.created == 300 and result.unchanged == 300
    assert set(TrainingRecord.objects.values_list("hours", flat=True)) == {2}


# -- distinct people (issue 13 item 6: "whatever the shape of the file") ------------------------------------------
P = [check_digit(f"B2{n:07d}") for n in range(8)]
NAMELESS = check_digit("C10000007")  # known before the import, without a name
PEOPLE_FILE = [
    [P[0], "甲一", "勞動局", "課程甲", "2", "111/03/05", "數位", "基礎", "C1"],
    [P[1], "乙", "社會局", "課程甲", "2", "111/03/05", "數位", "基礎", "C1"],
    [NAMELESS, "丁一", "社會局", "課程乙", "1", "111/04/01", "實體", "基礎", "C2"],
    *[[P[n], f"人{n}", "勞動局", "課程甲", "2", f"111/0{n}/05", "數位", "基礎", "C1"] for n in range(2, 8)],
    [P[0], "甲二", "勞動局", "課程甲", "2", "111/03/05", "數位", "基礎", "C1"],  # row 1 again: unchanged
    [P[0].lower(), "甲三", "勞動局", "課程乙", "1", "111/04/01", "實體", "基礎", "C2"],  # spelled otherwise
    [NAMELESS, "丁二", "社會局", "課程甲", "2", "111/03/05", "數位", "基礎", "C1"],
    *[[P[n], f"人{n}", "勞動局", "課程乙", "1", "111/04/01", "實體", "基礎", "C2"] for n in range(7, 1, -1)],
    [P[1], "乙", "社會局", "課程甲", "2", "111/03/05", "數位", "基礎", "C1"],  # row 2 again: unchanged
]
PATHS = {  # the four ways a file is written on SQLite (PostgreSQL: the exact and the fast path, staged) …
    "exact": {"FAST": False, "PIPELINE": False},
    "fast": {"FAST": True, "FAST_PIPELINE": False},
    "pipelined": {"FAST": False, "PIPELINE": True},
    "fast pipelined": {"FAST": True, "FAST_PIPELINE": True},
    # … and PostgreSQL's COPY straight into the records (``importer.pgcopy``; 'large' shrunk to one row), which a
    # row twice sends to the staged path: its file has none
    "postgresql copy": {"FAST": True, "PG_COPY_AFTER": 1, "PG_KEYS_AFTER": 1, "PG_REBUILD_RATIO": 1_000_000},
}
REPEATED = (9, 18)  # the rows of PEOPLE_FILE that repeat an earlier one


def _people_state() -> tuple[list[tuple], list[tuple]]:
    return records(), sorted(Person.objects.values_list("id_hash", "id_masked", "name"))


def _people_import(path: Path, copy: bool = False):  # type: ignore[no-untyped-def]
    from mainstream.imports.models import ImportRun

    result = training_import(path=path)
    assert result.ok, result.errors
    assert copy == ("copy (overlapped)" in result.phases and "given up" not in result.phases)
    run = ImportRun.objects.get(pk=result.run_id)
    return (result.rows, result.created, result.unchanged, result.off_roster, result.off_roster_sample), run.summary


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("path_name", list(PATHS))
def test_a_person_seen_again_after_the_people_cache_was_emptied_is_still_one_person(
    registry, tmp_path, monkeypatch, path_name
):
    """A cache of two ID numbers (emptied every two people) and people staged two at a time: a person met before
    and after the cache was emptied gets a second local number, yet is one ``training_person`` (with the masked
    number and name of their first row), their rows make the same records (a repeated row still counts as
    unchanged), and the import's summary of people on no roster is the same as with every person remembered."""
    from django.db import connection

    from mainstream.training.ids import id_judged
    from mainstream.training.models import Staff

    copy = path_name == "postgresql copy"
    if copy and connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only")
    for name, value in PATHS[path_name].items():
        monkeypatch.setattr(importer, name, value)
    rows = [row for number, row in enumerate(PEOPLE_FILE) if not (copy and number in REPEATED)]
    path = write_csv(tmp_path / "people.csv", [HEADER, *rows])
    nameless = id_judged(NAMELESS)
    for_roster = Person.objects.create(id_hash=id_judged(P[3])[1], id_masked=id_judged(P[3])[2], name="人3")
    Staff.objects.create(person=for_roster, year=111, unit=registry["勞動局"], category="general")

    def fresh() -> None:
        TrainingRecord.objects.all().delete()
        CourseTitle.objects.all().delete()
        Person.objects.exclude(pk=for_roster.pk).delete()
        Person.objects.create(id_hash=nameless[1], id_masked=nameless[2], name="")

    fresh()
    unbounded, unbounded_summary = _people_import(path, copy)
    expected = _people_state()
    assert unbounded == (len(rows), 17, len(rows) - 17, 8, unbounded[4])  # 9 people: one on the roster, 8 off it
    assert Person.objects.get(id_hash=id_judged(P[0])[1]).name == "甲一"
    assert Person.objects.get(id_hash=nameless[1]).name == "丁一"  # the name of their first row

    fresh()
    numbers: dict[str, set[int]] = {}
    take = RowChecker.people_take

    def spy(self):  # type: ignore[no-untyped-def]
        rows = take(self)
        for n, hashed, _, _ in rows:
            numbers.setdefault(hashed, set()).add(n)
        return rows

    monkeypatch.setattr(RowChecker, "people_take", spy)
    monkeypatch.setattr(importer, "PEOPLE_CACHE", 2)
    monkeypatch.setattr(importer, "SPILL", 2)
    monkeypatch.setattr(importer, "VARIANT_CACHE", 3)
    monkeypatch.setattr(importer, "FLUSH", 4)
    monkeypatch.setattr(importer, "PROGRESS_MASK", 1)
    monkeypatch.setattr(fastcsv, "BLOCK", 150)  # the fast path: batches of two or three rows
    bounded, bounded_summary = _people_import(path, copy)
    assert max(len(n) for n in numbers.values()) > 1  # a person did get a second number
    assert bounded == unbounded
    assert _people_state() == expected
    assert bounded_summary == unbounded_summary
    assert training_import(path=path).created == 0  # a re-import still adds nothing


@pytest.mark.parametrize("fast", [True, False])
def test_more_people_numbers_than_a_packed_row_holds_is_a_clear_error(registry, tmp_path, monkeypatch, fast):
    """The person's number has 23 bits of the packed row (8,388,608 numbers, at least as many rows): beyond it the
    file is refused as a whole with a reason, nothing written (the limit shrunk to three here)."""
    from mainstream.training.importer import checker

    monkeypatch.setattr(checker, "PEOPLE_LIMIT", 3)
    monkeypatch.setattr(importer, "FAST", fast)
    result = training_import(path=write_csv(tmp_path / "t.csv", [HEADER, *MANY[:5]]))
    assert not result.ok and [(e.row, e.column) for e in result.errors] == [(0, "")]
    assert "檔案太大" in result.errors[0].reason and "請分成幾個較小的檔案匯入" in result.errors[0].reason
    assert TrainingRecord.objects.count() == Person.objects.count() == 0
    assert training_import(path=write_csv(tmp_path / "u.csv", [HEADER, *MANY[:3]])).created == 3
