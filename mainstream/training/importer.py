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
   costs three dict look-ups and becomes ONE packed 64-bit integer (person, class, day) — 8 bytes a row;
3. writing is set-based: the people, course titles and days seen are loaded into TEMP tables, then each chunk of
   packed rows goes in with one ``INSERT … SELECT`` that unpacks it (SQLite's ``json_each``, in C: a COPY of
   sorts) and joins the temp tables; ``ON CONFLICT DO NOTHING`` on (person, date, course) makes a re-import add
   nothing. (``PIPELINE``: on SQLite a writer thread can do this while the file is still being read, inside the
   same transaction; off by default.) On other databases all rows are staged, then written at once;
4. any wrong row: the transaction is rolled back — all or nothing.

ID numbers live only in this process's memory while reading: the tables hold the HMAC and the masked form;
errors name the row and column, never the value.
"""

from __future__ import annotations

import csv
import io
import json
import queue
import re
import threading
import time
from array import array
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from operator import itemgetter
from pathlib import Path
from typing import Any

from django.db import connection, transaction
from django.utils import timezone

from mainstream.audit.services import audit_record
from mainstream.imports.models import ImportRun
from mainstream.imports.readers import FileFormatError, detect_encoding, read_rows
from mainstream.imports.schema import Column, normalise_header
from mainstream.imports.values import Cells, RowError
from mainstream.plan.loader import current_plan
from mainstream.units.access import access_for
from mainstream.units.selectors import unit_name_map

from .ids import id_judged
from .models import Level, Mode

MAX_ERRORS = 1000
CHUNK = 20_000
PROGRESS_MASK = 0x3FFF  # progress (and hand-over to the writer) every 16,384 rows

COLUMNS: tuple[Column, ...] = (
    Column(
        "身分證字號",
        aliases=(
            "身分證號",
            "身分證統一編號",
            "身分證字號/居留證號",
            "身分證號/居留證號",
            "居留證號",
            "統一證號",
            "證號",
            "身分證",
            "身份證字號",
            "身份證號",
        ),
        help="身分證字號或居留證號（新舊式皆可）；系統只保存雜湊與遮蔽後的號碼",
        example="A123456789",
    ),
    Column("姓名", aliases=("學員姓名", "人員姓名", "名字"), example="王小明"),
    Column(
        "服務機關",
        aliases=("機關名稱", "服務單位", "機關", "任職機關", "服務機關名稱", "機關全銜"),
        help="機關全銜或簡稱",
        example="臺北市政府勞動局",
    ),
    Column("課程名稱", aliases=("課程", "班期名稱", "班別名稱", "課程名稱(班期)", "開班名稱"), example="CEDAW 概論"),
    Column(
        "學習時數",
        aliases=("時數", "認證時數", "學習時數(小時)", "訓練時數", "時數(小時)", "認證時數(小時)"),
        help="小時，可有小數，例如 1.5",
        example="2",
    ),
    Column(
        "上課日期",
        aliases=("完成日期", "學習日期", "訓練日期", "結訓日期", "認證日期", "上課日期(起)", "完成時間"),
        help="110/3/5、1100305 或 2021-03-05；須在匯入年度內",
        example="110/03/05",
    ),
    Column(
        "學習方式",
        aliases=("上課方式", "學習型態", "實體/數位", "課程性質", "授課方式", "學習管道"),
        help="實體 或 數位",
        example="數位",
    ),
    Column("課程類別", aliases=("課程等級", "類別", "課程屬性", "基礎/進階"), help="基礎 或 進階", example="基礎"),
    Column("課程代碼", required=False, aliases=("課程編號", "班期代碼", "代碼", "班期代號"), example="GM110-01"),
)
HEADER_MAP = {normalise_header(n): c.name for c in COLUMNS for n in (c.name, *c.aliases)}

MODES = {
    "實體": Mode.PHYSICAL,
    "實體課程": Mode.PHYSICAL,
    "面授": Mode.PHYSICAL,
    "實體班": Mode.PHYSICAL,
    "數位": Mode.DIGITAL,
    "數位課程": Mode.DIGITAL,
    "數位學習": Mode.DIGITAL,
    "線上": Mode.DIGITAL,
    "線上課程": Mode.DIGITAL,
    "e-learning": Mode.DIGITAL,
    "elearning": Mode.DIGITAL,
    "網路": Mode.DIGITAL,
}
LEVELS = {
    "基礎": Level.BASIC,
    "基礎課程": Level.BASIC,
    "基礎班": Level.BASIC,
    "初階": Level.BASIC,
    "進階": Level.ADVANCED,
    "進階課程": Level.ADVANCED,
    "進階班": Level.ADVANCED,
}

_TITLE_NOISE = re.compile(r"[\s\u3000()（）\[\]【】〔〕「」『』:：,，.。、\-－—_]|第\S{1,3}[期梯班場]|\d{2,3}年度?")


def title_key(title: str) -> str:
    """A course title reduced for "the same or nearly the same course" (伍、二、(五)): 'CEDAW概論（第2梯次）'
    and 'CEDAW 概論' give the same key."""
    return _TITLE_NOISE.sub("", title).lower()[:200]


@dataclass
class TrainingImportResult:
    filename: str
    year: int | None = None
    rows: int = 0
    created: int = 0
    unchanged: int = 0
    errors: list[RowError] = field(default_factory=list)
    error_count: int = 0
    written: bool = False
    run_id: int | None = None
    seconds: float = 0.0
    header_row: int = 1
    header: list[str] = field(default_factory=list, repr=False)  # the header row's cells as read

    @property
    def ok(self) -> bool:
        return not self.error_count

    def error(self, error: RowError) -> None:
        self.error_count += 1
        if len(self.errors) < MAX_ERRORS:
            self.errors.append(error)

    def as_json(self) -> dict[str, Any]:
        return {
            "kind": "training",
            "filename": self.filename,
            "ok": self.ok,
            "year": self.year,
            "rows": self.rows,
            "error_count": self.error_count,
            "errors": [e.as_json() for e in self.errors],
            "created": self.created,
            "updated": 0,
            "unchanged": self.unchanged,
        }


Progress = Callable[[int, str], None]  # (rows read, phase: reading | writing | done)


class RowChecker:
    """Checks rows; remembers every value it has judged, so a million rows cost a few dict look-ups each.

    A good row becomes three integers: the person (local number), the variant (unit, course, hours, mode,
    level — what a whole class shares) and the day.
    """

    def __init__(self, *, year: int | None, by=None, units: dict | None = None):  # type: ignore[no-untyped-def]
        plan = current_plan()
        self.plan_years = (plan.start, plan.end)
        self.year = year
        self.units = units if units is not None else unit_name_map()
        self.access = access_for(by) if by is not None else None
        self.people: dict[str, int] = {}  # hash → local number
        self.people_rows: list[tuple[int, str, str, str]] = []  # (n, hash, masked, name)
        self.variant_rows: list[tuple] = []  # (vid, unit_id, title, key, code, hours, mode, level)
        self.day_rows: list[tuple[int, str]] = []  # (did, ISO date)
        self._ids: dict[str, str | int] = {}  # raw → problem | local number
        self._variants: dict[tuple[str, ...], int | list[tuple[str, str]]] = {}
        self._days: dict[str, int | str] = {}
        self._unit: dict[str, int | str] = {}

    # -- single values (each judged once) ------------------------------------------------------
    def _person(self, raw: str, name: str) -> str | int:
        problem, hashed, masked = id_judged(raw)
        if problem:
            return problem
        n = self.people.get(hashed)  # the same number spelled differently (spaces, lower case)
        if n is None:
            n = self.people[hashed] = len(self.people_rows)
            self.people_rows.append((n, hashed, masked, name.strip()[:40]))
        return n << SHIFT_PERSON

    def _unit_id(self, raw: str) -> int | str:
        found = self._unit.get(raw)
        if found is None:
            unit = self.units.get(raw)
            if not raw:
                found = "必填欄位空白"
            elif unit is None:
                found = f"查無機關「{raw[:40]}」"
            elif unit.kind != "executing":
                found = f"「{unit}」不是執行辦理單位"
            elif self.access is not None and not self.access.can_write_unit(unit.id, "training"):
                found = f"您沒有匯入「{unit}」資料的權限"
            else:
                found = unit.id
            self._unit[raw] = found
        return found

    def _variant(self, key: tuple[str, ...]) -> int | list[tuple[str, str]]:
        key = tuple(v.strip() for v in key)
        raw_unit, title, raw_hours, raw_mode, raw_level = key[:5]
        code = key[5] if len(key) > 5 else ""
        problems: list[tuple[str, str]] = []
        unit_id = self._unit_id(raw_unit)
        if isinstance(unit_id, str):
            problems.append(("服務機關", unit_id))
        if not title:
            problems.append(("課程名稱", "必填欄位空白"))
        elif len(title) > 200:
            problems.append(("課程名稱", "超過 200 字"))
        cells = Cells(0, {"學習時數": raw_hours})
        hours = cells.number("學習時數", minimum=0)
        if hours is None:
            problems.append(("學習時數", cells.errors[0].reason))
        elif hours <= 0:
            problems.append(("學習時數", f"「{raw_hours}」應大於 0"))
        elif hours > 200:
            problems.append(("學習時數", f"「{raw_hours}」超過 200 小時，請確認"))
        mode = MODES.get(raw_mode) or MODES.get(raw_mode.lower())
        if mode is None:
            problems.append(("學習方式", "必填欄位空白" if not raw_mode else f"「{raw_mode[:20]}」應為 實體 或 數位"))
        level = LEVELS.get(raw_level)
        if level is None:
            problems.append(("課程類別", "必填欄位空白" if not raw_level else f"「{raw_level[:20]}」應為 基礎 或 進階"))
        if problems:
            return problems
        vid = len(self.variant_rows)
        self.variant_rows.append((vid, unit_id, title, title_key(title), code[:40], str(hours), str(mode), str(level)))
        return vid << SHIFT_VARIANT

    def _day(self, raw: str) -> int | str:
        cells = Cells(0, {"上課日期": raw})
        value = cells.date("上課日期")
        if value is None:
            return cells.errors[0].reason
        year = value.year - 1911
        if self.year is None:
            if not self.plan_years[0] <= year <= self.plan_years[1]:
                return f"{year} 年不在計畫期程 {self.plan_years[0]}–{self.plan_years[1]} 年內"
            self.year = year  # the file's year: the year of its first good date
        elif year != self.year:
            return f"日期不在 {self.year} 年內（一個檔案只能是同一年度的紀錄）"
        did = len(self.day_rows)
        self.day_rows.append((did, value.isoformat()))
        return did

    # -- a row ---------------------------------------------------------------------------------
    has_code = True  # whether the file has the optional 課程代碼 column (the variant key then holds it)

    def variant_key(self, values: tuple[str, ...]) -> tuple[str, ...]:
        _, _, raw_unit, title, raw_hours, _, raw_mode, raw_level, code = values
        if self.has_code:
            return (raw_unit, title, raw_hours, raw_mode, raw_level, code)
        return (raw_unit, title, raw_hours, raw_mode, raw_level)

    def check(self, number: int, values: tuple[str, ...], errors: list[RowError]) -> int | None:
        """``values`` in the order of COLUMNS. The row packed in one integer if good, else None (errors appended)."""
        raw_id, name, raw_day = values[0], values[1], values[5]
        person = self._ids.get(raw_id)
        if person is None:
            person = self._ids[raw_id] = self._person(raw_id, name)
        key = self.variant_key(values)
        variant = self._variants.get(key)
        if variant is None:
            variant = self._variants[key] = self._variant(key)
        day = self._days.get(raw_day)
        if day is None:
            day = self._days[raw_day] = self._day(raw_day)
        if isinstance(person, int) and isinstance(variant, int) and isinstance(day, int):
            return person | variant | day  # each cached already shifted into place
        if isinstance(person, str):
            errors.append(RowError(number, "身分證字號", person))
        if isinstance(variant, list):
            errors.extend(RowError(number, column, reason) for column, reason in variant)
        if isinstance(day, str):
            errors.append(RowError(number, "上課日期", day))
        return None


# -- the staging tables -------------------------------------------------------------------------
STAGE = "training_stage"
PEOPLE = "training_stage_people"
VARIANTS = "training_stage_variants"
DAYS = "training_stage_days"
TEMP_TABLES = (STAGE, PEOPLE, VARIANTS, DAYS)
# SQLite outside a transaction: write chunks in a second thread while the file is read. Off: on this 2-core
# machine, shared with other work, the two threads contend (GIL, cores) and the sequential path was as fast.
PIPELINE = False
FLUSH = 100_000  # rows per chunk handed to the writer
CACHE_KB = 16384  # SQLite page cache while importing (more did not help: the rows are appended in order)
FAST = True  # UTF-8 CSV: read and check column-wise with polars (``fastcsv``); any wrong value → the exact path
FAST_PIPELINE = True  # the fast path on SQLite outside a transaction: a writer thread writes while polars reads
DIRECT = True  # SQLite: insert from the packed rows without a staging table
SHIFT_PERSON, SHIFT_VARIANT, MASK = 40, 20, (1 << 20) - 1  # a good row packed in one 64-bit integer


def _temp_create(cursor) -> None:  # type: ignore[no-untyped-def]
    _temp_drop(cursor)
    if connection.vendor == "sqlite" and not connection.in_atomic_block:  # (tests run inside one)
        cursor.execute("PRAGMA temp_store = MEMORY")
        cursor.execute(f"PRAGMA cache_size = -{CACHE_KB}")  # while importing (SQLite default: 2 MB)
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


def _stage(cursor, packed: array) -> None:  # type: ignore[no-untyped-def]
    """Bulk-load the good rows into the staging table. On SQLite each chunk is one JSON array of packed
    integers that ``json_each`` unpacks in C (a COPY of sorts: no per-row parameter binding)."""
    for start in range(0, len(packed), 100_000):
        part = packed[start : start + 100_000].tolist()
        if connection.vendor == "sqlite":
            cursor.execute(
                f"INSERT INTO {STAGE} (n, vid, did) SELECT value >> {SHIFT_PERSON}, (value >> {SHIFT_VARIANT}) & {MASK}, "
                f"value & {MASK} FROM json_each(%s)",
                [json.dumps(part, separators=(",", ":"))],
            )
        else:
            cursor.executemany(
                f"INSERT INTO {STAGE} (n, vid, did) VALUES (%s, %s, %s)",
                [(v >> SHIFT_PERSON, (v >> SHIFT_VARIANT) & MASK, v & MASK) for v in part],
            )


def _write(cursor, checker: RowChecker, packed: array, *, run_id: int | None, chunks: list[str] | None = None) -> int:  # type: ignore[no-untyped-def]
    """Set-based: new people and course titles, then every staged row in one INSERT … SELECT. Rows added.
    ``chunks``: the packed rows already as JSON arrays (the fast CSV path), instead of ``packed``."""
    direct = connection.vendor == "sqlite" and DIRECT
    if chunks is not None and not direct:
        packed = array("Q")
        for chunk in chunks:
            packed.extend(json.loads(chunk))
    if not direct:
        _stage(cursor, packed)
    cursor.executemany(
        f"INSERT INTO {PEOPLE} (n, id_hash, id_masked, name) VALUES (%s, %s, %s, %s)", checker.people_rows
    )
    cursor.executemany(f"INSERT INTO {VARIANTS} VALUES (%s, %s, %s, %s, %s, %s, %s, %s, NULL)", checker.variant_rows)
    cursor.executemany(f"INSERT INTO {DAYS} VALUES (%s, %s)", checker.day_rows)
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
    if chunks is None:
        chunks = [
            json.dumps(packed[start : start + 200_000].tolist(), separators=(",", ":"))
            for start in range(0, len(packed), 200_000)
        ]
    created = 0
    for chunk in chunks:
        cursor.execute(
            insert + f"FROM json_each(%s) j JOIN {PEOPLE} p ON p.n = (j.value >> {SHIFT_PERSON}) "
            f"JOIN {VARIANTS} v ON v.vid = ((j.value >> {SHIFT_VARIANT}) & {MASK}) JOIN {DAYS} d ON d.did = (j.value & {MASK}) "
            "WHERE true ON CONFLICT DO NOTHING",
            [checker.year, run_id, chunk],
        )
        created += max(cursor.rowcount, 0)
    return created


def _count_lines(path: Path, filename: str) -> int:
    """An estimate of the data rows of a CSV (for the progress bar); 0 for spreadsheets."""
    if not filename.lower().endswith(".csv"):
        return 0
    lines = 0
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            lines += chunk.count(b"\n")
    return max(lines - 1, 0)


def _csv_rows(path: Path) -> Iterator[tuple[int, list[str]]]:
    """CSV rows numbered as ``readers.read_rows`` numbers them (UTF-8 or CP950, detected the same way), as a C
    iterator: no Python frame and no strip of ten million cells per file (values are stripped once, when first
    seen, by ``RowChecker``); blank rows are skipped by the reader loop. Decoding errors surface while reading."""
    stream = path.open("rb")
    encoding = detect_encoding(stream.read(65536))
    stream.seek(0)
    text = io.TextIOWrapper(stream, encoding=encoding, newline="")
    return enumerate(csv.reader(text), start=1)


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


def _open(path: Path, filename: str, result: TrainingImportResult) -> tuple[Iterator[tuple[int, list[str]]], list[int]]:
    """The data rows and, for each of COLUMNS, its index in the file (-1: absent); header problems go to ``result``."""
    rows = _csv_rows(path) if filename.lower().endswith(".csv") else read_rows(path, filename)
    first = next(rows, None)
    while first is not None and not any(c.strip() for c in first[1]):
        first = next(rows, None)
    if first is None:
        result.error(RowError(0, "", "檔案是空的"))
        return iter(()), []
    result.header_row = first[0]
    result.header = first[1]
    columns: dict[str, int] = {}
    for index, title in enumerate(first[1]):
        canonical = HEADER_MAP.get(normalise_header(title.strip()))
        if canonical is None:
            continue  # unknown extra columns are ignored
        if canonical in columns:
            result.error(RowError(1, canonical, "欄位重複"))
        columns[canonical] = index
    for column in COLUMNS:
        if column.required and column.name not in columns:
            result.error(RowError(1, column.name, "缺少此欄位"))
    return rows, [columns.get(c.name, -1) for c in COLUMNS]


def _fast(
    path: Path,
    filename: str,
    result: TrainingImportResult,
    order: list[int],
    checker: RowChecker,
    progress: Progress | None,
) -> list[str] | None:
    """The fast path (``fastcsv``) for a plain UTF-8 CSV whose header is its first row: the packed rows as JSON
    arrays, or None (then the exact row-by-row path reads the file and reports what is wrong)."""
    if not filename.lower().endswith(".csv") or result.header_row != 1 or not FAST:
        return None
    with path.open("rb") as f:
        if detect_encoding(f.read(65536)) != "utf-8-sig":
            return None
    from .fastcsv import fast_rows

    checker.has_code = order[-1] >= 0
    found = fast_rows(
        path, result.header, order, checker, None if progress is None else (lambda n: progress(n, "reading"))
    )
    if found is None:
        return None
    result.rows, chunks = found
    return chunks


def training_import(
    *,
    path: str | Path,
    by=None,
    filename: str | None = None,
    year: int | None = None,  # type: ignore[no-untyped-def]
    dry_run: bool = False,
    progress: Progress | None = None,
) -> TrainingImportResult:
    """Import a training export: all rows or none; a re-import adds nothing. Never raises for bad rows."""
    started = time.perf_counter()
    path = Path(path)
    name = filename or path.name
    result = TrainingImportResult(name, year=year)
    if by is not None and not access_for(by).is_authenticated:
        result.error(RowError(0, "", "請先登入"))
        return result
    checker = RowChecker(year=year, by=by)
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
    try:
        rows, order = _open(path, name, result)
        if not result.error_count:
            chunks = _fast(path, name, result, order, checker, progress)
            if chunks is None:
                checker = RowChecker(year=year, by=by)  # the exact path from scratch (as if never tried)
                _read(rows, order, checker, packed, result, errors, progress)
    except FileFormatError as exc:
        result.error(RowError(0, "", str(exc)))
    except UnicodeDecodeError:
        result.error(RowError(0, "", "檔案中有無法辨識編碼的字元（請存成 UTF-8 或 Big5/CP950）"))
    except csv.Error as exc:
        result.error(RowError(0, "", f"CSV 格式錯誤：{exc}"))
    if not result.error_count and result.rows == 0:
        result.error(RowError(0, "", "檔案沒有資料列"))
    result.year = checker.year
    if result.error_count or dry_run:
        result.seconds = time.perf_counter() - started
        return result  # nothing written, not even a log row
    if progress is not None:
        progress(result.rows, "writing")
    with connection.cursor() as cursor, _foreign_keys_unchecked(cursor):
        _temp_create(cursor)
        try:
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
                if not result.created:
                    run.delete()  # the same file again: nothing changed, nothing to record
                else:
                    run.status = ImportRun.Status.DONE
                    run.progress = result.rows
                    run.created = result.created
                    run.unchanged = result.unchanged
                    run.finished = timezone.now()
                    run.save()
                    result.run_id = run.id
                    result.written = True
                    audit_record(
                        by=by,
                        action="import.training",
                        obj=run,
                        summary=f"匯入訓練紀錄「{name}」{result.rows} 列（{checker.year} 年）：新增 {result.created}、"
                        f"重複未匯入 {result.unchanged}",
                        changes={
                            "rows": result.rows,
                            "created": result.created,
                            "year": checker.year,
                            "people": len(checker.people_rows),
                        },
                    )
        finally:
            _temp_drop(cursor)
    result.seconds = time.perf_counter() - started
    if progress is not None:
        progress(result.rows, "done")
    return result


class _Rejected(Exception):
    """A row was wrong: roll back what the writer already wrote."""


class _Writer(threading.Thread):
    """Writes chunks of good rows while the reader goes on (SQLite releases the GIL while it works, so the
    two use both cores). It runs inside the reader's transaction, on the same connection, and is the only
    one to touch that connection until it is joined: all or nothing still holds."""

    def __init__(self, raw, checker: RowChecker, run_id: int):  # type: ignore[no-untyped-def]
        super().__init__(name="training-import-writer", daemon=True)
        self.raw, self.checker, self.run_id = raw, checker, run_id
        self.queue: queue.Queue = queue.Queue(maxsize=2)
        self.created = 0
        self.error: BaseException | None = None
        self.done = [0, 0, 0]  # people, variants, days already in the temp tables

    def put(self, packed: array) -> None:  # type: ignore[type-arg]
        checker = self.checker
        self.queue.put(
            (
                array("Q", packed),
                len(checker.people_rows),
                len(checker.variant_rows),
                len(checker.day_rows),
                checker.year,
            )
        )
        del packed[:]

    def put_json(self, chunk: str) -> None:
        """Good rows already packed as a JSON array (the fast CSV path)."""
        checker = self.checker
        self.queue.put(
            (chunk, len(checker.people_rows), len(checker.variant_rows), len(checker.day_rows), checker.year)
        )

    def finish(self) -> int:
        self.queue.put(None)
        self.join()
        if self.error is not None:
            raise self.error
        return self.created

    def run(self) -> None:
        while True:
            item = self.queue.get()
            if item is None:
                return
            if self.error is None:
                try:
                    self._chunk(*item)
                except BaseException as exc:  # handed to the reader's thread by finish()
                    self.error = exc

    def _chunk(self, packed: array | str, people: int, variants: int, days: int, year: int) -> None:  # type: ignore[type-arg]
        cur, c = self.raw.cursor(), self.checker
        first_person, first_variant, first_day = self.done
        # one statement per table (json_each): the GIL is released while SQLite works, the reader keeps going
        cur.execute(
            f"INSERT INTO {PEOPLE} (n, id_hash, id_masked, name) SELECT value ->> 0, value ->> 1, value ->> 2, "
            "value ->> 3 FROM json_each(?)",
            (json.dumps(c.people_rows[first_person:people]),),
        )
        cur.execute(
            f"INSERT INTO training_person (id_hash, id_masked, name) SELECT id_hash, id_masked, name "
            f"FROM {PEOPLE} s WHERE s.n >= ? AND NOT EXISTS (SELECT 1 FROM training_person p "
            "WHERE p.id_hash = s.id_hash) ORDER BY n",
            (first_person,),
        )
        cur.execute(
            f"UPDATE {PEOPLE} SET person_id = (SELECT p.id FROM training_person p WHERE p.id_hash = "
            f"{PEOPLE}.id_hash) WHERE n >= ?",
            (first_person,),
        )
        cur.execute(
            f"INSERT INTO {VARIANTS} SELECT value ->> 0, value ->> 1, value ->> 2, value ->> 3, value ->> 4, "
            "CAST(value ->> 5 AS NUMERIC), value ->> 6, value ->> 7, NULL FROM json_each(?)",
            (json.dumps(c.variant_rows[first_variant:variants]),),
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
        self.done = [people, variants, days]
        cur.execute(
            "INSERT INTO training_trainingrecord (person_id, unit_id, year, title_id, hours, date, mode, level, run_id) "
            "SELECT p.person_id, v.unit_id, ?, v.title_id, v.hours, d.day, v.mode, v.level, ? "
            f"FROM json_each(?) j JOIN {PEOPLE} p ON p.n = (j.value >> {SHIFT_PERSON}) "
            f"JOIN {VARIANTS} v ON v.vid = ((j.value >> {SHIFT_VARIANT}) & {MASK}) JOIN {DAYS} d ON d.did = (j.value & {MASK}) "
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
                try:
                    _read(rows, order, checker, packed, result, errors, progress, flush=lambda: writer.put(packed))
                except FileFormatError as exc:
                    result.error(RowError(0, "", str(exc)))
                except UnicodeDecodeError:
                    result.error(RowError(0, "", "檔案中有無法辨識編碼的字元（請存成 UTF-8 或 Big5/CP950）"))
                except csv.Error as exc:
                    result.error(RowError(0, "", f"CSV 格式錯誤：{exc}"))
                if not result.error_count and result.rows == 0:
                    result.error(RowError(0, "", "檔案沒有資料列"))
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
                cursor.execute(
                    f"UPDATE training_person SET name = (SELECT s.name FROM {PEOPLE} s WHERE s.id_hash = "
                    f"training_person.id_hash) WHERE name = '' AND id_hash IN (SELECT id_hash FROM {PEOPLE} "
                    "WHERE name <> '')"
                )
                result.unchanged = result.rows - result.created
                _record_run(run, result, by, name, checker)
        except _Rejected:
            result.created = result.unchanged = 0
        finally:
            if writer is not None:  # an unexpected error while reading: let the writer end before rolling back
                writer.error = writer.error or RuntimeError("stopped")
                writer.queue.put(None)
                writer.join()
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
        if self.size >= FLUSH * 14:  # (a packed row is about 14 characters of JSON)
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
    if not name.lower().endswith(".csv"):
        return None
    try:
        rows, order = _open(path, name, result)
    except (FileFormatError, UnicodeDecodeError, csv.Error):
        return None
    if result.error_count or result.header_row != 1:
        return None
    with path.open("rb") as f:
        if detect_encoding(f.read(65536)) != "utf-8-sig":
            return None
    from .fastcsv import fast_rows

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
                    writer.error = writer.error or RuntimeError("stopped")
                    writer.queue.put(None)
                    writer.join()
                    writer = None
                    raise
                if found is None:  # stop the writer before the rollback (it shares the connection)
                    gave_up = True
                    writer.error = writer.error or _Rejected()
                    writer.queue.put(None)
                    writer.join()
                    writer = None
                    raise _Rejected
                result.rows = found[0]
                result.year = checker.year
                if progress is not None:
                    progress(result.rows, "writing")
                result.created = writer.finish()
                writer = None
                cursor.execute(
                    f"UPDATE training_person SET name = (SELECT s.name FROM {PEOPLE} s WHERE s.id_hash = "
                    f"training_person.id_hash) WHERE name = '' AND id_hash IN (SELECT id_hash FROM {PEOPLE} "
                    "WHERE name <> '')"
                )
                result.unchanged = result.rows - result.created
                _record_run(run, result, by, name, checker)
        except _Rejected:
            pass
        finally:
            if writer is not None:  # gave up or an unexpected error: let the writer end before rolling back
                writer.error = writer.error or RuntimeError("stopped")
                writer.queue.put(None)
                writer.join()
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
    run.status = ImportRun.Status.DONE
    run.rows = run.progress = result.rows
    run.created = result.created
    run.unchanged = result.unchanged
    run.finished = timezone.now()
    run.save()
    result.run_id = run.id
    result.written = True
    audit_record(
        by=by,
        action="import.training",
        obj=run,
        summary=f"匯入訓練紀錄「{name}」{result.rows} 列（{checker.year} 年）：新增 {result.created}、"
        f"重複未匯入 {result.unchanged}",
        changes={
            "rows": result.rows,
            "created": result.created,
            "year": checker.year,
            "people": len(checker.people_rows),
        },
    )


def _read(
    rows: Iterator[tuple[int, list[str]]],
    order: list[int],
    checker: RowChecker,
    packed: array,  # type: ignore[type-arg]
    result: TrainingImportResult,
    errors: list[RowError],
    progress: Progress | None,
    flush: Callable[[], None] | None = None,
) -> None:
    """The hot loop. A row whose ID, class and day were all seen before costs three dict look-ups; any
    other row goes through ``checker.check``."""
    id_i, _, unit_i, title_i, hours_i, day_i, mode_i, level_i, code_i = order
    header = result.header_row
    checker.has_code = code_i >= 0
    key_of = itemgetter(unit_i, title_i, hours_i, mode_i, level_i, *((code_i,) if code_i >= 0 else ()))
    ids, variants, days = checker._ids, checker._variants, checker._days
    append, check, width = packed.append, checker.check, max(order) + 1
    blanks = 0
    number = header
    clean = not result.error_count
    for number, cells in rows:
        try:  # cached good values are ints already shifted into place; a cached error (str/list) raises TypeError
            append(ids[cells[id_i]] | variants[key_of(cells)] | days[cells[day_i]])
            if not number & PROGRESS_MASK:
                result.rows = number - header - blanks
                if flush is not None and clean and len(packed) >= FLUSH:
                    flush()
                if progress is not None:
                    progress(result.rows, "reading")
            continue
        except (KeyError, IndexError, TypeError):
            pass
        if not any(c.strip() for c in cells):
            blanks += 1  # a blank row (as read_rows skips them)
            continue
        if len(cells) < width:
            cells = cells + [""] * (width - len(cells))
        values = tuple(cells[i] if i >= 0 else "" for i in order)
        good = check(number, values, errors)
        if good is None:
            for error in errors:
                result.error(error)
            errors.clear()
            clean = False
        else:
            append(good)  # (after an error nothing is written anyway)
    result.rows = number - header - blanks


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
