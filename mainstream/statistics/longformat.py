"""The long format of a statistical table in CSV (UTF-8/CP950), XLSX or ODS: one row per cell.

Columns 表號, 表名, 年度, 性別, any further dimension columns (年齡, 區域 …), 數值, 單位. Categories keep the
order in which they first appear; a combination the file leaves out is a missing cell (``..``). All or nothing:
every bad row is listed with its reason.

A file the query page gave out imports back as it is: its time column may carry the table's own name for it
(年別, 時間 … — any name ``px.cube.TIME_NAMES`` knows stands for 年度), and its sex ratio and gap rows
(``derived.RATIO_LABEL``/``GAP_LABEL`` in the 性別 column) are left out, because they are computed from the
women's and men's figures, never stored.
"""

from __future__ import annotations

from pathlib import Path

from mainstream.imports.readers import read_rows
from mainstream.imports.schema import normalise_header

from .derived import GAP_LABEL, GAP_LABEL_EN, RATIO_LABEL, RATIO_LABEL_EN
from .px.cube import MISSING, TIME_NAMES, Category, Cube, Dimension, guess_role

FIXED = ("表號", "表名", "數值", "單位")
DERIVED = {RATIO_LABEL, RATIO_LABEL_EN, GAP_LABEL, GAP_LABEL_EN}  # rows a download adds: recomputed, not read


class LongFormatError(ValueError):
    def __init__(self, errors: list[str]) -> None:
        super().__init__("\n".join(errors))
        self.errors = errors


def long_read(path: str | Path, filename: str | None = None) -> Cube:
    rows = read_rows(path, filename)
    try:
        _n, header = next(rows)
    except StopIteration:
        raise LongFormatError(["檔案是空的"]) from None
    names = [normalise_header(h) for h in header]
    has_time = "年度" in names or any(n.lower() in TIME_NAMES for n in names if n)
    missing = [c for c in ("表號", "表名", "年度", "性別", "數值") if c not in names and (c != "年度" or not has_time)]
    if missing:
        raise LongFormatError([f"第 1 列：缺少欄位 {'、'.join(missing)}"])
    dim_names = [n for n in names if n and n not in FIXED]
    at = {n: i for i, n in enumerate(names)}
    errors: list[str] = []
    cats: dict[str, dict[str, int]] = {d: {} for d in dim_names}
    cells: dict[tuple[str, ...], tuple[float | None, str, int]] = {}
    code = title = unit = ""
    for number, raw in rows:
        row = [*raw, *[""] * (len(names) - len(raw))]
        get = {n: str(row[at[n]]).strip() for n in names if n}
        if not get["表號"]:
            errors.append(f"第 {number} 列（表號）：必填")
            continue
        if code and get["表號"] != code:
            errors.append(f"第 {number} 列（表號）：一個檔案只放一張表（前面是「{code}」）")
            continue
        if get["性別"] in DERIVED:
            continue
        code, title, unit = get["表號"], title or get["表名"], unit or get.get("單位", "")
        key = []
        for d in dim_names:
            if not get[d]:
                errors.append(f"第 {number} 列（{d}）：必填")
                break
            cats[d].setdefault(get[d], len(cats[d]))
            key.append(get[d])
        else:
            text = get["數值"].replace(",", "")
            value: float | None = None
            marker = ""
            try:
                value = float(text)
            except ValueError:
                if text in MISSING:
                    marker = text
                else:
                    errors.append(f"第 {number} 列（數值）：「{text}」不是數字，也不是缺值符號（.. 或 -）")
                    continue
            if tuple(key) in cells:
                errors.append(f"第 {number} 列：與第 {cells[tuple(key)][2]} 列重複（{'、'.join(key)}）")
                continue
            cells[tuple(key)] = (value, marker, number)
    if not errors and not cells:
        errors.append("檔案沒有資料列")
    if errors:
        raise LongFormatError(errors)
    dims = [Dimension(d, d, [Category(c, c) for c in cats[d]], role=guess_role(d)) for d in dim_names]
    values: list[float | None] = []
    status: dict[int, str] = {}
    from itertools import product

    for n, combo in enumerate(product(*(list(cats[d]) for d in dim_names))):
        value, marker, _row = cells.get(combo, (None, "..", 0))
        values.append(value)
        if value is None:
            status[n] = marker or ".."
    decimals = 1 if any(v is not None and v != int(v) for v in values) else 0
    return Cube(code, title, dims, values, status, units=unit, heading=1, decimals=decimals)
