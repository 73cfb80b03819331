"""The set-based write: TEMP tables of the people, course titles and days seen, then the packed rows in one
``INSERT … SELECT`` (SQLite: straight from a JSON array, unpacked by ``json_each``; PostgreSQL: the staging tables are
filled with ``COPY … FROM STDIN``, issue 13 item 5)."""

from __future__ import annotations

import json
from array import array
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from django.db import connection

import mainstream.training.importer as tunables  # the package: its tunables are read at call time (tests patch them)

from .checker import DAY_MASK, SHIFT_PERSON, SHIFT_VARIANT, VARIANT_MASK, RowChecker

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
    cursor.execute(f"CREATE TEMP TABLE {STAGE} (n integer, vid integer, did integer)")
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


def _stage(cursor, packed: array) -> None:  # type: ignore[no-untyped-def]
    """Bulk-load the good rows into the staging table. On SQLite each chunk is one JSON array of packed
    integers that ``json_each`` unpacks in C (a COPY of sorts: no per-row parameter binding)."""
    for start in range(0, len(packed), 100_000):
        part = packed[start : start + 100_000].tolist()
        if connection.vendor == "sqlite":
            cursor.execute(
                f"INSERT INTO {STAGE} (n, vid, did) SELECT value >> {SHIFT_PERSON}, "
                f"(value >> {SHIFT_VARIANT}) & {VARIANT_MASK}, value & {DAY_MASK} FROM json_each(%s)",
                [json.dumps(part, separators=(",", ":"))],
            )
        else:
            _rows_load(
                cursor,
                STAGE,
                ("n", "vid", "did"),
                ((v >> SHIFT_PERSON, (v >> SHIFT_VARIANT) & VARIANT_MASK, v & DAY_MASK) for v in part),
            )


def _write(cursor, checker: RowChecker, packed: array, *, run_id: int | None, chunks: list[str] | None = None) -> int:  # type: ignore[no-untyped-def]
    """Set-based: new people and course titles, then every staged row in one INSERT … SELECT. Rows added.
    ``chunks``: the packed rows already as JSON arrays (the fast CSV path), instead of ``packed``."""
    direct = connection.vendor == "sqlite" and tunables.DIRECT
    if chunks is not None and not direct:
        packed = array("Q")
        for chunk in chunks:
            packed.extend(json.loads(chunk))
    if not direct:
        _stage(cursor, packed)
    _rows_load(cursor, PEOPLE, ("n", "id_hash", "id_masked", "name"), checker.people_rows)
    _variants_spill(cursor)(checker.variants_take())  # (the rest: most were staged while reading)
    _rows_load(cursor, DAYS, ("did", "day"), checker.day_rows)
    cursor.execute(
        f"INSERT INTO training_person (id_hash, id_masked, name) SELECT id_hash, id_masked, name FROM {PEOPLE} s "
        "WHERE NOT EXISTS (SELECT 1 FROM training_person p WHERE p.id_hash = s.id_hash) ORDER BY n"
    )
    cursor.execute(
        f"UPDATE training_person SET name = (SELECT s.name FROM {PEOPLE} s WHERE s.id_hash = "
        f"training_person.id_hash) WHERE name = '' AND id_hash IN (SELECT id_hash FROM {PEOPLE} WHERE name <> '')"
    )
    cursor.execute(
        f"UPDATE {PEOPLE} SET person_id = (SELECT p.id FROM training_person p WHERE p.id_hash = {PEOPLE}.id_hash)"
    )
    cursor.execute(
        "INSERT INTO training_coursetitle (name, code, key) SELECT DISTINCT title, code, title_key "
        f"FROM {VARIANTS} v WHERE NOT EXISTS (SELECT 1 FROM training_coursetitle t WHERE t.name = v.title AND t.code = v.code)"
    )
    cursor.execute(
        f"UPDATE {VARIANTS} SET title_id = (SELECT t.id FROM training_coursetitle t WHERE t.name = "
        f"{VARIANTS}.title AND t.code = {VARIANTS}.code)"
    )
    insert = (
        "INSERT INTO training_trainingrecord (person_id, unit_id, year, title_id, hours, date, mode, level, run_id) "
        "SELECT p.person_id, v.unit_id, %s, v.title_id, v.hours, d.day, v.mode, v.level, %s "
    )
    if not direct:
        cursor.execute(
            insert + f"FROM {STAGE} s JOIN {PEOPLE} p ON p.n = s.n JOIN {VARIANTS} v ON v.vid = s.vid "
            f"JOIN {DAYS} d ON d.did = s.did WHERE true ON CONFLICT DO NOTHING",
            [checker.year, run_id],
        )
        return max(cursor.rowcount, 0)
    # SQLite: the packed rows go straight from a JSON array (unpacked by json_each, in C) into the table
    if chunks is None:  # (one JSON array at a time: never the whole file as text)
        chunks = (
            json.dumps(packed[start : start + 200_000].tolist(), separators=(",", ":"))
            for start in range(0, len(packed), 200_000)
        )
    created = 0
    for chunk in chunks:
        cursor.execute(
            insert + f"FROM json_each(%s) j JOIN {PEOPLE} p ON p.n = (j.value >> {SHIFT_PERSON}) "
            f"JOIN {VARIANTS} v ON v.vid = ((j.value >> {SHIFT_VARIANT}) & {VARIANT_MASK}) "
            f"JOIN {DAYS} d ON d.did = (j.value & {DAY_MASK}) WHERE true ON CONFLICT DO NOTHING",
            [checker.year, run_id, chunk],
        )
        created += max(cursor.rowcount, 0)
    return created


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
