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

from mainstream.training import importer
from mainstream.training.ids import id_mask
from mainstream.training.importer import training_import
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
