"""The training import's write paths on PostgreSQL (issue 13 item 7, docs/adr/0013): a large import into a year
without records inserts its rows as they are, without the records' indexes (built again after), and falls back to
the careful INSERT when a (person, date, course) comes twice. Whatever path it takes, the records are the same,
the indexes and constraints afterwards are the migrations' own, a failure rolls everything back and a second
import of the same file adds nothing. ('Large' is shrunk to one row here.) On SQLite the same imports run through
its own path and must give the same records."""

from __future__ import annotations

import pytest
from django.db import connection

from mainstream.training import importer
from mainstream.training.importer import sql, training_import
from mainstream.training.models import TrainingRecord

from .test_fast_import import MANY, records
from .test_imports import GOOD, HEADER, write_csv


def schema() -> list[tuple[str, str]]:
    """The records table's indexes and constraints, as PostgreSQL describes them (name, definition) — once the
    check of the foreign keys a COPY-path import queued has run (``records_keys_validate``): every constraint then
    holds for every row (``convalidated``)."""
    if connection.vendor != "postgresql":
        return []
    sql.records_keys_validate()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT conname FROM pg_constraint WHERE conrelid = 'training_trainingrecord'::regclass "
            "AND NOT convalidated"
        )
        assert cursor.fetchall() == []
        cursor.execute(
            "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
            "WHERE conrelid = 'training_trainingrecord'::regclass "
            "UNION ALL SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'training_trainingrecord' "
            "ORDER BY 1, 2"
        )
        return cursor.fetchall()


@pytest.fixture
def large(monkeypatch):
    """Every import counts as large, also beside a table of records: foreign keys and indexes are rebuilt."""
    monkeypatch.setattr(importer, "PG_KEYS_AFTER", 1)
    monkeypatch.setattr(importer, "PG_REBUILD_RATIO", 1_000_000)


def dropped(monkeypatch) -> list[list[str]]:
    """Records the names of the indexes each import dropped (on PostgreSQL)."""
    seen: list[list[str]] = []
    original = sql._indexes_after

    def spy(cursor, rows):  # type: ignore[no-untyped-def]
        found = original(cursor, rows)
        seen.append([name for name, _, _ in found])
        return found

    monkeypatch.setattr(sql, "_indexes_after", spy)
    return seen


def test_a_large_import_rebuilds_the_indexes_and_writes_what_the_careful_path_writes(
    registry, tmp_path, monkeypatch, large
):
    before = schema()
    seen = dropped(monkeypatch)
    path = write_csv(tmp_path / "t.csv", [HEADER, *GOOD, *MANY[:60]])
    result = training_import(path=path)
    assert result.ok and result.created == 64 and result.unchanged == 0
    rebuilt = records()
    assert schema() == before
    if connection.vendor == "postgresql":
        assert seen == [["training_record_once", "training_trainingrecord_pkey"]]  # nothing points at the records
        assert {"keys", "records", "indexes"} <= set(result.phases)
        assert len(before) >= 6  # primary key, unique constraint, three foreign keys, a check (+ their indexes)

    TrainingRecord.objects.all().delete()  # the same file through the careful path (indexes kept)
    monkeypatch.setattr(importer, "PG_REBUILD_RATIO", 0)
    monkeypatch.setattr(sql, "_year_has_records", lambda cursor, year: True)
    again = training_import(path=path)
    assert again.ok and again.created == 64
    assert records() == rebuilt
    assert schema() == before


def test_a_second_import_of_the_same_file_adds_nothing_and_keeps_the_indexes(registry, tmp_path, monkeypatch, large):
    before = schema()
    seen = dropped(monkeypatch)
    path = write_csv(tmp_path / "t.csv", [HEADER, *GOOD, *MANY[:40]])
    assert training_import(path=path).created == 44
    written = records()
    second = training_import(path=path)
    assert second.ok and second.created == 0 and second.unchanged == 44
    more = write_csv(tmp_path / "more.csv", [HEADER, *MANY[30:60]])  # 10 already there, 20 new
    third = training_import(path=more)
    assert third.ok and third.created == 20 and third.unchanged == 10
    assert len(records()) == 64
    assert set(written) <= set(records())
    assert schema() == before
    if connection.vendor == "postgresql":
        assert seen == [
            ["training_record_once", "training_trainingrecord_pkey"]
        ]  # only the first: the year then has records (careful path)


def test_a_row_twice_in_a_file_falls_back_to_the_careful_insert_and_the_first_wins(
    registry, tmp_path, monkeypatch, large
):
    before = schema()
    first = list(GOOD[0])
    twice = [*first[:4], "3", *first[5:]]  # same person, day and course; other hours
    path = write_csv(tmp_path / "d.csv", [HEADER, first, *MANY[:30], twice])
    result = training_import(path=path)
    assert result.ok and result.rows == 32 and result.created == 31 and result.unchanged == 1
    kept = TrainingRecord.objects.filter(title__name=first[3], date="2022-03-05")
    assert list(kept.values_list("hours", flat=True)) == [2]
    assert schema() == before


def test_a_failure_after_the_rebuild_rolls_everything_back(registry, tmp_path, monkeypatch, large):
    if connection.vendor != "postgresql":
        pytest.skip("the rebuild is PostgreSQL's (SQLite's rollback: test_imports)")
    before = schema()
    path = write_csv(tmp_path / "t.csv", [HEADER, *GOOD, *MANY[:30]])
    original = sql._foreign_keys_restore

    def fail(cursor, keys):  # type: ignore[no-untyped-def]
        original(cursor, keys)
        raise RuntimeError("the server went away")

    monkeypatch.setattr(sql, "_foreign_keys_restore", fail)
    with pytest.raises(RuntimeError):
        training_import(path=path)
    assert TrainingRecord.objects.count() == 0
    assert schema() == before
    monkeypatch.setattr(sql, "_foreign_keys_restore", original)
    assert training_import(path=path).created == 34
    assert schema() == before


# -- the COPY path: records COPYed into their table while the file is read (PostgreSQL, importer.pgcopy) ----------
@pytest.fixture
def copying(monkeypatch, large):
    """Every plain UTF-8 CSV takes the COPY path, in several batches and several hand-overs to the writer."""
    from mainstream.training import fastcsv

    monkeypatch.setattr(importer, "PG_COPY_AFTER", 1)
    monkeypatch.setattr(importer, "FLUSH", 20)
    monkeypatch.setattr(fastcsv, "BLOCK", 2000)


def copied(result) -> bool:  # type: ignore[no-untyped-def]
    """Whether the import wrote through the COPY path (its writer's phases are there)."""
    return "copy (overlapped)" in result.phases and "given up" not in result.phases


def test_the_copy_path_writes_what_the_staged_path_writes(registry, tmp_path, monkeypatch, copying):
    before = schema()
    path = write_csv(tmp_path / "t.csv", [HEADER, *GOOD, *MANY[:150]])
    result = training_import(path=path)
    assert result.ok and result.created == 154 and result.unchanged == 0 and result.rows == 154
    assert copied(result) == (connection.vendor == "postgresql")
    written = records()
    assert schema() == before
    TrainingRecord.objects.all().delete()
    monkeypatch.setattr(importer, "PG_COPY", False)
    staged = training_import(path=path)
    assert staged.ok and staged.created == 154 and not copied(staged)
    assert records() == written
    assert schema() == before


def test_the_copy_path_leaves_a_year_with_records_to_the_staged_path(registry, tmp_path, copying):
    before = schema()
    path = write_csv(tmp_path / "t.csv", [HEADER, *GOOD, *MANY[:40]])
    assert copied(training_import(path=path)) == (connection.vendor == "postgresql")
    again = training_import(path=path)
    assert again.ok and again.created == 0 and again.unchanged == 44 and not copied(again)
    more = training_import(path=write_csv(tmp_path / "more.csv", [HEADER, *MANY[30:60]]))
    assert more.ok and more.created == 20 and more.unchanged == 10 and not copied(more)
    assert TrainingRecord.objects.count() == 64
    assert schema() == before


def test_a_row_twice_gives_up_the_copy_path_and_the_first_wins(registry, tmp_path, copying):
    before = schema()
    first = list(GOOD[0])
    twice = [*first[:4], "3", *first[5:]]  # same person, day and course; other hours (in a later batch)
    path = write_csv(tmp_path / "d.csv", [HEADER, first, *MANY[:120], twice])
    result = training_import(path=path)
    assert result.ok and result.rows == 122 and result.created == 121 and result.unchanged == 1
    assert not copied(result)
    kept = TrainingRecord.objects.filter(title__name=first[3], date="2022-03-05")
    assert list(kept.values_list("hours", flat=True)) == [2]
    assert schema() == before


def test_a_wrong_row_deep_in_the_file_writes_nothing_and_is_reported(registry, tmp_path, copying):
    before = schema()
    wrong = [*MANY[100][:4], "abc", *MANY[100][5:]]
    path = write_csv(tmp_path / "w.csv", [HEADER, *MANY[:100], wrong, *MANY[101:140]])
    result = training_import(path=path)
    assert not result.ok and result.created == 0
    assert [(e.row, e.column) for e in result.errors] == [(102, "學習時數")]
    assert TrainingRecord.objects.count() == 0
    assert schema() == before


def test_a_wrong_row_is_read_fast_once_then_by_the_exact_reader(registry, tmp_path, monkeypatch, copying):
    """A wrong value ends the fast reading (COPY path on PostgreSQL, pipelined path on SQLite); the staged path
    does not read the file fast again only to give up at the same row: the exact reader goes next."""
    from mainstream.training import fastcsv

    reads: list[str] = []
    original = fastcsv.fast_rows

    def counted(*args, **kwargs):  # type: ignore[no-untyped-def]
        reads.append("fast")
        return original(*args, **kwargs)

    monkeypatch.setattr(fastcsv, "fast_rows", counted)
    wrong = [*MANY[100][:4], "abc", *MANY[100][5:]]
    result = training_import(path=write_csv(tmp_path / "w.csv", [HEADER, *MANY[:100], wrong, *MANY[101:140]]))
    assert [(e.row, e.column) for e in result.errors] == [(102, "學習時數")]
    assert reads == ["fast"]


def test_a_failure_in_the_writer_rolls_everything_back(registry, tmp_path, monkeypatch, copying):
    if connection.vendor != "postgresql":
        pytest.skip("the COPY path is PostgreSQL's")
    from mainstream.training.importer import pgcopy
    from mainstream.training.models import Person

    before = schema()
    people = Person.objects.count()
    original = pgcopy._CopyWriter._chunk
    calls = []

    def fail(self, *args):  # type: ignore[no-untyped-def]
        calls.append(1)
        if len(calls) == 3:
            raise RuntimeError("the server went away")
        return original(self, *args)

    monkeypatch.setattr(pgcopy._CopyWriter, "_chunk", fail)
    path = write_csv(tmp_path / "t.csv", [HEADER, *GOOD, *MANY[:150]])
    with pytest.raises(RuntimeError):
        training_import(path=path)
    assert TrainingRecord.objects.count() == 0 and Person.objects.count() == people
    assert schema() == before
    monkeypatch.setattr(pgcopy._CopyWriter, "_chunk", original)
    assert copied(training_import(path=path))
    assert TrainingRecord.objects.count() == 154


def test_the_copy_path_writes_hours_modes_levels_and_names_as_the_staged_path(registry, tmp_path, monkeypatch, copying):
    """The COPY path sends the records in PostgreSQL's binary format (``importer.pgbinary``): hours as numeric
    digits rounded to the column's two decimals, dates as days, mode and level per (mode, level) group, ids from a
    block of the identity sequence — the same records as the staged path's text, ids in the file's order."""
    from .test_fast_import import check_digit

    hours = ["0.25", "1.005", "12.345", "199.99", "3", "0.5", "7.125", "2.50"]
    modes, levels = ["實體", "數位", "面授"], ["基礎", "進階", "初階", "進階課程"]
    names = ["王\t小明", "林\\美玲", "", "Ana Lee", "陳大文"]
    rows = [
        [
            check_digit(f"B2{n % 37:07d}"),
            names[n % len(names)],
            ["勞動局", "社會局"][n % 2],
            f"課程{n % 11}",
            hours[n % len(hours)],
            f"111/{n % 12 + 1:02d}/{n % 28 + 1:02d}",
            modes[n % len(modes)],
            levels[n % len(levels)],
            f"K{n % 3}",
        ]
        for n in range(180)
    ]
    rows = list({(r[0], r[5], r[3], r[8]): r for r in reversed(rows)}.values())[::-1]  # each (person, day, course) once
    path = write_csv(tmp_path / "h.csv", [HEADER, *rows])  # (no quoted cells: the fast reader's batches)
    before = schema()
    result = training_import(path=path)
    assert result.ok and result.created == len(rows), result.errors[:3]
    assert copied(result) == (connection.vendor == "postgresql")
    written = records()
    if connection.vendor == "postgresql":  # numeric(6, 2) rounds half away from zero (SQLite keeps a float)
        assert sorted({str(r[7]) for r in written}) == [
            "0.25",
            "0.50",
            "1.01",
            "12.35",
            "199.99",
            "2.50",
            "3.00",
            "7.13",
        ]
    ids = list(TrainingRecord.objects.order_by("id").values_list("date", "title__name", "person__id_hash"))
    in_file = [(r[5], r[3]) for r in rows]
    assert [(d.strftime("%m/%d"), t) for d, t, _ in ids] == [(day[4:], title) for day, title in in_file]
    assert schema() == before
    TrainingRecord.objects.all().delete()
    monkeypatch.setattr(importer, "PG_COPY", False)
    staged = training_import(path=path)
    assert staged.ok and not copied(staged)
    assert records() == written
    last = TrainingRecord.objects.order_by("-id").first()
    later = TrainingRecord.objects.create(
        person=last.person, unit=last.unit, year=last.year, title=last.title, hours=1, date="2022-12-31",
        mode=last.mode, level=last.level,
    )  # fmt: skip
    assert later.id > last.id  # the identity sequence goes on after the reserved blocks


def test_the_copy_path_adds_the_keys_back_not_valid_and_queues_their_check(registry, tmp_path, monkeypatch, copying):
    """The COPY path adds the records' foreign keys back NOT VALID (enforced for every later change; the rows it
    wrote checked by a queued job after it commits, docs/adr/0013); the check passes, and until it has run the
    staged path checks them itself."""
    if connection.vendor != "postgresql":
        pytest.skip("the COPY path is PostgreSQL's")
    from django_tasks_db.models import DBTaskResult

    before = schema()
    path = write_csv(tmp_path / "t.csv", [HEADER, *GOOD, *MANY[:60]])
    result = training_import(path=path)
    assert result.ok and copied(result) and result.created == 64
    unchecked = sql.records_keys_unchecked()
    assert len(unchecked) == 3  # person, unit, course title
    queued = DBTaskResult.objects.filter(task_path="mainstream.training.jobs.training_keys_validate_task")
    assert queued.count() == 1
    from mainstream.training.jobs import training_keys_validate_task

    assert sorted(training_keys_validate_task.call()) == unchecked
    assert sql.records_keys_unchecked() == []
    assert schema() == before

    TrainingRecord.objects.all().delete()  # unchecked again, then the staged path: it checks them as it adds them
    assert copied(training_import(path=path)) and len(sql.records_keys_unchecked()) == 3
    TrainingRecord.objects.all().delete()
    monkeypatch.setattr(importer, "PG_COPY", False)
    staged = training_import(path=path)
    assert staged.ok and not copied(staged)
    assert sql.records_keys_unchecked() == []
    assert schema() == before


def test_a_record_pointing_at_nothing_fails_the_check(registry, tmp_path, copying):
    """The check is real: a record whose person is gone (here deleted behind the keys' back, with the triggers
    off) makes VALIDATE CONSTRAINT fail."""
    if connection.vendor != "postgresql":
        pytest.skip("the COPY path is PostgreSQL's")
    from django.db import DatabaseError, transaction

    path = write_csv(tmp_path / "t.csv", [HEADER, *GOOD, *MANY[:30]])
    assert copied(training_import(path=path))
    with connection.cursor() as cursor:
        cursor.execute("ALTER TABLE training_trainingrecord DISABLE TRIGGER ALL")
        cursor.execute(
            "UPDATE training_trainingrecord SET person_id = -1 WHERE id = (SELECT min(id) FROM training_trainingrecord)"
        )
        cursor.execute("ALTER TABLE training_trainingrecord ENABLE TRIGGER ALL")
    with pytest.raises(DatabaseError), transaction.atomic():
        sql.records_keys_validate()


def test_the_workers_recovery_queues_the_keys_check_again(registry, tmp_path, settings, copying):
    """A check of the keys that never ran (its queue row lost with a crashed worker): the recovery every worker
    runs at start queues it again; until then the keys are enforced but unchecked."""
    if connection.vendor != "postgresql":
        pytest.skip("the COPY path is PostgreSQL's")
    from django_tasks_db.models import DBTaskResult

    from mainstream.ops.jobs import jobs_recover
    from mainstream.training.jobs import training_keys_validate_task

    settings.VAR_DIR = tmp_path / "var"  # (the recovery also sweeps var/: this test's own)
    before = schema()
    assert copied(training_import(path=write_csv(tmp_path / "t.csv", [HEADER, *GOOD, *MANY[:40]])))
    queued = DBTaskResult.objects.filter(task_path="mainstream.training.jobs.training_keys_validate_task")
    queued.delete()
    assert len(sql.records_keys_unchecked()) == 3
    lines = jobs_recover()
    assert any("外鍵" in line for line in lines) and queued.count() == 1
    training_keys_validate_task.call()
    assert sql.records_keys_unchecked() == []
    assert not any("外鍵" in line for line in jobs_recover())  # nothing left to check: nothing queued
    assert queued.count() == 1
    assert schema() == before


def test_people_are_unique_by_their_hash_under_one_index(db):
    """``training_person.id_hash`` is unique by one index: no second index for LIKE (varchar_pattern_ops), which no
    query of a keyed hash uses and every new person of an import paid for (docs/adr/0013)."""
    if connection.vendor != "postgresql":
        pytest.skip("the LIKE index is PostgreSQL's")
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'training_person' ORDER BY 1")
        indexes = dict(cursor.fetchall())
    assert sorted(indexes) == ["training_person_id_hash_key", "training_person_pkey"]
    assert indexes["training_person_id_hash_key"].startswith("CREATE UNIQUE INDEX")
    assert "(id_hash)" in indexes["training_person_id_hash_key"]
