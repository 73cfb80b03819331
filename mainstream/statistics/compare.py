"""Taipei beside the other five special municipalities or other countries (伍、三、(二)、1、B): for a table with an
area dimension, one period, each area's value (by sex when the table has a sex dimension: 女, 男, gap 女−男 and
sex ratio 女=100), its difference from Taipei and Taipei's rank. Pure: cube in, rows out."""

from __future__ import annotations

from dataclasses import dataclass, field

from .derived import FEMALE, MALE, _is
from .px.cube import Category, Cube, Dimension

TAIPEI = {"臺北市", "台北市", "taipei", "taipei city"}


@dataclass
class AreaRow:
    label: str
    taipei: bool
    value: float | None  # the compared value: the female value when by sex
    male: float | None = None
    gap: float | None = None
    ratio: float | None = None
    diff: float | None = None  # value − Taipei's value
    width: float = 0.0  # bar length for the chart (of 300)
    value_text: str = ".."  # as the table shows it: the table's decimals
    male_text: str = ".."


@dataclass
class Comparison:
    period: str
    periods: list[str]
    by_sex: bool
    rows: list[AreaRow] = field(default_factory=list)
    fixed: list[str] = field(default_factory=list)  # other dimensions held at one category, named for the caption
    rank: int | None = None  # Taipei's place (1 = highest value) among the areas with a value
    ranked: int = 0


def _taipei(c: Category) -> bool:
    return c.label.strip().lower() in TAIPEI or c.label_en.strip().lower() in TAIPEI


def compare_areas(cube: Cube, *, period: str = "") -> Comparison | None:
    """None when the cube has no area dimension. ``period`` is a time category's label or code; the latest by default.
    Other dimensions (not area, time or sex) are held at their first category (a total, as PX tables put it)."""
    area = next((d for d in cube.dimensions if d.role == "area"), None)
    if area is None:
        return None
    time = next((d for d in cube.dimensions if d.role == "time"), None)
    sex = next((d for d in cube.dimensions if d.role == "sex"), None)
    female = next((c for c in sex.categories if _is(c, FEMALE)), None) if sex else None
    male = next((c for c in sex.categories if _is(c, MALE)), None) if sex else None
    by_sex = female is not None and male is not None
    selection: dict[str, list[str]] = {}
    fixed: list[str] = []
    chosen_period = ""
    for d in cube.dimensions:
        if d is area:
            continue
        if d is time:
            pick = next((c for c in d.categories if period in (c.label, c.code)), d.categories[-1])
            chosen_period = pick.label
        elif d is sex and by_sex:
            continue
        else:
            pick = d.categories[0]
            fixed.append(f"{d.label}：{pick.label}")
        selection[d.code] = [pick.code]
    sub = cube.select(selection)
    values: dict[tuple[str, str], float | None] = {}
    a_pos = sub.dimensions.index(_dim(sub, area))
    s_pos = sub.dimensions.index(_dim(sub, sex)) if by_sex and sex else None
    for combo, value, _marker in sub.cells():
        values[(combo[a_pos].code, combo[s_pos].code if s_pos is not None else "")] = value
    rows = []
    for c in area.categories:
        if by_sex and female and male:
            f, m = values[(c.code, female.code)], values[(c.code, male.code)]
            rows.append(
                AreaRow(
                    c.label,
                    _taipei(c),
                    f,
                    male=m,
                    gap=round(f - m, max(cube.decimals, 1)) if f is not None and m is not None else None,
                    ratio=round(m / f * 100, 1) if f and m is not None else None,
                )
            )
        else:
            rows.append(AreaRow(c.label, _taipei(c), values[(c.code, "")]))
    taipei = next((r for r in rows if r.taipei), None)
    peak = max((r.value for r in rows if r.value is not None), default=0) or 1
    digits = max(cube.decimals, 1)
    for r in rows:
        if r.value is not None and taipei is not None and taipei.value is not None:
            r.diff = round(r.value - taipei.value, digits)
        r.width = round(300 * (r.value or 0) / peak, 1)
        r.value_text = ".." if r.value is None else f"{r.value:,.{cube.decimals}f}"
        r.male_text = ".." if r.male is None else f"{r.male:,.{cube.decimals}f}"
    have = sorted((r.value for r in rows if r.value is not None), reverse=True)
    rank = have.index(taipei.value) + 1 if taipei is not None and taipei.value is not None else None
    return Comparison(
        period=chosen_period,
        periods=[c.label for c in time.categories] if time else [],
        by_sex=by_sex,
        rows=rows,
        fixed=fixed,
        rank=rank,
        ranked=len(have),
    )


def _dim(cube: Cube, like: Dimension | None) -> Dimension:
    return next(d for d in cube.dimensions if like is not None and d.code == like.code)
