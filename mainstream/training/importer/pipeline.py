"""SQLite outside a transaction: a writer thread writes checked rows while the file is still being read (the
exact path when ``PIPELINE``; the fast CSV path when ``FAST_PIPELINE``), all in one transaction."""

from __future__ import annotations

import json
import time
from array import array
from pathlib import Path

from django.db import connection, transaction
from django.utils import timezone

import mainstream.training.importer as tunables  # the package: its tunables are read at call time (tests patch them)
from mainstream.audit.services import audit_record
from mainstream.imports.models import ImportRun
from mainstream.imports.readers import FileFormatError
from mainstream.imports.values import RowError

from .checker import DAY_MASK, SHIFT_PERSON, SHIFT_VARIANT, VARIANT_MASK, Progress, RowChecker, TrainingImportResult
from .reading import _file_errors, _open, _read, plain_utf8_csv
from .sql import (
    DAYS,
    PEOPLE,
    VARIANTS,
    _foreign_keys_unchecked,
    _people_names,
    _people_write,
    _temp_create,
    _temp_drop,
    people_first,
)
from .writer import WriterThread


class _Rejected(Exception):
    """A row was wrong: roll back what the writer already wrote."""


class _Writer(WriterThread):
    """Writes chunks of good rows while the reader goes on (SQLite releases the GIL while it works, so the
    two use both cores)."""

    def __init__(self, raw, checker: RowChecker, run_id: int):  # type: ignore[no-untyped-def]
        super().__init__(name="training-import-writer", raw=raw, checker=checker)
        self.run_id = run_id

    def put(self, packed: array) -> None:  # type: ignore[type-arg]
        checker = self.checker
        self.queue.put(
            (
                array("Q", packed),
                checker.people_take(),
                checker.variants_take(),
                len(checker.day_rows),
                checker.year,
            )
        )
        del packed[:]

    def put_json(self, chunk: str) -> None:
        """Good rows already packed as a JSON array (the fast CSV path)."""
        checker = self.checker
        self.queue.put((chunk, checker.people_take(), checker.variants_take(), len(checker.day_rows), checker.year))

    def _people(self, rows: list[tuple]) -> None:
        if rows:  # one statement (json_each): the GIL is released while SQLite works, the reader keeps going
            self.raw.cursor().execute(
                f"INSERT INTO {PEOPLE} (n, id_hash, id_masked, name) SELECT value ->> 0, value ->> 1, value ->> 2, "
                "value ->> 3 FROM json_each(?)",
                (json.dumps(rows),),
            )
            self.people_staged = rows[-1][0] + 1

    def _chunk(self, packed: array | str, people: list[tuple], variants: list[tuple], days: int, year: int) -> None:  # type: ignore[type-arg]
        cur, c = self.raw.cursor(), self.checker
        first_day = self.days_done
        first_variant = variants[0][0] if variants else c.variant_count  # (the new ones are numbered from here)
        self._people(people)
        if self.people_staged > self.people_done:  # the people staged since the last chunk, each hash once
            _people_write(cur, since=self.people_done, vendor="sqlite")  # (SQL without parameters: raw cursor)
            self.people_done = self.people_staged
        cur.execute(
            f"INSERT INTO {VARIANTS} SELECT value ->> 0, value ->> 1, value ->> 2, value ->> 3, value ->> 4, "
            "CAST(value ->> 5 AS NUMERIC), value ->> 6, value ->> 7, NULL FROM json_each(?)",
            (json.dumps(variants),),
        )
        cur.execute(
            "INSERT INTO training_coursetitle (name, code, key) SELECT DISTINCT title, code, title_key "
            f"FROM {VARIANTS} v WHERE v.vid >= ? AND NOT EXISTS (SELECT 1 FROM training_coursetitle t "
            "WHERE t.name = v.title AND t.code = v.code)",
            (first_variant,),
        )
        cur.execute(
            f"UPDATE {VARIANTS} SET title_id = (SELECT t.id FROM training_coursetitle t WHERE t.name = "
            f"{VARIANTS}.title AND t.code = {VARIANTS}.code) WHERE vid >= ?",
            (first_variant,),
        )
        cur.execute(
            f"INSERT INTO {DAYS} SELECT value ->> 0, value ->> 1 FROM json_each(?)",
            (json.dumps(c.day_rows[first_day:days]),),
        )
        self.days_done = days
        cur.execute(
            "INSERT INTO training_trainingrecord (person_id, unit_id, year, title_id, hours, date, mode, level, run_id) "
            "SELECT p.person_id, v.unit_id, ?, v.title_id, v.hours, d.day, v.mode, v.level, ? "
            f"FROM json_each(?) j CROSS JOIN {PEOPLE} p ON p.n = (j.value >> {SHIFT_PERSON}) "
            f"CROSS JOIN {VARIANTS} v ON v.vid = ((j.value >> {SHIFT_VARIANT}) & {VARIANT_MASK}) "
            f"CROSS JOIN {DAYS} d ON d.did = (j.value & {DAY_MASK}) "
            "WHERE true ON CONFLICT DO NOTHING",
            (
                year,
                self.run_id,
                packed if isinstance(packed, str) else json.dumps(packed.tolist(), separators=(",", ":")),
            ),
        )
        self.created += max(cur.rowcount, 0)


def _import_pipelined(
    path: Path,
    name: str,
    by,
    checker: RowChecker,
    result: TrainingImportResult,  # type: ignore[no-untyped-def]
    progress: Progress | None,
    started: float,
) -> TrainingImportResult:
    """The same import, with the writing overlapped with the reading (SQLite, outside any transaction)."""
    packed = array("Q")
    errors: list[RowError] = []
    try:
        rows, order = _open(path, name, result)
    except FileFormatError as exc:
        result.error(RowError(0, "", str(exc)))
    if result.error_count:
        result.seconds = time.perf_counter() - started
        return result
    writer = None
    with connection.cursor() as cursor, _foreign_keys_unchecked(cursor):
        _temp_create(cursor)
        try:
            with transaction.atomic():
                run = ImportRun.objects.create(
                    kind="training", filename=name[:255], sha256="", user=by if getattr(by, "pk", None) else None
                )
                connection.ensure_connection()
                writer = _Writer(connection.connection, checker, run.id)
                writer.start()
                with _file_errors(result):
                    _read(rows, order, checker, packed, result, errors, progress, flush=lambda: writer.put(packed))
                result.year = checker.year
                if not result.error_count:
                    if progress is not None:
                        progress(result.rows, "writing")
                    if packed:
                        writer.put(packed)
                result.created = writer.finish()
                writer = None
                if result.error_count:
                    raise _Rejected
                _people_names(cursor)
                result.unchanged = result.rows - result.created
                _record_run(run, result, by, name, checker)
        except _Rejected:
            result.created = result.unchanged = 0
        finally:
            if writer is not None:  # an unexpected error while reading: let the writer end before rolling back
                writer.stop()
            _temp_drop(cursor)
    result.seconds = time.perf_counter() - started
    if progress is not None:
        progress(result.rows, "done")
    return result


class _Pending:
    """Gathers the fast path's JSON arrays until about FLUSH rows, then hands them to the writer as one
    (fewer, larger statements)."""

    def __init__(self, writer: _Writer) -> None:
        self.writer, self.parts, self.size = writer, [], 0

    def add(self, chunk: str) -> None:
        self.parts.append(chunk[1:-1])
        self.size += len(chunk)
        if self.size >= tunables.FLUSH * 14:  # (a packed row is about 14 characters of JSON)
            self.flush()

    def flush(self) -> None:
        if self.parts:
            self.writer.put_json("[" + ",".join(self.parts) + "]")
            self.parts, self.size = [], 0


def _import_fast_pipelined(
    path: Path,
    name: str,
    by,  # type: ignore[no-untyped-def]
    checker: RowChecker,
    result: TrainingImportResult,
    progress: Progress | None,
    started: float,
) -> TrainingImportResult | None:
    """A plain UTF-8 CSV on SQLite (outside any transaction): polars reads and checks batch by batch
    (``fastcsv``) while a writer thread writes the batches already checked, all in one transaction. Any wrong
    value: everything is rolled back and None returned — the caller then runs the exact path, which reports
    each bad row. None too when the file is not for this path (nothing written then either)."""
    opened = plain_utf8_csv(path, name, result)
    if opened is None:
        return None
    order = opened[1]
    from ..fastcsv import fast_rows

    checker.has_code = order[-1] >= 0
    writer = None
    gave_up = False
    with connection.cursor() as cursor, _foreign_keys_unchecked(cursor):
        _temp_create(cursor)
        try:
            with transaction.atomic():
                run = ImportRun.objects.create(
                    kind="training", filename=name[:255], sha256="", user=by if getattr(by, "pk", None) else None
                )
                connection.ensure_connection()
                writer = _Writer(connection.connection, checker, run.id)
                writer.start()
                pending = _Pending(writer)
                try:
                    found = fast_rows(
                        path,
                        result.header,
                        order,
                        checker,
                        None if progress is None else (lambda n: progress(n, "reading")),
                        sink=pending.add,
                    )
                    pending.flush()
                except BaseException:  # (fast_rows gives up on any error; this is e.g. an interrupt)
                    writer.stop()
                    writer = None
                    raise
                if found is None:  # stop the writer before the rollback (it shares the connection)
                    gave_up = True
                    writer.stop(_Rejected())
                    writer = None
                    raise _Rejected
                result.rows = found[0]
                result.year = checker.year
                if progress is not None:
                    progress(result.rows, "writing")
                result.created = writer.finish()
                writer = None
                _people_names(cursor)
                result.unchanged = result.rows - result.created
                _record_run(run, result, by, name, checker)
        except _Rejected:
            pass
        finally:
            if writer is not None:  # gave up or an unexpected error: let the writer end before rolling back
                writer.stop()
            _temp_drop(cursor)
    if gave_up:
        return None
    result.seconds = time.perf_counter() - started
    if progress is not None:
        progress(result.rows, "done")
    return result


def _record_run(run: ImportRun, result: TrainingImportResult, by, name: str, checker: RowChecker) -> None:  # type: ignore[no-untyped-def]
    if not result.created:
        run.delete()  # the same file again: nothing changed, nothing to record
        return
    from ..offroster import off_roster_summary

    run.status = ImportRun.Status.DONE
    run.rows = run.progress = result.rows
    run.created = result.created
    run.unchanged = result.unchanged
    run.finished = timezone.now()
    run.summary = off_roster_summary(people_first(), checker.year)  # (from the staged people, in the database)
    result.off_roster = run.summary["off_roster"]
    result.off_roster_sample = run.summary["off_roster_sample"]
    result.off_roster_rule = run.summary["off_roster_rule_label"]
    run.save()
    result.run_id = run.id
    result.written = True
    audit_record(
        by=by,
        action="import.training",
        obj=run,
        summary=f"匯入訓練紀錄「{name}」{result.rows} 列（{checker.year} 年）：新增 {result.created}、"
        f"重複未匯入 {result.unchanged}"
        + (f"；未列名冊 {result.off_roster} 人（{result.off_roster_rule}）" if result.off_roster else ""),
        changes={
            "rows": result.rows,
            "created": result.created,
            "year": checker.year,
            "people": run.summary["people"],
            "off_roster": result.off_roster,
        },
    )
