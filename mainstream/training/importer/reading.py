"""Reading a file: the header, then the rows (the exact row-by-row loop, or the fast path for a UTF-8 CSV)."""

from __future__ import annotations

import contextlib
import csv
import io
from array import array
from collections.abc import Callable, Iterator
from operator import itemgetter
from pathlib import Path

import mainstream.training.importer as tunables  # the package: its tunables are read at call time (tests patch them)
from mainstream.imports.readers import FileFormatError, detect_encoding, read_rows
from mainstream.imports.schema import normalise_header
from mainstream.imports.values import RowError

from .checker import Progress, RowChecker, TrainingImportResult
from .columns import COLUMNS, HEADER_MAP


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


def plain_utf8_csv(
    path: Path, name: str, result: TrainingImportResult
) -> tuple[Iterator[tuple[int, list[str]]], list[int]] | None:
    """The data rows and column order of a file the fast paths can take (``_open``) — or None: not a ``.csv``, a
    header problem, a header below row 1, another encoding than UTF-8, or a file the csv module cannot read.
    (None is no verdict: the exact path then reads the file and reports what is wrong.)"""
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
    return rows, order


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
    if not filename.lower().endswith(".csv") or result.header_row != 1 or not tunables.FAST:
        return None
    with path.open("rb") as f:
        if detect_encoding(f.read(65536)) != "utf-8-sig":
            return None
    from ..fastcsv import fast_rows

    checker.has_code = order[-1] >= 0
    found = fast_rows(
        path, result.header, order, checker, None if progress is None else (lambda n: progress(n, "reading"))
    )
    if found is None:
        return None
    result.rows, chunks = found
    return chunks


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
    mask, flush_at = tunables.PROGRESS_MASK, tunables.FLUSH
    blanks = 0
    number = header
    clean = not result.error_count
    for number, cells in rows:
        try:  # cached good values are ints already shifted into place; a cached error (str/list) raises TypeError
            append(ids[cells[id_i]] | variants[key_of(cells)] | days[cells[day_i]])
            if not number & mask:
                result.rows = number - header - blanks
                if flush is not None and clean and len(packed) >= flush_at:
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


@contextlib.contextmanager
def _file_errors(result: TrainingImportResult) -> Iterator[None]:
    """Reading the file: a file that cannot be read becomes one error of the result (row 0), never an exception;
    after it, a file without data rows is an error too."""
    try:
        yield
    except FileFormatError as exc:
        result.error(RowError(0, "", str(exc)))
    except UnicodeDecodeError:
        result.error(RowError(0, "", "檔案中有無法辨識編碼的字元（請存成 UTF-8 或 Big5/CP950）"))
    except csv.Error as exc:
        result.error(RowError(0, "", f"CSV 格式錯誤：{exc}"))
    if not result.error_count and result.rows == 0:
        result.error(RowError(0, "", "檔案沒有資料列"))
