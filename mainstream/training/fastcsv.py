"""The fast path of the ``training`` import for UTF-8 CSV files: polars reads the file in batches (in Rust, on
every core) and each batch is checked column-wise.

Every distinct value of a batch (ID number, class = unit + course + hours + mode + level + code, date) is judged
by the same :class:`~mainstream.training.importer.RowChecker` methods as the row-by-row path, once per file; the
batch's columns are then mapped to the checker's packed integers in Rust. A batch is never held longer than its
own step and the file is never held whole.

Its memory grows with the distinct classes it knows (polars frames and the checker's caches): a file with more
than ``importer.FAST_CLASSES`` distinct classes goes to the exact path, whose memory stays bounded. The ID numbers
it knows are bounded as the checker's are (``importer.PEOPLE_CACHE``; when full, the frame keeps only the current
batch's; they are in that frame only, not in the checker's dict), and the people judged are staged as they come
(``RowChecker.people_spill``).

This path never reports errors itself: as soon as any value is wrong (or the file is anything but a plain UTF-8
CSV whose header polars reads exactly as the csv module does), it gives up and the caller runs the exact
row-by-row path, which gives every bad row its row number, column and reason. ID numbers stay in this
process's memory: polars frames are dropped batch by batch and nothing is logged.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

BLOCK = 4 << 20  # bytes of CSV per batch (about 32,000 rows of an e-learning export)
NAMES = ("id", "name", "unit", "title", "hours", "day", "mode", "level", "code")  # the order of COLUMNS
VARIANT = ("unit", "title", "hours", "mode", "level", "code")


class GiveUp(Exception):
    """The file needs the exact row-by-row path."""


def fast_rows(
    path: Path,
    header: list[str],
    order: list[int],
    checker: Any,  # RowChecker (not imported: importer imports this module)
    progress: Callable[[int], None] | None = None,
    sink: Callable[[Any], None] | None = None,
    series: bool = False,
) -> tuple[int, list[str]] | None:
    """(data rows, JSON arrays of packed good rows) — or None when the file must go through the exact path
    (a wrong value anywhere, polars missing, another encoding, a header polars reads differently).
    With ``sink``, each JSON array is handed to it as soon as its batch is checked (and not kept); with
    ``series`` too, the batch's packed rows as a polars UInt64 Series instead of JSON."""
    if _many_classes(path, order):
        return None
    try:
        import polars as pl
    except ImportError:  # pragma: no cover - polars is a dependency
        return None
    chunks: list[str] = []
    rows = 0
    try:
        for rows, chunk in _fast_rows(pl, path, header, order, checker, series and sink is not None):
            if sink is None:
                chunks.append(chunk)
            else:
                sink(chunk)
            if progress is not None:
                progress(rows)
    except GiveUp:
        return None
    except Exception:  # any parsing problem (bad UTF-8, ragged rows…): the exact path reports it
        return None
    return rows, chunks


def _fast_rows(pl, path, header, order, checker, series=False):  # type: ignore[no-untyped-def]
    import mainstream.training.importer as tunables  # (its tunables, read at call time)

    schema = {f"c{i}": pl.String for i in range(len(header))}  # every column as text, as the csv module reads it
    wanted = sorted(i for i in order if i >= 0)  # only these columns are materialised
    columns = [(pl.col(f"c{i}") if i >= 0 else pl.lit("")).alias(n) for i, n in zip(order, NAMES, strict=True)]

    def batches():  # type: ignore[no-untyped-def]
        for block in _blocks(path, header):
            yield pl.read_csv(
                block,
                has_header=False,
                schema=schema,
                columns=wanted,
                empty_string_is_null=False,
                encoding="utf8",
                quote_char='"',
            ).select(columns)

    variant_columns = list(VARIANT if checker.has_code else VARIANT[:-1])
    variants, days = checker._variants, checker._days
    # the good values seen so far → their packed integers (already shifted into place), as polars frames
    known_people = pl.DataFrame(schema={"id": pl.String, "p": pl.UInt64})
    known_classes = pl.DataFrame(schema={**dict.fromkeys(variant_columns, pl.String), "v": pl.UInt64})
    known_days = pl.DataFrame(schema={"day": pl.String, "d": pl.UInt64})
    rows = 0
    for batch in batches():
        if not batch.height:
            continue
        if batch.null_count().sum_horizontal().item():
            raise GiveUp  # a short row (the exact path pads it, or it is a blank row)
        if not rows and checker.year is None:  # the file's year is the year of its first row's date
            first = batch.get_column("day")[0]
            if first not in days:
                days[first] = checker._day(first)
        # people: each new ID number judged (and hashed) once, with the name of its first row
        new = (
            batch.select("id", "name")
            .unique(subset="id", keep="first", maintain_order=True)
            .join(known_people, on="id", how="anti")
        )
        if new.height:
            if known_people.height + new.height > tunables.PEOPLE_CACHE:  # bounded: keep only this batch's
                known_people = known_people.join(batch.select("id"), on="id", how="semi")
            found = checker.people_valid(*_ids_checked(pl, new))  # (the frame: the cache)
            known_people = pl.concat([known_people, _frame(pl, new.select("id"), "p", found)])
        new = batch.select(variant_columns).unique().join(known_classes, on=variant_columns, how="anti")
        if new.height:
            found = [_judged(variants, key, lambda key=key: checker._variant(key)) for key in new.iter_rows()]
            known_classes = pl.concat([known_classes, _frame(pl, new, "v", found)])
            if known_classes.height > tunables.FAST_CLASSES:
                raise GiveUp  # a file of very many distinct classes: the exact path keeps its memory bounded
        new = batch.select("day").unique().join(known_days, on="day", how="anti")
        if new.height:
            found = [_judged(days, raw, lambda raw=raw: checker._day(raw)) for (raw,) in new.iter_rows()]
            known_days = pl.concat([known_days, _frame(pl, new, "d", found)])
        packed = (  # in the file's order (maintain_order: polars does not promise a left join's order otherwise):
            batch.lazy()  # the write keeps the first of two equal rows
            .drop("name")
            .join(known_people.lazy(), on="id", how="left", maintain_order="left")
            .join(known_classes.lazy(), on=variant_columns, how="left", maintain_order="left")
            .join(known_days.lazy(), on="day", how="left", maintain_order="left")
            .select(pl.col("p") | pl.col("v") | pl.col("d"))
            .collect()
            .to_series()
        )
        if packed.len() != batch.height or packed.null_count():
            raise GiveUp
        rows += batch.height
        yield rows, packed if series else "[" + packed.cast(pl.String).str.join(",").item() + "]"
    if not rows:
        raise GiveUp  # the exact path says what is wrong with an empty file


def _many_classes(path: Path, order: list[int]) -> bool:
    """Whether the file looks like one of very many distinct classes (more than ``importer.SAMPLE_CLASSES`` in its
    first ``importer.SAMPLE`` rows): then the exact path reads it, with bounded memory, without loading polars.
    (A file that has few classes at first and many later is caught by ``FAST_CLASSES`` while reading.)"""
    import mainstream.training.importer as tunables

    columns = [order[i] for i, name in enumerate(NAMES) if name in VARIANT and order[i] >= 0]
    width = max(columns) + 1
    seen: set[tuple[str, ...]] = set()
    with path.open(encoding="utf-8-sig", newline="", errors="replace") as f:
        rows = csv.reader(f)
        next(rows, None)
        for index, row in enumerate(rows):
            if index >= tunables.SAMPLE:
                break
            if len(row) >= width:
                seen.add(tuple(row[i] for i in columns))
                if len(seen) > tunables.SAMPLE_CLASSES:
                    return True
    return False


def _ids_checked(pl, people):  # type: ignore[no-untyped-def]
    """(normalised ID numbers, names) of a frame of new (id, name), every number checked column-wise as
    ``ids.id_judged`` checks one: normalised (``ids.normalise``), the pattern ``ids.ANY``, the check digit. Any
    wrong number: give up (the exact path says which row)."""
    from .ids import _FIRST, _SECOND

    number = (
        pl.col("id")
        .str.strip_chars()
        .str.to_uppercase()
        .str.replace_all(" ", "", literal=True)
        .str.replace_all("\u3000", "", literal=True)
    )
    checked = people.select(number.alias("number"), pl.col("name"))
    if not checked.get_column("number").str.contains(r"^[A-Z][1289A-D][0-9]{8}$").all():
        raise GiveUp
    digit = pl.col("number").str.slice
    total = digit(0, 1).replace_strict(_FIRST, return_dtype=pl.Int32) + digit(1, 1).replace_strict(
        _SECOND, return_dtype=pl.Int32
    )
    for place, weight in zip(range(2, 10), (7, 6, 5, 4, 3, 2, 1, 1), strict=True):
        total = total + digit(place, 1).cast(pl.Int32) * weight
    if checked.select((total % 10 != 0).any()).item():
        raise GiveUp
    return checked.get_column("number").to_list(), checked.get_column("name").to_list()


def _judged(cache: dict, key: Any, judge: Callable[[], Any]) -> int:  # type: ignore[type-arg]
    """A value's packed integer, judged once per file (the checker's cache is shared with the exact path)."""
    value = cache.get(key)
    if value is None:
        value = cache[key] = judge()
    return _good(value)


def _good(value: Any) -> int:
    if not isinstance(value, int):
        raise GiveUp  # a wrong value: the exact path reports it with its row number
    return value


def _frame(pl, keys, name: str, values: list[int]):  # type: ignore[no-untyped-def]
    return keys.with_columns(pl.Series(name, values, dtype=pl.UInt64))


def _blocks(path: Path, header: list[str]) -> Iterator[bytes]:
    """The file's data rows in blocks of about BLOCK bytes, each cut at the end of a line. A cut inside a quoted
    cell (an odd number of quote marks before it) or a header the csv module reads differently: give up."""
    with path.open("rb") as f:
        line = f.readline()
        if line.count(b'"') % 2 or next(csv.reader([line.decode("utf-8-sig")]), None) != header:
            raise GiveUp
        rest = b""
        while True:
            data = f.read(BLOCK)
            if not data:
                break
            data = rest + data if rest else data
            cut = data.rfind(b"\n") + 1
            block, rest = data[:cut], data[cut:]
            if block:
                if b'"' in block and block.count(b'"') % 2:  # (``in`` is a memchr: most exports quote nothing)
                    raise GiveUp
                yield block
        if rest.strip():
            if b'"' in rest and rest.count(b'"') % 2:
                raise GiveUp
            yield rest
