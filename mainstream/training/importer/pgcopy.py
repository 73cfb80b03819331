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

import numpy as np
from django.db import IntegrityError, connection, transaction

import mainstream.training.importer as tunables  # the package: its tunables are read at call time (tests patch them)
from mainstream.imports.models import ImportRun

from .checker import DAY_MASK, SHIFT_PERSON, SHIFT_VARIANT, VARIANT_MASK, Progress, RowChecker, TrainingImportResult
from .pgbinary import COLUMNS as BINARY_COLUMNS
from .pgbinary import day_number, hundredths, records_binary
from .phases import add, mark
from .pipeline import _record_run
from .reading import plain_utf8_csv
from .sql import (
    PEOPLE,
    RECORDS,
    VARIANTS,
    _foreign_keys_after,
    _foreign_keys_restore,
    _indexes_after,
    _indexes_restore,
    _keys_lock_referenced,
    _people_names,
    _people_write,
    _session_settings,
    _temp_create,
    _temp_drop,
    _year_has_records,
)
from .writer import WriterThread

# COPY's text format: a backslash, tab, newline or carriage return inside a value is escaped (names are the only
# free text among the people's columns; the numbers, hashes and masks are ASCII without them)
_COPY_TEXT = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


class GiveUp(Exception):
    """This file takes the staged path (everything done here is rolled back)."""

    def __init__(self, repeats: bool = False, slow: bool = False) -> None:
        super().__init__()
        self.repeats = (
            repeats  # a (person, date, course) came twice: the staged path goes straight to its careful INSERT
        )
        self.slow = slow  # the fast reader gave up on this file (a wrong value…): the exact reader is next


class _CopyWriter(WriterThread):
    """Adds each batch's new people and course titles, then COPYs the batch's records into the table (binary,
    ``pgbinary``). The only one to touch the connection until it is joined (the reader only reads the file)."""

    def __init__(self, raw, checker: RowChecker, run_id: int, year: int):  # type: ignore[no-untyped-def]
        super().__init__(name="training-import-copy", raw=raw, checker=checker)
        self.run_id, self.year = run_id, year
        # by local number: the person's id; by variant number: its unit, title id, hundredths of an hour and
        # (mode, level) group; by day number: days since 2000-01-01 (numpy arrays, grown as numbers come)
        self.person_ids = _Column(np.int64)
        self.units, self.titles, self.hours, self.groups = (_Column(np.int64) for _ in range(4))
        self.group_of: dict[tuple[str, str], int] = {}
        self.days = _Column(np.int32)
        self.sequence = ""  # the records' identity sequence
        self.hashes: list[str] = []  # the hashes staged since the last people INSERT, in their order
        self.seconds = {"people": 0.0, "copy": 0.0}

    def put(self, packed) -> None:  # type: ignore[no-untyped-def]
        c = self.checker
        self.queue.put((packed, c.people_take(), c.variants_take(), len(c.day_rows)))

    def _people(self, rows: list[tuple]) -> None:
        if rows:
            started = time.perf_counter()
            text = "".join(
                f"{n}\t{hashed}\t{masked}\t{name.translate(_COPY_TEXT)}\n" for n, hashed, masked, name in rows
            )
            with self.raw.cursor().copy(f"COPY {PEOPLE} (n, id_hash, id_masked, name) FROM STDIN") as copy:
                copy.write(text.encode())  # (one string: psycopg's write_row costs a Python call a row)
            self.people_staged = rows[-1][0] + 1
            self.hashes.extend(row[1] for row in rows)
            self.seconds["people"] += time.perf_counter() - started

    def _chunk(self, packed, people: list[tuple], variants: list[tuple], days: int) -> None:  # type: ignore[no-untyped-def]
        c, cur = self.checker, self.raw.cursor()
        self._people(people)
        started = time.perf_counter()
        first = self.people_done
        if self.people_staged > first:  # each hash once into training_person; every number → its person's id
            _people_write(cur, since=first, vendor="postgresql", resolve=False, returning=True)
            inserted, hashes, self.hashes = cur.fetchall(), self.hashes, []
            if len(inserted) == len(hashes) and all(h == row[1] for h, row in zip(hashes, inserted, strict=True)):
                ids = np.fromiter((row[0] for row in inserted), dtype=np.int64)  # all new: their ids as returned
            else:  # some known already (or a hash twice): every number's person read back by its hash
                cur.execute(
                    f"SELECT p.id FROM {PEOPLE} s JOIN training_person p ON p.id_hash = s.id_hash WHERE s.n >= %s "
                    "ORDER BY s.n",
                    (first,),
                )
                ids = np.fromiter((row[0] for row in cur.fetchall()), dtype=np.int64)
            if len(ids) != self.people_staged - first:
                raise RuntimeError("people numbered out of order")
            self.person_ids.extend(ids)
            self.people_done = self.people_staged
        if variants:
            if variants[0][0] != len(self.titles):
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
            titles = np.fromiter((row[0] for row in cur.fetchall()), dtype=np.int64)
            if len(titles) != len(variants):
                raise RuntimeError("course titles not found")
            self.titles.extend(titles)
            self.units.extend(np.fromiter((row[1] for row in variants), dtype=np.int64))
            self.hours.extend(np.fromiter((hundredths(row[5]) for row in variants), dtype=np.int64))
            self.groups.extend(
                np.fromiter(
                    (self.group_of.setdefault((row[6], row[7]), len(self.group_of)) for row in variants), dtype=np.int64
                )
            )
        if days > self.days_done:
            self.days.extend(
                np.fromiter((day_number(iso) for _, iso in c.day_rows[self.days_done : days]), dtype=np.int32)
            )
            self.days_done = days
        copying = time.perf_counter()
        self.seconds["people"] += copying - started
        v = packed  # (numpy uint64: person, variant and day numbers packed)
        n = len(v)
        if not self.sequence:
            cur.execute("SELECT pg_get_serial_sequence(%s, 'id')", (RECORDS,))
            self.sequence = cur.fetchone()[0]
        # a block of n ids from the records' identity sequence (no nextval a row); no one else takes ids from it
        # meanwhile: every other writer of the records waits for the table lock the import holds
        cur.execute("SELECT setval(%s::regclass, nextval(%s::regclass) + %s - 1)", (self.sequence, self.sequence, n))
        last = cur.fetchone()[0]
        vid = ((v >> SHIFT_VARIANT) & VARIANT_MASK).astype(np.int64)
        data = records_binary(
            ids=np.arange(last - n + 1, last + 1, dtype=np.int64),
            person=self.person_ids.view()[(v >> SHIFT_PERSON).astype(np.int64)],
            unit=self.units.view()[vid],
            year=self.year,
            title=self.titles.view()[vid],
            hours=self.hours.view()[vid],
            date=self.days.view()[(v & DAY_MASK).astype(np.int64)],
            run=self.run_id,
            group=self.groups.view()[vid],
            groups=list(self.group_of),
        )
        with cur.copy(f"COPY {RECORDS} ({BINARY_COLUMNS}) FROM STDIN (FORMAT BINARY)") as copy:
            copy.write(data)
        self.created += n
        self.seconds["copy"] += time.perf_counter() - copying


class _Column:
    """A growing numpy column (amortised doubling): ``extend`` appends, ``view`` is what is filled so far."""

    def __init__(self, dtype) -> None:  # type: ignore[no-untyped-def]
        self.data, self.size = np.empty(1024, dtype=dtype), 0

    def __len__(self) -> int:
        return self.size

    def extend(self, values: np.ndarray) -> None:
        end = self.size + len(values)
        if end > len(self.data):
            grown = np.empty(max(end, 2 * len(self.data)), dtype=self.data.dtype)
            grown[: self.size] = self.data[: self.size]
            self.data = grown
        self.data[self.size : end] = values
        self.size = end

    def view(self) -> np.ndarray:
        return self.data[: self.size]


class _Pending:
    """Gathers checked batches until about PG_FLUSH rows (FLUSH when smaller), then hands them to the writer as
    one."""

    def __init__(self, writer: _CopyWriter) -> None:
        self.writer, self.parts, self.rows = writer, [], 0

    def add(self, packed) -> None:  # type: ignore[no-untyped-def]
        self.parts.append(packed)
        self.rows += packed.len()
        if self.rows >= min(tunables.FLUSH, tunables.PG_FLUSH):
            self.flush()

    def flush(self) -> None:
        if self.parts:
            self.writer.put(np.concatenate([part.to_numpy() for part in self.parts]))
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
    opened = plain_utf8_csv(path, name, result)
    if opened is None:
        raise GiveUp
    rows, order = opened
    try:
        first = next(rows, None)
    except (UnicodeDecodeError, csv.Error) as exc:
        raise GiveUp from exc
    if first is None or len(first[1]) <= order[5]:
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
                    if keys:  # (before any id is read back: they are added again NOT VALID)
                        _keys_lock_referenced(cursor)
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
                        raise GiveUp(slow=True)
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
                    _foreign_keys_restore(cursor, keys, valid=False)
                    if keys:  # their check of the rows already there: a queued job, once this commits
                        from ..jobs import training_keys_validate_task

                        training_keys_validate_task.enqueue()
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
