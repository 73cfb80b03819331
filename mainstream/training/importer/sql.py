"""The set-based write: TEMP tables of the people, course titles and days seen, then the packed rows in one
``INSERT … SELECT`` (SQLite: straight from a JSON array, unpacked by ``json_each``; PostgreSQL: the staging tables are
filled with ``COPY … FROM STDIN``, issue 13 item 5, and the records written as ``_insert_postgresql`` says, item 7)."""

from __future__ import annotations

import json
import time
from array import array
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager

from django.db import IntegrityError, connection, transaction

import mainstream.training.importer as tunables  # the package: its tunables are read at call time (tests patch them)

from .checker import DAY_MASK, SHIFT_PERSON, SHIFT_VARIANT, VARIANT_MASK, RowChecker
from .phases import mark

# -- the staging tables -------------------------------------------------------------------------
STAGE = "training_stage"
PEOPLE = "training_stage_people"
VARIANTS = "training_stage_variants"
DAYS = "training_stage_days"
TEMP_TABLES = (STAGE, PEOPLE, VARIANTS, DAYS)


def _temp_create(cursor) -> None:  # type: ignore[no-untyped-def]
    _temp_drop(cursor)
    if connection.vendor == "sqlite" and not connection.in_atomic_block:  # (tests run inside one)
        cursor.execute(f"PRAGMA temp_store = {tunables.TEMP_STORE}")
        cursor.execute(f"PRAGMA cache_size = -{tunables.CACHE_KB}")  # while importing (SQLite default: 2 MB)
    cursor.execute(f"CREATE TEMP TABLE {STAGE} (v bigint)")  # a good row packed in one integer
    cursor.execute(
        f"CREATE TEMP TABLE {PEOPLE} (n integer primary key, id_hash varchar(64), id_masked varchar(10), "
        "name varchar(40), person_id bigint)"
    )
    cursor.execute(
        f"CREATE TEMP TABLE {VARIANTS} (vid integer primary key, unit_id bigint, title varchar(200), "
        "title_key varchar(200), code varchar(40), hours numeric, mode varchar(10), level varchar(10), "
        "title_id bigint)"
    )
    cursor.execute(f"CREATE TEMP TABLE {DAYS} (did integer primary key, day date)")


def _temp_drop(cursor) -> None:  # type: ignore[no-untyped-def]
    for table in TEMP_TABLES:
        cursor.execute(f"DROP TABLE IF EXISTS {table}")
    if connection.vendor == "sqlite":
        cursor.execute("PRAGMA cache_size = -2000")


def _rows_load(cursor, table: str, columns: tuple[str, ...], rows) -> None:  # type: ignore[no-untyped-def]
    """Fill a staging table: ``COPY … FROM STDIN`` on PostgreSQL (psycopg 3), a prepared ``executemany`` elsewhere."""
    if connection.vendor == "postgresql":
        raw = cursor.cursor  # Django's wrapper → the psycopg cursor, on the same connection and transaction
        with raw.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
        return
    marks = ", ".join(["%s"] * len(columns))
    cursor.executemany(f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})", rows)


def _variants_spill(cursor) -> Callable[[list[tuple]], None]:  # type: ignore[no-untyped-def]
    """What stages variant rows (``RowChecker.spill``): they then leave Python's memory."""

    def spill(rows: list[tuple]) -> None:
        if rows:
            _rows_load(
                cursor, VARIANTS, ("vid", "unit_id", "title", "title_key", "code", "hours", "mode", "level"), rows
            )

    return spill


PEOPLE_COLUMNS = ("n", "id_hash", "id_masked", "name")


def _people_spill(cursor) -> Callable[[list[tuple]], None]:  # type: ignore[no-untyped-def]
    """What stages people rows (``RowChecker.people_spill``): they then leave Python's memory."""

    def spill(rows: list[tuple]) -> None:
        if rows:
            _rows_load(cursor, PEOPLE, PEOPLE_COLUMNS, rows)

    return spill


def people_first(since: int | None = None, vendor: str | None = None) -> str:
    """SQL for the staged people, one row a person (hash): the first local number of each — its masked number and
    name are those of the person's first row in the file, as when every person kept one number. (After the cache
    was emptied a person seen again was staged again under a new number.) ``since``: only numbers from there."""
    where = "" if since is None else f" WHERE n >= {int(since)}"
    if (vendor or connection.vendor) == "postgresql":
        # (sorted byte-wise: a hash is hex, equal under any collation, and the database's own collation — strcoll —
        # took twice the time to sort 70,000 of them: 0.11 s against 0.05 s of the server's CPU, generated data)
        return (
            f'SELECT DISTINCT ON (id_hash COLLATE "C") n, id_hash, id_masked, name, person_id FROM {PEOPLE}{where} '
            'ORDER BY id_hash COLLATE "C", n'
        )
    # SQLite: with one min() the other columns are those of the row that has it
    return f"SELECT min(n) AS n, id_hash, id_masked, name, person_id FROM {PEOPLE}{where} GROUP BY id_hash"


def _people_write(  # type: ignore[no-untyped-def]
    cursor, since: int | None = None, vendor: str | None = None, resolve: bool = True, returning: bool = False
) -> None:
    """The staged people (from local number ``since``) into ``training_person``: the new ones inserted in the order
    of the file, each hash once; then (``resolve``) every staged number points to its person (several numbers may).
    Statements without parameters: the writer threads run them on the raw connection. ``returning`` (PostgreSQL):
    the INSERT returns the (id, id_hash) of each person it inserted, in the order inserted."""
    # The unique index on id_hash decides who is new (ON CONFLICT), not a NOT EXISTS sub-query: on PostgreSQL, with
    # training_person empty and analysed (a first import), that sub-query became a scan of the very pages the same
    # INSERT appends — quadratic (40 s for 70,000 people, generated data). ("WHERE true": SQLite's parser needs a
    # WHERE before ON CONFLICT in an INSERT … SELECT.)
    if (vendor or connection.vendor) == "postgresql":
        # in the order of the file, each hash as often as it was staged: the first row of a hash is inserted, a
        # later one (the person renumbered) meets it in the unique index and does nothing — no DISTINCT ON sort
        cursor.execute(
            f"INSERT INTO training_person (id_hash, id_masked, name) SELECT id_hash, id_masked, name FROM {PEOPLE}"
            + ("" if since is None else f" WHERE n >= {int(since)}")
            + " ORDER BY n ON CONFLICT (id_hash) DO NOTHING"
            + (" RETURNING id, id_hash" if returning else "")
        )
    else:
        cursor.execute(
            f"INSERT INTO training_person (id_hash, id_masked, name) SELECT id_hash, id_masked, name "
            f"FROM ({people_first(since, vendor)}) s WHERE true ORDER BY n ON CONFLICT (id_hash) DO NOTHING"
        )
    if resolve:
        cursor.execute(  # (UPDATE … FROM: one join, not a sub-query a row)
            f"UPDATE {PEOPLE} SET person_id = p.id FROM training_person p WHERE p.id_hash = {PEOPLE}.id_hash"
            + ("" if since is None else f" AND {PEOPLE}.n >= {int(since)}")
        )


def _people_names(cursor) -> None:  # type: ignore[no-untyped-def]
    """A person already known without a name gets the name of their first row in this file (if it has one).
    (Nobody without a name: nothing to do — the usual case, and no sort of the staged people.)"""
    cursor.execute("SELECT EXISTS (SELECT 1 FROM training_person WHERE name = '')")
    if not cursor.fetchone()[0]:
        return
    cursor.execute(
        f"UPDATE training_person SET name = s.name FROM ({people_first()}) s "
        "WHERE s.id_hash = training_person.id_hash AND training_person.name = '' AND s.name <> ''"
    )


def _stage(cursor, packed: array | None, chunks: Iterable[str] | None) -> None:  # type: ignore[no-untyped-def]
    """Bulk-load the good rows, each its packed integer, into the one-column staging table (the final INSERT
    unpacks them). PostgreSQL: ``COPY … FROM STDIN`` of the integers as text, a block of lines at a time (from the
    fast path's JSON arrays by replacing their commas — no Python object per row); elsewhere one JSON array per
    statement, unpacked by SQLite's ``json_each`` in C."""
    if chunks is None:
        assert packed is not None
        chunks = (
            "[" + ",".join(map(str, packed[start : start + 100_000])) + "]" for start in range(0, len(packed), 100_000)
        )
    if connection.vendor == "postgresql":
        with cursor.cursor.copy(f"COPY {STAGE} (v) FROM STDIN") as copy:
            for chunk in chunks:
                if len(chunk) > 2:
                    copy.write(chunk[1:-1].replace(",", "\n") + "\n")
        cursor.execute(f"ANALYZE {STAGE}")
        return
    for chunk in chunks:
        cursor.execute(f"INSERT INTO {STAGE} (v) SELECT value FROM json_each(%s)", [chunk])


def _foreign_keys_after(cursor, rows: int) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    """PostgreSQL, a large import: the training records' foreign keys are dropped for the bulk INSERT and added
    again (``_foreign_keys_restore``) in the same transaction. Checked row by row they cost three look-ups a row,
    queued to the commit (about 30 s for a million rows); added again they are checked by one join over the
    table. Every key of the INSERT comes from a join on its parent table anyway. (The table is locked for the
    rest of the import's transaction; a rollback brings the constraints back.) The dropped (name, definition)."""
    if connection.vendor != "postgresql" or rows < tunables.PG_KEYS_AFTER:
        return []
    connection.check_constraints()  # checks now what the transaction deferred (ALTER TABLE refuses pending checks)
    cursor.execute(
        "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
        "WHERE conrelid = 'training_trainingrecord'::regclass AND contype = 'f' ORDER BY conname"
    )
    keys = [(name, definition) for name, definition in cursor.fetchall()]
    for name, _ in keys:
        cursor.execute(f'ALTER TABLE training_trainingrecord DROP CONSTRAINT "{name}"')
    return keys


def _foreign_keys_restore(cursor, keys: list[tuple[str, str]], *, valid: bool = True) -> None:  # type: ignore[no-untyped-def]
    """The dropped keys added again: checked now by one join each (``valid``), or ``NOT VALID`` — still enforced
    for every later change, the rows already there checked afterwards by ``records_keys_validate`` (the COPY
    path, docs/adr/0013). A key still unchecked from an earlier import is checked now when ``valid``."""
    if keys:
        suffix = "" if valid else " NOT VALID"
        cursor.execute(
            "ALTER TABLE training_trainingrecord "
            + ", ".join(
                f'ADD CONSTRAINT "{name}" {definition.removesuffix(" NOT VALID")}{suffix}' for name, definition in keys
            )
        )


def _keys_lock_referenced(cursor) -> None:  # type: ignore[no-untyped-def]
    """The tables the records' foreign keys point at, locked against other writers until the import commits: the
    ids the import reads back from them then stay there, so records added without their keys' check (``NOT
    VALID``) are valid when it commits. (Dropping the keys already locks those tables — ACCESS EXCLUSIVE on
    PostgreSQL 15, readers too — and adding them back locks them against writers; this says so in one place and
    holds whatever a later PostgreSQL takes there.)"""
    cursor.execute(
        "SELECT DISTINCT confrelid::regclass::text FROM pg_constraint WHERE conrelid = %s::regclass "
        "AND contype = 'f' ORDER BY 1",
        [RECORDS],
    )
    tables = [table for (table,) in cursor.fetchall()]
    if tables:
        cursor.execute(f"LOCK TABLE {', '.join(tables)} IN SHARE ROW EXCLUSIVE MODE")


def records_keys_unchecked() -> list[str]:
    """The records' foreign keys added ``NOT VALID`` and not checked since (PostgreSQL; none elsewhere)."""
    if connection.vendor != "postgresql":
        return []
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT conname FROM pg_constraint WHERE conrelid = %s::regclass AND contype = 'f' AND NOT convalidated "
            "ORDER BY conname",
            [RECORDS],
        )
        return [name for (name,) in cursor.fetchall()]


def records_keys_validate() -> list[tuple[str, float]]:
    """Checks every record against the keys a COPY-path import added back ``NOT VALID`` (``VALIDATE
    CONSTRAINT``, each in its own transaction: it locks the records only against schema changes and other
    validations — reads and writes go on). Raises if a record points at nothing (never, by construction: the
    import read every id back from the locked tables). (name, seconds) of each key checked."""
    done = []
    for name in records_keys_unchecked():
        started = time.perf_counter()
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(f'ALTER TABLE {RECORDS} VALIDATE CONSTRAINT "{name}"')
        done.append((name, time.perf_counter() - started))
    return done


def _write(cursor, checker: RowChecker, packed: array, *, run_id: int | None, chunks: list[str] | None = None) -> int:  # type: ignore[no-untyped-def]
    """Set-based: new people and course titles, then every staged row in one INSERT … SELECT. Rows added.
    ``chunks``: the packed rows already as JSON arrays (the fast CSV path), instead of ``packed``."""
    direct = connection.vendor == "sqlite" and tunables.DIRECT
    if not direct:
        _stage(cursor, packed, chunks)
    mark("stage")
    _people_spill(cursor)(checker.people_take())  # (the rest: most were staged while reading)
    _variants_spill(cursor)(checker.variants_take())  # (the rest: most were staged while reading)
    _rows_load(cursor, DAYS, ("did", "day"), checker.day_rows)
    if connection.vendor == "postgresql":
        for table in (PEOPLE, VARIANTS, DAYS):  # (temporary tables are never analysed automatically)
            cursor.execute(f"ANALYZE {table}")
    _people_write(cursor)
    _people_names(cursor)
    cursor.execute(
        "INSERT INTO training_coursetitle (name, code, key) SELECT DISTINCT title, code, title_key "
        f"FROM {VARIANTS} v WHERE NOT EXISTS (SELECT 1 FROM training_coursetitle t WHERE t.name = v.title AND t.code = v.code)"
    )
    cursor.execute(
        f"UPDATE {VARIANTS} SET title_id = t.id FROM training_coursetitle t WHERE t.name = {VARIANTS}.title "
        f"AND t.code = {VARIANTS}.code"
    )
    mark("people")
    insert = (
        "INSERT INTO training_trainingrecord (person_id, unit_id, year, title_id, hours, date, mode, level, run_id) "
        "SELECT p.person_id, v.unit_id, %s, v.title_id, v.hours, d.day, v.mode, v.level, %s "
    )
    if not direct and connection.vendor == "postgresql":
        return _insert_postgresql(cursor, checker, packed, chunks, run_id)
    if not direct:
        cursor.execute(
            insert + f"FROM {STAGE} s CROSS JOIN {PEOPLE} p ON p.n = (s.v >> {SHIFT_PERSON}) "
            f"CROSS JOIN {VARIANTS} v ON v.vid = ((s.v >> {SHIFT_VARIANT}) & {VARIANT_MASK}) "
            f"CROSS JOIN {DAYS} d ON d.did = (s.v & {DAY_MASK}) WHERE true ON CONFLICT DO NOTHING",
            [checker.year, run_id],
        )
        return max(cursor.rowcount, 0)
    # SQLite: the packed rows go straight from a JSON array (unpacked by json_each, in C) into the table
    # (CROSS JOIN: SQLite keeps the rows as the outer loop, so they are inserted in the array's — the file's — order
    # and ON CONFLICT keeps the first of two equal rows, whatever plan the statistics would suggest.)
    if chunks is None:  # (one JSON array at a time: never the whole file as text)
        chunks = (
            json.dumps(packed[start : start + 200_000].tolist(), separators=(",", ":"))
            for start in range(0, len(packed), 200_000)
        )
    created = 0
    for chunk in chunks:
        cursor.execute(
            insert + f"FROM json_each(%s) j CROSS JOIN {PEOPLE} p ON p.n = (j.value >> {SHIFT_PERSON}) "
            f"CROSS JOIN {VARIANTS} v ON v.vid = ((j.value >> {SHIFT_VARIANT}) & {VARIANT_MASK}) "
            f"CROSS JOIN {DAYS} d ON d.did = (j.value & {DAY_MASK}) WHERE true ON CONFLICT DO NOTHING",
            [checker.year, run_id, chunk],
        )
        created += max(cursor.rowcount, 0)
    return created


RECORDS = "training_trainingrecord"
RECORD_COLUMNS = "person_id, unit_id, year, title_id, hours, date, mode, level, run_id"


def _insert_postgresql(cursor, checker: RowChecker, packed, chunks, run_id: int | None) -> int:  # type: ignore[no-untyped-def]
    """PostgreSQL: the staged rows not yet in the table, each (person, date, course) once — the first in the file.

    Without ``ON CONFLICT`` (its speculative insertion doubled the time of a million rows: 11.9 s against 5.9 s
    here, on generated data): safe because writers of training records wait — the table is locked against other
    writers (readers go on) until the import commits. A large import drops the foreign keys for the INSERT
    (``_foreign_keys_after``, docs/adr/0013).

    When the year has no records yet, the rows first go in as they are, in a savepoint — no sort for
    ``DISTINCT ON``, no look-up for ``NOT EXISTS`` — and, when the import is large beside the table, without the
    indexes other than the primary key (``_indexes_after``), built again afterwards: the unique index then checks
    that no (person, date, course) came twice. If one did, the savepoint is rolled back (indexes and all) and
    the careful INSERT runs, with the indexes it needs for its look-ups."""
    cursor.execute(f"LOCK TABLE {RECORDS} IN SHARE ROW EXCLUSIVE MODE")
    _session_settings(cursor)
    rows = len(packed) if chunks is None else sum(c.count(",") + 1 for c in chunks if len(c) > 2)
    keys = _foreign_keys_after(cursor, rows)
    mark("keys")
    created = None
    if not getattr(checker, "repeats", False) and not _year_has_records(cursor, checker.year):
        try:
            with transaction.atomic():  # a savepoint: a (person, date, course) twice rolls back to here
                indexes = _indexes_after(cursor, rows)
                cursor.execute(
                    f"INSERT INTO {RECORDS} ({RECORD_COLUMNS}) SELECT p.person_id, v.unit_id, %s, v.title_id, "
                    f"v.hours, d.day, v.mode, v.level, %s FROM {STAGE} s "
                    f"JOIN {PEOPLE} p ON p.n = (s.v >> {SHIFT_PERSON}) "
                    f"JOIN {VARIANTS} v ON v.vid = ((s.v >> {SHIFT_VARIANT}) & {VARIANT_MASK}) "
                    f"JOIN {DAYS} d ON d.did = (s.v & {DAY_MASK})"
                    + ("" if indexes else " ORDER BY p.person_id, d.day, v.title_id"),  # kept indexes: their order
                    [checker.year, run_id],
                )
                created = max(cursor.rowcount, 0)
                mark("records")
                _indexes_restore(cursor, indexes)
        except IntegrityError:
            created = None
            mark("records")
    if created is None:
        cursor.execute(
            f"INSERT INTO {RECORDS} ({RECORD_COLUMNS}) SELECT person_id, unit_id, year, title_id, hours, day, mode, "
            "level, run_id FROM (SELECT DISTINCT ON (p.person_id, d.day, v.title_id) p.person_id, v.unit_id, "
            "%s AS year, v.title_id, v.hours, d.day, v.mode, v.level, %s AS run_id "
            f"FROM {STAGE} s JOIN {PEOPLE} p ON p.n = (s.v >> {SHIFT_PERSON}) "
            f"JOIN {VARIANTS} v ON v.vid = ((s.v >> {SHIFT_VARIANT}) & {VARIANT_MASK}) "
            f"JOIN {DAYS} d ON d.did = (s.v & {DAY_MASK}) ORDER BY p.person_id, d.day, v.title_id, s.ctid) AS new "
            f"WHERE NOT EXISTS (SELECT 1 FROM {RECORDS} r WHERE r.person_id = new.person_id "
            "AND r.date = new.day AND r.title_id = new.title_id)",
            [checker.year, run_id],
        )
        created = max(cursor.rowcount, 0)
        mark("records")
    _foreign_keys_restore(cursor, keys)
    mark("keys")
    return created


def _session_settings(cursor) -> None:  # type: ignore[no-untyped-def]
    """For this transaction only (``SET LOCAL``; none needs more than the import's own rights): the sort of a
    million rows in memory, index builds with room to sort, and no JIT compilation (its planner cost of a million
    rows made PostgreSQL compile every statement; a bulk INSERT gains nothing from it)."""
    if connection.in_atomic_block:
        cursor.execute(f"SET LOCAL work_mem = '{tunables.PG_WORK_MEM}'")
        cursor.execute(f"SET LOCAL maintenance_work_mem = '{tunables.PG_MAINTENANCE_WORK_MEM}'")
        cursor.execute("SET LOCAL jit = off")


def _year_has_records(cursor, year: int | None) -> bool:  # type: ignore[no-untyped-def]
    cursor.execute(f"SELECT EXISTS (SELECT 1 FROM {RECORDS} WHERE year = %s)", [year])
    return bool(cursor.fetchone()[0])


def _table_rows(cursor) -> int:  # type: ignore[no-untyped-def]
    """The records table's rows as the planner estimates them, without counting: the rows per page of its last
    statistics times the pages it has now (a TRUNCATE or a large import since is seen at once; a table never
    analysed is taken at 60 bytes a row)."""
    cursor.execute(
        "SELECT c.reltuples, c.relpages, pg_relation_size(c.oid), current_setting('block_size')::int "
        "FROM pg_class c WHERE c.oid = %s::regclass",
        [RECORDS],
    )
    tuples, pages, size, block = cursor.fetchone()
    if pages > 0 and tuples >= 0:
        return int(tuples / pages * size / block)
    return int(size / 60)


def _indexes_after(cursor, rows: int) -> list[tuple[str, str, bool]]:  # type: ignore[no-untyped-def]
    """PostgreSQL, an import large beside the table (``rows`` at least ``PG_KEYS_AFTER`` and at least the table's
    rows divided by ``PG_REBUILD_RATIO``): the records' indexes — the unique constraint among them, and the
    primary key too when ``PG_REBUILD_PRIMARY`` and no foreign key points at the table — are dropped for the INSERT and built again (``_indexes_restore``) in the same
    transaction: one sort per index instead of a million ordered insertions into each. The table is already
    locked (ACCESS EXCLUSIVE) by the foreign keys' drop; a rollback brings everything back. Building again costs
    with the whole table, hence the ratio: a small import into a big table keeps its indexes. The dropped
    (name, definition, is a constraint)."""
    if connection.vendor != "postgresql" or rows < tunables.PG_KEYS_AFTER:
        return []
    if rows * tunables.PG_REBUILD_RATIO < _table_rows(cursor):
        return []
    cursor.execute(
        "SELECT c.conname, pg_get_constraintdef(c.oid), true FROM pg_constraint c "
        "WHERE c.conrelid = %s::regclass AND (c.contype IN ('u', 'x') OR (c.contype = 'p' AND %s "
        "AND NOT EXISTS (SELECT 1 FROM pg_constraint f WHERE f.confrelid = c.conrelid))) "
        "UNION ALL SELECT i.relname, pg_get_indexdef(i.oid), false FROM pg_index x JOIN pg_class i "
        "ON i.oid = x.indexrelid WHERE x.indrelid = %s::regclass AND NOT x.indisprimary "
        "AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = x.indexrelid) ORDER BY 3 DESC, 1",
        [RECORDS, tunables.PG_REBUILD_PRIMARY, RECORDS],
    )
    found = [(name, definition, bool(constraint)) for name, definition, constraint in cursor.fetchall()]
    for name, _, constraint in found:
        if constraint:
            cursor.execute(f'ALTER TABLE {RECORDS} DROP CONSTRAINT "{name}"')
        else:
            cursor.execute(f'DROP INDEX "{name}"')
    return found


def _indexes_restore(cursor, indexes: list[tuple[str, str, bool]]) -> None:  # type: ignore[no-untyped-def]
    """The dropped indexes and constraints built again under their own names (a duplicate raises IntegrityError)."""
    constraints = [f'ADD CONSTRAINT "{name}" {definition}' for name, definition, constraint in indexes if constraint]
    if constraints:
        cursor.execute(f"ALTER TABLE {RECORDS} " + ", ".join(constraints))
    for _, definition, constraint in indexes:
        if not constraint:
            cursor.execute(definition)
    if indexes:
        mark("indexes")


@contextmanager
def _foreign_keys_unchecked(cursor) -> Iterator[None]:  # type: ignore[no-untyped-def]
    """SQLite checks each of a million rows' foreign keys one by one; every key of the set-based insert
    comes from a join on the parent table, so the bulk write skips that (only possible outside a transaction:
    inside one, e.g. in tests, the pragma is a no-op and the checks stay on)."""
    switch = connection.vendor == "sqlite" and connection.get_autocommit()
    if switch:
        cursor.execute("PRAGMA foreign_keys = OFF")
    try:
        yield
    finally:
        if switch:
            cursor.execute("PRAGMA foreign_keys = ON")
