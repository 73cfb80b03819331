"""The ``training`` import at city scale: e-learning exports of about 1,000,000 rows a year.

The generic framework (``imports.services.import_file``) keeps every parsed row in memory and writes
row by row; that is fine for a few thousand rows, not for a million. This runner streams instead:

0. a plain UTF-8 CSV first goes through the fast path (``fastcsv``): polars reads it in 4 MB batches, every
   distinct value is judged once by the same RowChecker methods, the batch is packed column-wise, and on SQLite
   (outside a transaction) a writer thread writes each checked batch while the next is read. Any wrong value (or
   anything unusual: CP950, a header not on row 1, a quoted line break at a batch edge) rolls that back and the
   file goes through steps 1–4, which report every bad row with its number, column and reason;
1. read the file row by row (CSV: the csv module over ``readers.detect_encoding``; XLSX/ODS: ``readers.read_rows``);
2. check each row, collecting :class:`~mainstream.imports.values.RowError` (the same reasons as the core);
   every distinct value (ID, unit + course + hours + mode + level, date) is checked once and cached, so a row
   costs three dict look-ups and becomes ONE packed 64-bit integer (person, class, day) — 8 bytes a row. The
   caches are bounded (``PEOPLE_CACHE``, ``VARIANT_CACHE``) and the people and classes judged are staged while
   reading (``SPILL`` at a time), so memory does not grow with distinct people or classes (``RowChecker``);
3. writing is set-based: the people, course titles and days seen are loaded into TEMP tables, then each chunk of
   packed rows goes in with one ``INSERT … SELECT`` that unpacks it (SQLite's ``json_each``, in C: a COPY of
   sorts) and joins the temp tables; ``ON CONFLICT DO NOTHING`` on (person, date, course) makes a re-import add
   nothing. (``PIPELINE``: on SQLite a writer thread can do this while the file is still being read, inside the
   same transaction; off by default.) On other databases all rows are staged, then written at once;
4. any wrong row: the transaction is rolled back — all or nothing.

ID numbers live only in this process's memory while reading: the tables hold the HMAC and the masked form;
errors name the row and column, never the value.

The package: ``columns`` (headers, modes, levels, ``title_key``), ``checker`` (``RowChecker``, the result),
``reading`` (header, row loop, fast path), ``sql`` (temp tables, the set-based write), ``pipeline`` (the writer
thread). The tunables below live here and are read at call time by those modules.
"""

from __future__ import annotations

import time
from array import array
from collections.abc import Iterable
from pathlib import Path

from django.db import connection, transaction

from mainstream.imports.models import ImportRun
from mainstream.imports.values import RowError
from mainstream.units.access import access_for

from .checker import Progress, RowChecker, TrainingImportResult
from .columns import COLUMNS, HEADER_MAP, LEVELS, MODES, title_key
from .pgcopy import GiveUp, import_postgresql_copy
from .phases import mark, timing
from .pipeline import _import_fast_pipelined, _import_pipelined, _record_run, _Writer
from .reading import _count_lines, _fast, _file_errors, _open, _read
from .sql import _foreign_keys_unchecked, _people_spill, _temp_create, _temp_drop, _variants_spill, _write

__all__ = [  # what other modules import from here (and what tests patch or call)
    "COLUMNS",
    "HEADER_MAP",
    "LEVELS",
    "MODES",
    "Progress",
    "RowChecker",
    "TrainingImportResult",
    "_Writer",
    "_count_lines",
    "_open",
    "rows_import_write",
    "title_key",
    "training_import",
]

# Tunables: the modules of this package read them here, at call time (so a test may patch them on the package).
CHUNK = 20_000
PROGRESS_MASK = 0x3FFF  # progress (and hand-over to the writer) every 16,384 rows
# SQLite outside a transaction: write chunks in a second thread while the file is read. Off: on this 2-core
# machine, shared with other work, the two threads contend (GIL, cores) and the sequential path was as fast.
PIPELINE = False
FLUSH = 100_000  # rows per chunk handed to the writer
CACHE_KB = 16384  # SQLite page cache while importing (more did not help: the rows are appended in order)
FAST = True  # UTF-8 CSV: read and check column-wise with polars (``fastcsv``); any wrong value → the exact path
FAST_PIPELINE = True  # the fast path on SQLite outside a transaction: a writer thread writes while polars reads
DIRECT = True  # SQLite: insert from the packed rows without a staging table
# Bounded memory whatever the shape of the file (issue 13 item 6): 300,000 distinct course/hours/mode combinations
# took 769 MB (fast path) / 538 MB (exact path) when every one was kept in Python dicts and lists.
VARIANT_CACHE = 50_000  # judged variants remembered at once (emptied when full; one costs ~0.5 KB)
SPILL = 10_000  # variant (and people) rows handed to the staging table at a time while reading
# … and whatever the number of distinct people: 1,000,000 distinct people took 994 MB (about 0.8 KB a person, every
# one kept in Python until the write). The realistic export has 70,000 people: they all stay in the cache.
PEOPLE_CACHE = 150_000  # ID numbers remembered at once (emptied when full: seen again → a new local number)
TEMP_STORE = "FILE"  # SQLite temp tables (staging) on disk beyond a small cache, not in this process's memory
FAST_CLASSES = 50_000  # more distinct variants than this: the fast path hands the file to the exact path
PG_WORK_MEM = "256MB"  # PostgreSQL: for the import's sort (server memory, only during the import's transaction)
PG_KEYS_AFTER = 50_000  # PostgreSQL: from this many rows, foreign keys are added again after the INSERT
# PostgreSQL, a plain UTF-8 CSV of at least PG_COPY_AFTER rows (estimated) into a year without records: the records
# are COPYed straight into their table while the file is read (``pgcopy``); otherwise staged, then INSERT … SELECT
PG_COPY = True
PG_COPY_AFTER = 50_000
# … handing the writer thread about PG_FLUSH rows at a time: what is left to write when the reading ends is shorter.
# 1,000,000 generated rows, the same sitting: 3.62–3.65 s with 50,000 against 3.75–3.76 s with FLUSH's 100,000
PG_FLUSH = 50_000
PG_MAINTENANCE_WORK_MEM = "256MB"  # PostgreSQL: for building the records' indexes again (only in that transaction)
# PostgreSQL, a large import: its indexes are built again after the INSERT when the table holds at most this many
# times the import's rows (a build sorts the whole table; an insertion costs per new row only). Measured here on
# generated data: 1,000,000 rows into an empty table, insertion into both indexes 3.5 s, both built again 0.9 s.
PG_REBUILD_RATIO = 2
# … the primary key among them (when no foreign key points at the records): COPY of a million records 3.8–3.9 s
# with it, 2.6–2.8 s without, 0.5 s to build it again (generated data, this machine)
PG_REBUILD_PRIMARY = True
# more classes than this in the first rows: the exact path from the start (the bench's realistic export has 10,470
# in its first 20,000 rows, 18,800 in all: the fast path; 1,000,000 rows of 40,000 classes peak at 360 MB there)
SAMPLE, SAMPLE_CLASSES = 20_000, 16_000


def training_import(
    *,
    path: str | Path,
    by=None,
    filename: str | None = None,
    year: int | None = None,  # type: ignore[no-untyped-def]
    dry_run: bool = False,
    progress: Progress | None = None,
) -> TrainingImportResult:
    """Import a training export: all rows or none; a re-import adds nothing. Never raises for bad rows.
    The result's ``phases``: the seconds of each phase (reading and checking, staging, people, records…)."""
    phases: dict[str, float] = {}
    with timing(phases):
        result = _training_import(path=path, by=by, filename=filename, year=year, dry_run=dry_run, progress=progress)
    result.phases = phases
    return result


def _training_import(
    *,
    path: str | Path,
    by,  # type: ignore[no-untyped-def]
    filename: str | None,
    year: int | None,
    dry_run: bool,
    progress: Progress | None,
) -> TrainingImportResult:
    started = time.perf_counter()
    path = Path(path)
    name = filename or path.name
    result = TrainingImportResult(name, year=year)
    if by is not None and not access_for(by).is_authenticated:
        result.error(RowError(0, "", "請先登入"))
        return result
    checker = RowChecker(year=year, by=by)
    mark("start")
    fast = FAST  # False once the fast reader has given up on this file: it would only give up again
    if FAST and PG_COPY and connection.vendor == "postgresql" and not dry_run:
        try:
            return import_postgresql_copy(path, name, by, checker, result, progress, started)
        except GiveUp as gave_up:  # the staged path from scratch (nothing was kept)
            mark("given up")
            result = TrainingImportResult(name, year=year)
            checker = RowChecker(year=year, by=by)
            checker.repeats = gave_up.repeats  # type: ignore[attr-defined]
            fast = not gave_up.slow
    if FAST and FAST_PIPELINE and connection.vendor == "sqlite" and not connection.in_atomic_block and not dry_run:
        done = _import_fast_pipelined(path, name, by, checker, result, progress, started)
        if done is not None:
            return done
        result = TrainingImportResult(name, year=year)  # the exact path from scratch (nothing was kept)
        checker = RowChecker(year=year, by=by)
    if PIPELINE and connection.vendor == "sqlite" and not connection.in_atomic_block and not dry_run:
        return _import_pipelined(path, name, by, checker, result, progress, started)
    packed = array("Q")
    chunks: list[str] | None = None
    errors: list[RowError] = []
    with connection.cursor() as cursor, _foreign_keys_unchecked(cursor):
        _temp_create(cursor)  # before reading: variants judged good are staged as they come (bounded memory)
        try:
            with _file_errors(result):
                rows, order = _open(path, name, result)
                if not result.error_count:
                    checker.people_spill = _people_spill(cursor)  # people judged good are staged as they come
                    chunks = _fast(path, name, result, order, checker, progress) if fast else None
                    if chunks is None:
                        _temp_create(cursor)  # the exact path from scratch (as if never tried): nothing staged
                        checker = RowChecker(year=year, by=by)
                        checker.spill, checker.people_spill = _variants_spill(cursor), _people_spill(cursor)
                        _read(rows, order, checker, packed, result, errors, progress)
            result.year = checker.year
            if result.error_count or dry_run:
                result.seconds = time.perf_counter() - started
                return result  # nothing written, not even a log row
            mark("read")
            if progress is not None:
                progress(result.rows, "writing")
            with transaction.atomic():
                run = ImportRun.objects.create(
                    kind="training",
                    filename=name[:255],
                    sha256="",
                    user=by if getattr(by, "pk", None) else None,
                    rows=result.rows,
                )
                result.created = _write(cursor, checker, packed, run_id=run.id, chunks=chunks)
                result.unchanged = result.rows - result.created
                _record_run(run, result, by, name, checker)
                mark("run")
            mark("commit")
        finally:
            _temp_drop(cursor)
    result.seconds = time.perf_counter() - started
    if progress is not None:
        progress(result.rows, "done")
    return result


# -- the generic framework's path (small files through ``imports.services.import_file``) ---------------
def rows_import_write(rows: Iterable[tuple[int, tuple[str, ...]]], *, by=None) -> tuple[int, int]:  # type: ignore[no-untyped-def]
    """Write rows (values in the order of COLUMNS) through the same set-based path: (created, rows)."""
    checker = RowChecker(year=None, by=by)
    packed = array("Q")
    errors: list[RowError] = []
    for number, values in rows:
        good = checker.check(number, values, errors)
        if good is not None:
            packed.append(good)
    if errors:
        raise ValueError(str(errors[0]))
    with connection.cursor() as cursor:
        _temp_create(cursor)
        try:
            created = _write(cursor, checker, packed, run_id=None)
        finally:
            _temp_drop(cursor)
    return created, len(packed)
