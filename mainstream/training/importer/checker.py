"""Checking rows: each distinct value judged once, a good row packed in one 64-bit integer."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import mainstream.training.importer as tunables  # the package: its tunables are read at call time (tests patch them)
from mainstream.imports.readers import FileFormatError
from mainstream.imports.values import Cells, RowError
from mainstream.plan.selectors import plan_periods_text, plan_years
from mainstream.units.access import access_for
from mainstream.units.selectors import unit_name_map

from ..ids import id_hashes, id_judged
from .columns import LEVELS, MODES, title_key

MAX_ERRORS = 1000
# A good row packed in one 64-bit integer: person (bits 40–62), variant (bits 12–39), day (bits 0–11). Days are
# numbered per distinct date (at most 366 in a file of one year); people and variants get a new number each time
# one is judged again after its cache was emptied, hence their widths. Bit 63 stays clear: the packed rows travel
# as signed 64-bit integers (SQLite's JSON, PostgreSQL's bigint), so a person's number is below 2**23 = 8,388,608
# — more numbers than a file has rows (each row numbers at most one person), i.e. a file of over 8 million rows.
SHIFT_PERSON, SHIFT_VARIANT = 40, 12
VARIANT_MASK, DAY_MASK = (1 << 28) - 1, (1 << 12) - 1
PEOPLE_LIMIT, VARIANT_LIMIT = 1 << 23, 1 << 28  # local numbers a file may use (read at call time: tests patch them)


class FileTooLarge(FileFormatError):
    """More people or classes than one packed row can number: the file is refused as a whole (row 0), nothing
    written; the user splits it."""


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
    off_roster: int = 0  # people of the file on no roster of the year (issue 16), counted by the office's rule
    off_roster_sample: list[str] = field(default_factory=list, repr=False)  # masked
    off_roster_rule: str = ""
    phases: dict[str, float] = field(default_factory=dict, repr=False)  # seconds per phase (``importer.phases``)

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
            "off_roster": self.off_roster,
            "off_roster_rule": self.off_roster_rule,
            "run_id": self.run_id,
        }


Progress = Callable[[int, str], None]  # (rows read, phase: reading | writing | done)


class RowChecker:
    """Checks rows; remembers every value it has judged, so a million rows cost a few dict look-ups each.

    A good row becomes three integers: the person (local number), the variant (unit, course, hours, mode,
    level — what a whole class shares) and the day.

    Memory stays bounded whatever the number of distinct variants or people (a file may have as many as rows):

    - the cache of judged variants holds at most ``VARIANT_CACHE`` keys (emptied when full: a variant seen again
      is judged again and numbered anew — the write joins on the number and ``training_coursetitle`` is filled
      with ``DISTINCT``, so a variant under two numbers writes the same records), and the variants judged good
      wait in ``variant_rows`` only until ``spill`` (set by the importer) moves them to the staging table,
      ``SPILL`` at a time;
    - the cache of ID numbers (``_ids``: as written → problem or packed number) holds at most ``PEOPLE_CACHE``
      (emptied when full: a person seen again gets a new local number; so does an ID number spelled otherwise,
      e.g. in lower case). The write resolves people by their hash, not their number: the first row of each
      hash makes the ``training_person`` (its masked number and name, as if each person had one number), every
      local number of that hash points to it, and the records' (person, date, course) stays unique — so a person
      under two numbers writes the same records and counts once. People judged good wait in ``people_rows``
      only until ``people_spill`` (set by the importer) stages them, ``SPILL`` at a time.
    """

    def __init__(self, *, year: int | None, by=None, units: dict | None = None):  # type: ignore[no-untyped-def]
        self.plan_years = frozenset(plan_years())
        self.year = year
        self.units = units if units is not None else unit_name_map()
        self.access = access_for(by) if by is not None else None
        self.people_rows: list[tuple[int, str, str, str]] = []  # not yet staged: (n, hash, masked, name)
        self.people_count = 0  # local numbers given so far (the next n)
        self.people_spill: Callable[[list[tuple]], None] | None = None  # stages people rows (set by the importer)
        self.variant_rows: list[tuple] = []  # not yet staged: (vid, unit_id, title, key, code, hours, mode, level)
        self.variant_count = 0  # variants numbered so far (the next vid)
        self.spill: Callable[[list[tuple]], None] | None = None  # stages variant rows (set by the importer)
        self.day_rows: list[tuple[int, str]] = []  # (did, ISO date)
        self._ids: dict[str, str | int] = {}  # raw → problem | packed number; at most PEOPLE_CACHE keys
        self._variants: dict[tuple[str, ...], int | list[tuple[str, str]]] = {}  # at most VARIANT_CACHE keys
        self._days: dict[str, int | str] = {}
        self._day_ids: dict[str, int] = {}  # ISO date → did (one number per date, however spelled)
        self._unit: dict[str, int | str] = {}

    # -- single values (each judged once) ------------------------------------------------------
    def _person(self, raw: str, name: str) -> str | int:
        problem, hashed, masked = id_judged(raw)
        if problem:
            return problem
        n = self.people_count  # a new local number (the write finds the person by the hash)
        if n >= PEOPLE_LIMIT:
            raise FileTooLarge(f"檔案太大：人員編號超過 {PEOPLE_LIMIT:,} 個（每列最多一個），請分成幾個較小的檔案匯入")
        self.people_count += 1
        self.people_rows.append((n, hashed, masked, name.strip()[:40]))
        if self.people_spill is not None and len(self.people_rows) >= tunables.SPILL:
            self.people_spill(self.people_take())
        return n << SHIFT_PERSON

    def people_valid(self, numbers: list[str], names: list[str]) -> list[int]:
        """The packed numbers of ID numbers already normalised and found well-formed, with a right check digit
        (``fastcsv`` checks them column-wise, as ``ids.id_judged`` does one by one): each hashed and numbered as
        :meth:`_person` does."""
        if self.people_count + len(numbers) > PEOPLE_LIMIT:
            raise FileTooLarge(f"檔案太大：人員編號超過 {PEOPLE_LIMIT:,} 個（每列最多一個），請分成幾個較小的檔案匯入")
        first = self.people_count
        spill, rows = self.people_spill, self.people_rows
        for n, (hashed, number, name) in enumerate(zip(id_hashes(numbers), numbers, names, strict=True), first):
            rows.append((n, hashed, number[:6] + "****", name.strip()[:40]))
            if spill is not None and len(rows) >= tunables.SPILL:
                spill(self.people_take())
                rows = self.people_rows
        self.people_count = first + len(numbers)
        return [n << SHIFT_PERSON for n in range(first, self.people_count)]

    def person_judged(self, raw: str, name: str) -> str | int:
        """A person's packed number or the problem of the ID number, from the bounded cache or judged now (the
        name is that of the row where the number is judged)."""
        cache = self._ids
        person = cache.get(raw)
        if person is None:
            if len(cache) >= tunables.PEOPLE_CACHE:
                cache.clear()  # (the same dict object: the readers' local names for it stay valid)
            person = cache[raw] = self._person(raw, name)
        return person

    def people_take(self) -> list[tuple]:
        """The people rows not yet staged (then forgotten here)."""
        rows, self.people_rows = self.people_rows, []
        return rows

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
        vid = self.variant_count
        if vid >= VARIANT_LIMIT:  # 268 million: never for a real export
            raise FileTooLarge(f"檔案太大：課程組合編號超過 {VARIANT_LIMIT:,} 個，請分成幾個較小的檔案匯入")
        self.variant_count += 1
        self.variant_rows.append((vid, unit_id, title, title_key(title), code[:40], str(hours), str(mode), str(level)))
        if self.spill is not None and len(self.variant_rows) >= tunables.SPILL:
            self.spill(self.variants_take())
        return vid << SHIFT_VARIANT

    def variants_take(self) -> list[tuple]:
        """The variant rows not yet staged (then forgotten here)."""
        rows, self.variant_rows = self.variant_rows, []
        return rows

    def variant_judged(self, key: tuple[str, ...]) -> int | list[tuple[str, str]]:
        """A variant's packed number or its problems, from the bounded cache or judged now."""
        cache = self._variants
        variant = cache.get(key)
        if variant is None:
            if len(cache) >= tunables.VARIANT_CACHE:
                cache.clear()  # (the same dict object: the readers' local names for it stay valid)
            variant = cache[key] = self._variant(key)
        return variant

    def _day(self, raw: str) -> int | str:
        cells = Cells(0, {"上課日期": raw})
        value = cells.date("上課日期")
        if value is None:
            return cells.errors[0].reason
        year = value.year - 1911
        if self.year is None:
            if year not in self.plan_years:
                return f"{year} 年不在計畫期程 {plan_periods_text()} 年內"
            self.year = year  # the file's year: the year of its first good date
        elif year != self.year:
            return f"日期不在 {self.year} 年內（一個檔案只能是同一年度的紀錄）"
        iso = value.isoformat()
        did = self._day_ids.get(iso)
        if did is None:
            did = self._day_ids[iso] = len(self.day_rows)
            self.day_rows.append((did, iso))
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
            person = self.person_judged(raw_id, name)
        variant = self.variant_judged(self.variant_key(values))
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
