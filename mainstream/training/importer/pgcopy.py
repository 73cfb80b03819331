"""PostgreSQL, a large plain UTF-8 CSV into a year without records: the records are COPYed straight into their
table while the file is still being read (issue 13 item 7, docs/adr/0013).

The reader (``fastcsv``: polars, batch by batch) checks the file as on every path; a writer thread, on the same
connection and in the same transaction, takes each checked batch: it adds the batch's new people and course titles
(COPY into the staging tables, one INSERT each, their numbers read back), turns the batch's packed rows into
records with polars (person, unit, course numbers, date, hours…) and COPYs them into ``training_trainingrecord`` —
no staging of the rows, no INSERT … SELECT. Before reading, the records' foreign keys are dropped
(``_foreign_keys_after``) and, for an import large beside the table, its indexes other than the primary key
(``_indexes_after``); both are built again after the last batch.

Why the year must have no records: then nothing in the table can be the same (person, date, course), and the
unique index — kept, or built again — is the check that no row came twice in the file. Anything unusual gives up
and rolls back (nothing kept): a wrong value (the exact path reports it), a row twice (the staged path keeps the
first), a year with records, a file the fast reader leaves. The caller then runs the staged path from scratch.
"""

from __future__ import annotations

import csv
import time
from pathlib import Path

from django.db import IntegrityError, connection, transaction

import mainstream.training.importer as tunables  # the package: its tunables are read at call time (tests patch them)
from mainstream.imports.models import ImportRun
from mainstream.imports.readers import FileFormatError, detect_encoding

from .checker import DAY_MASK, SHIFT_PERSON, SHIFT_VARIANT, VARIANT_MASK, Progress, RowChecker, TrainingImportResult
from .phases import add, mark
from .pipeline import _record_run
from .reading import _open
from .sql import (
    PEOPLE,
    RECORD_COLUMNS,
    RECORDS,
    VARIANTS,
    _foreign_keys_after,
    _foreign_keys_restore,
    _indexes_after,
    _indexes_restore,
    _people_names,
    _people_write,
    _session_settings,
    _temp_create,
    _temp_drop,
    _year_has_records,
)
from .writer import WriterThread


class GiveUp(Exception):
    """This file takes the staged path (everything done here is rolled back)."""

    def __init__(self, repeats: bool = False) -> None:
        super().__init__()
        self.repeats = (
            repeats  # a (person, date, course) came twice: the staged path goes straight to its careful INSERT
        )


class _CopyWriter(WriterThread):
    """Adds each batch's new people and course titles, then COPYs the batch's records into the table. The only
    one to touch the connection until it is joined (the reader only reads the file)."""

    def __init__(self, raw, checker: RowChecker, run_id: int, year: int):  # type: ignore[no-untyped-def]
        super().__init__(name="training-import-copy", raw=raw, checker=checker)
        import polars as pl

        self.pl, self.run_id, self.year = pl, run_id, year
        # by local number: the person's id; by variant number: its unit, title id, hours, mode, level; by day: ISO
        self.person_ids = pl.Series("p", [], dtype=pl.Int64)
        self.variants = pl.DataFrame(
            schema={"unit": pl.Int64, "title": pl.Int64, "hours": pl.String, "mode": pl.String, "level": pl.String}
        )
        self.days = pl.Series("d", [], dtype=pl.String)
        self.seconds = {"people": 0.0, "copy": 0.0}

    def put(self, packed) -> None:  # type: ignore[no-untyped-def]
        c = self.checker
        self.queue.put((packed, c.people_take(), c.variants_take(), len(c.day_rows)))

    def _people(self, rows: list[tuple]) -> None:
        if rows:
            started = time.perf_counter()
            with self.raw.cursor().copy(f"COPY {PEOPLE} (n, id_hash, id_masked, name) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            self.people_staged = rows[-1][0] + 1
            self.seconds["people"] += time.perf_counter() - started

    def _chunk(self, packed, people: list[tuple], variants: list[tuple], days: int) -> None:  # type: ignore[no-untyped-def]
        pl, c, cur = self.pl, self.checker, self.raw.cursor()
        self._people(people)
        started = time.perf_counter()
        first = self.people_done
        if self.people_staged > first:  # each hash once into training_person; every number → its person's id
            _people_write(cur, since=first, vendor="postgresql", resolve=False)  # (the ids read back instead)
            cur.execute(
                f"SELECT p.id FROM {PEOPLE} s JOIN training_person p ON p.id_hash = s.id_hash WHERE s.n >= %s "
                "ORDER BY s.n",
                (first,),
            )
            ids = [row[0] for row in cur.fetchall()]
            if len(ids) != self.people_staged - first:
                raise RuntimeError("people numbered out of order")
            self.person_ids.append(pl.Series("p", ids, dtype=pl.Int64))
            self.people_done = self.people_staged
        if variants:
            if variants[0][0] != self.variants.height:
                raise RuntimeError("course variants numbered out of order")
            with cur.copy(
                f"COPY {VARIANTS} (vid, unit_id, title, title_key, code, hours, mode, level) FROM STDIN"
            ) as copy:
                for row in variants:
                    copy.write_row(row)
            cur.execute(
                "INSERT INTO training_coursetitle (name, code, key) SELECT DISTINCT title, code, title_key "
                f"FROM {VARIANTS} v WHERE v.vid >= %s AND NOT EXISTS (SELECT 1 FROM training_coursetitle t "
                "WHERE t.name = v.title AND t.code = v.code)",
                (variants[0][0],),
            )
            cur.execute(
                f"SELECT t.id FROM {VARIANTS} v JOIN training_coursetitle t ON t.name = v.title AND t.code = v.code "
                "WHERE v.vid >= %s ORDER BY v.vid",
                (variants[0][0],),
            )
            titles = [row[0] for row in cur.fetchall()]
            if len(titles) != len(variants):
                raise RuntimeError("course titles not found")
            self.variants = pl.concat(
                [
                    self.variants,
                    pl.DataFrame(
                        {
                            "unit": [row[1] for row in variants],
                            "title": titles,
                            "hours": [row[5] for row in variants],
                            "mode": [row[6] for row in variants],
                            "level": [row[7] for row in variants],
                        },
                        schema=self.variants.schema,
                    ),
                ],
                rechunk=True,
            )
        if days > self.days_done:
            self.days.append(pl.Series("d", [iso for _, iso in c.day_rows[self.days_done : days]], dtype=pl.String))
            self.days_done = days
        copying = time.perf_counter()
        self.seconds["people"] += copying - started
        rows = pl.DataFrame({"v": packed}).select(
            (pl.col("v") // (1 << SHIFT_PERSON)).alias("p"),
            ((pl.col("v") // (1 << SHIFT_VARIANT)) % (VARIANT_MASK + 1)).alias("vid"),
            (pl.col("v") % (DAY_MASK + 1)).alias("d"),
        )
        variant = self.variants[rows.get_column("vid")]
        records = pl.DataFrame(
            {
                "person_id": self.person_ids.gather(rows.get_column("p")),
                "unit_id": variant.get_column("unit"),
                "year": pl.repeat(self.year, rows.height, dtype=pl.Int64, eager=True),
                "title_id": variant.get_column("title"),
                "hours": variant.get_column("hours"),
                "date": self.days.gather(rows.get_column("d")),
                "mode": variant.get_column("mode"),
                "level": variant.get_column("level"),
                "run_id": pl.repeat(self.run_id, rows.height, dtype=pl.Int64, eager=True),
            }
        )
        data = records.write_csv(separator="\t", include_header=False, quote_style="never")
        with cur.copy(f"COPY {RECORDS} ({RECORD_COLUMNS}) FROM STDIN") as copy:
            copy.write(data)
        self.created += rows.height
        self.seconds["copy"] += time.perf_counter() - copying


class _Pending:
    """Gathers checked batches until about FLUSH rows, then hands them to the writer as one."""

    def __init__(self, writer: _CopyWriter) -> None:
        self.writer, self.parts, self.rows = writer, [], 0

    def add(self, packed) -> None:  # type: ignore[no-untyped-def]
        self.parts.append(packed)
        self.rows += packed.len()
        if self.rows >= tunables.FLUSH:
            self.flush()

    def flush(self) -> None:
        if self.parts:
            self.writer.put(self.writer.pl.concat(self.parts))
            self.parts, self.rows = [], 0


def _estimated_rows(path: Path) -> int:
    """The file's data rows, estimated from the size of its first lines (no pass over the file)."""
    with path.open("rb") as f:
        head = f.read(1 << 16)
    lines = head.count(b"\n")
    if lines < 2 or len(head) < (1 << 16):
        return max(lines - 1, 0)
    return path.stat().st_size * lines // len(head)


def import_postgresql_copy(
    path: Path,
    name: str,
    by,  # type: ignore[no-untyped-def]
    checker: RowChecker,
    result: TrainingImportResult,
    progress: Progress | None,
    started: float,
) -> TrainingImportResult:
    """The whole import this way, or ``GiveUp`` (nothing kept; ``repeats``: a row came twice)."""
    if not name.lower().endswith(".csv"):
        raise GiveUp
    try:
        rows, order = _open(path, name, result)
        first = next(rows, None)
    except (FileFormatError, UnicodeDecodeError, csv.Error) as exc:
        raise GiveUp from exc
    if result.error_count or result.header_row != 1 or first is None or len(first[1]) <= order[5]:
        raise GiveUp
    with path.open("rb") as f:
        if detect_encoding(f.read(65536)) != "utf-8-sig":
            raise GiveUp
    estimate = _estimated_rows(path)
    if estimate < tunables.PG_COPY_AFTER:
        raise GiveUp
    raw_day = first[1][order[5]]  # the file's year: its first row's (as the fast reader takes it)
    if raw_day not in checker._days:
        checker._days[raw_day] = checker._day(raw_day)
    if checker.year is None:
        raise GiveUp
    from ..fastcsv import fast_rows

    checker.has_code = order[-1] >= 0
    writer: _CopyWriter | None = None
    with connection.cursor() as cursor:
        _temp_create(cursor)
        try:
            with transaction.atomic():
                try:
                    cursor.execute(f"LOCK TABLE {RECORDS} IN SHARE ROW EXCLUSIVE MODE")
                    if _year_has_records(cursor, checker.year):
                        raise GiveUp
                    run = ImportRun.objects.create(
                        kind="training", filename=name[:255], sha256="", user=by if getattr(by, "pk", None) else None
                    )
                    _session_settings(cursor)
                    keys = _foreign_keys_after(cursor, estimate)
                    indexes = _indexes_after(cursor, estimate)
                    mark("keys")
                    connection.ensure_connection()
                    writer = _CopyWriter(connection.connection, checker, run.id, checker.year)
                    writer.start()
                    pending = _Pending(writer)
                    found = fast_rows(
                        path,
                        result.header,
                        order,
                        checker,
                        None if progress is None else (lambda n: progress(n, "reading")),
                        sink=pending.add,
                        series=True,
                    )
                    if found is None:
                        raise GiveUp
                    pending.flush()
                    mark("read")
                    result.rows = found[0]
                    result.year = checker.year
                    if progress is not None:
                        progress(result.rows, "writing")
                    try:
                        result.created = writer.finish()
                    except Exception as exc:
                        if _is_unique_violation(exc):  # a row twice in the file (the year had none)
                            raise GiveUp(repeats=True) from exc
                        raise
                    finally:
                        writer = None
                    mark("copy")
                    for phase, seconds in writer_seconds(pending):
                        add(phase, seconds)
                    try:
                        _indexes_restore(cursor, indexes)
                    except IntegrityError as exc:
                        raise GiveUp(repeats=True) from exc
                    _people_names(cursor)
                    _foreign_keys_restore(cursor, keys)
                    mark("keys")
                    result.unchanged = result.rows - result.created
                    _record_run(run, result, by, name, checker)
                    mark("run")
                except BaseException:
                    if writer is not None:  # the writer ends before the rollback (it shares the connection)
                        writer.stop()
                        writer = None
                    raise
            mark("commit")
        finally:
            _temp_drop(cursor)
    result.seconds = time.perf_counter() - started
    if progress is not None:
        progress(result.rows, "done")
    return result


def writer_seconds(pending: _Pending) -> list[tuple[str, float]]:
    """The writer's own seconds (spent while the file was read), as phases of their own."""
    seconds = pending.writer.seconds
    return [("people (overlapped)", seconds["people"]), ("copy (overlapped)", seconds["copy"])]


def _is_unique_violation(exc: BaseException) -> bool:
    import psycopg

    return isinstance(exc, psycopg.errors.UniqueViolation | IntegrityError)
