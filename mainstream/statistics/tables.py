"""Statistical tables (伍、三、(二)、1、C): import a cube as a new revision (service) and read it back (selectors)."""

from __future__ import annotations

import sys
from array import array

from .models import StatRevision, StatTable
from .px.cube import Cube, Dimension
from .services import stat_table_import, values_pack

__all__ = ["stat_table_import", "values_pack", "values_unpack"]


def values_unpack(data: bytes) -> list[float | None]:
    arr = array("d")
    arr.frombytes(bytes(data))
    if sys.byteorder != "little":
        arr.byteswap()
    return [None if v != v else v for v in arr]


def unit_indicator_tables(unit):  # type: ignore[no-untyped-def]
    """A unit's indicators (伍、三、(二)、2、C) with their statistical tables and the gender analyses built on them
    (``public_analyses``: those reported to a task force, the finished ones; drafts stay inside), for its public page."""
    from django.db.models import Prefetch

    from mainstream.analysis.models import Analysis

    from .models import Indicator

    reported = Analysis.objects.filter(reported_on__isnull=False, descriptive_only=False).select_related("unit")
    return (
        Indicator.objects.filter(unit=unit, kind=Indicator.Kind.INDICATOR)
        .prefetch_related(
            "tables", Prefetch("analyses", queryset=reported.order_by("-year", "title"), to_attr="public_analyses")
        )
        .order_by("added_on", "id")
    )


def stat_table_file_read(path, filename: str):  # type: ignore[no-untyped-def]
    """A PX file or the long format (CSV/XLSX/ODS) → a cube, or the list of reasons it is refused."""
    from pathlib import Path

    from mainstream.imports.readers import FileFormatError

    from .longformat import LongFormatError, long_read
    from .px import PxError, px_read

    try:
        if Path(filename).suffix.lower() == ".px":
            return px_read(Path(path).read_bytes()), []
        return long_read(path, filename), []
    except PxError as exc:
        return None, [str(exc)]
    except LongFormatError as exc:
        return None, exc.errors
    except FileFormatError as exc:
        return None, [str(exc)]


def stat_table_list():  # type: ignore[no-untyped-def]
    return StatTable.objects.select_related("unit", "indicator").order_by("code")


_CACHE: dict[tuple, Cube] = {}


def stat_table_cube(table: StatTable) -> Cube | None:
    """The table's latest revision as a cube (cached by revision id: a warm query does no JSON decoding)."""
    rev = table.revisions.order_by("-number").only("id", "number", "imported_at").first()
    if rev is None:
        return None
    key = (table.pk, rev.pk, rev.imported_at)
    if key not in _CACHE:
        rev = StatRevision.objects.get(pk=rev.pk)
        meta = rev.meta or {}
        _CACHE[key] = Cube(
            code=table.code,
            title=table.title,
            title_en=table.title_en,
            dimensions=[Dimension.from_json(d) for d in rev.dimensions],
            values=values_unpack(rev.values),
            status={int(k): v for k, v in rev.status.items()},
            units=table.measure_unit,
            units_en=meta.get("units_en", ""),
            source=table.source,
            source_en=meta.get("source_en", ""),
            notes=table.notes,
            notes_en=meta.get("notes_en", ""),
            heading=rev.heading,
            updated=meta.get("updated", ""),
            decimals=meta.get("decimals", 0),
        )
    return _CACHE[key]


def selection_parse(pairs: list[str]) -> dict[str, list[str]]:
    """``DIM=VALUE`` pairs (repeatable; a value may list several separated by commas) → selection."""
    out: dict[str, list[str]] = {}
    for pair in pairs:
        dim, _, value = pair.partition("=")
        out.setdefault(dim.strip(), []).extend(v.strip() for v in value.split(",") if v.strip())
    return out


def cube_rows(cube: Cube, *, lang: str = "zh") -> list[list[object]]:
    """Long format: one row per cell (表號, 表名, dimensions…, 數值, 單位); a missing cell carries its marker."""
    en = lang == "en"
    out: list[list[object]] = [
        ["表號", "表名", *[(d.label_en or d.label) if en else d.label for d in cube.dimensions], "數值", "單位"]
    ]
    title = (cube.title_en or cube.title) if en else cube.title
    for combo, value, marker in cube.cells():
        labels = [(c.label_en or c.label) if en else c.label for c in combo]
        out.append([cube.code, title, *labels, (marker or "..") if value is None else value, cube.units])
    return out


def cube_csv(cube: Cube, *, lang: str = "zh", derived: bool = False) -> str:
    """CSV of the long format; ``derived`` adds the sex ratio and gap rows (derived.derived_long_rows)."""
    import csv
    import io

    from .derived import derived_long_rows

    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    rows = cube_rows(cube, lang=lang) + (derived_long_rows(cube, lang=lang) if derived else [])
    for row in rows:
        w.writerow([(str(int(v)) if v == int(v) else repr(v)) if isinstance(v, float) else v for v in row])
    return buf.getvalue()
