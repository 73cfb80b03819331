"""Figures derived from a sex dimension (伍、三、(二)、1、C: the query system compares women and men):
the sex ratio (女=100, men per 100 women) and the gap (女 − 男, in percentage points when the unit is %).

Pure functions over a :class:`~.px.Cube`; the query page, the downloads and JSON-stat all use them, so the
figures are the same everywhere.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from itertools import product
from math import prod

from .px.cube import Category, Cube, Dimension

FEMALE = {"女", "女性", "female", "females", "women", "woman", "f"}
MALE = {"男", "男性", "male", "males", "men", "man", "m"}

RATIO_LABEL = "性比例（女=100）"
RATIO_LABEL_EN = "Sex ratio (female = 100)"
GAP_LABEL = "差距（女−男）"
GAP_LABEL_EN = "Gap (female − male)"


def _is(cat: Category, names: set[str]) -> bool:
    return cat.label.strip().lower() in names or cat.label_en.strip().lower() in names or cat.code.lower() in names


@dataclass(frozen=True)
class DerivedRow:
    categories: tuple[Category, ...]  # one per other dimension, in the cube's order
    female: float | None
    male: float | None
    ratio: float | None  # male / female × 100
    gap: float | None  # female − male


@dataclass(frozen=True)
class Derived:
    """The figures as columns, one entry per combination of the other dimensions (row-major, as the cube)."""

    sex: Dimension
    female: Category
    male: Category
    others: list[Dimension]
    female_values: list[float | None]
    male_values: list[float | None]
    ratios: list[float | None]
    gaps: list[float | None]
    gap_unit: str  # 百分點 when the table's unit is a percentage, else the table's unit
    gap_unit_en: str

    @cached_property
    def rows(self) -> list[DerivedRow]:
        """The same figures row by row, each with its categories (for tables; JSON-stat reads the columns)."""
        combos = product(*(d.categories for d in self.others))
        return [
            DerivedRow(tuple(c), f, m, r, g)
            for c, f, m, r, g in zip(combos, self.female_values, self.male_values, self.ratios, self.gaps, strict=True)
        ]


def sex_derived(cube: Cube) -> Derived | None:
    """Sex ratio and gap for each combination of the other dimensions; None when the cube has no sex dimension
    holding both a female and a male category. A ratio needs a non-zero female value; a missing value gives none.

    In the dense row-major array the female (male) values of every combination are, for each combination of the
    dimensions before sex, one contiguous run over the dimensions after it: taken as slices, in the same order as
    the combinations (a query of 100,000 cells stays well within the 200 ms issue 15 asks, ``make bench``)."""
    sex = next((d for d in cube.dimensions if d.role == "sex"), None)
    if sex is None:
        return None
    female = next((c for c in sex.categories if _is(c, FEMALE)), None)
    male = next((c for c in sex.categories if _is(c, MALE)), None)
    if female is None or male is None:
        return None
    others = [d for d in cube.dimensions if d is not sex]
    s = cube.dimensions.index(sex)
    sizes = cube.size
    inner = prod(sizes[s + 1 :])  # cells of one sex category within one combination of the dimensions before it
    block = inner * sizes[s]  # cells of one combination of the dimensions before sex
    f_at, m_at = sex.categories.index(female) * inner, sex.categories.index(male) * inner
    values = cube.values
    fvs: list[float | None] = []
    mvs: list[float | None] = []
    for start in range(0, prod(sizes[:s]) * block, block):
        fvs += values[start + f_at : start + f_at + inner]
        mvs += values[start + m_at : start + m_at + inner]
    digits = max(cube.decimals, 1)
    ratios = [round(m / f * 100, 1) if f and m is not None else None for f, m in zip(fvs, mvs, strict=True)]
    gaps = [round(f - m, digits) if f is not None and m is not None else None for f, m in zip(fvs, mvs, strict=True)]
    percent = "%" in cube.units or "百分比" in cube.units
    return Derived(
        sex=sex,
        female=female,
        male=male,
        others=others,
        female_values=fvs,
        male_values=mvs,
        ratios=ratios,
        gaps=gaps,
        gap_unit="百分點" if percent else cube.units,
        gap_unit_en="percentage points" if percent else (cube.units_en or cube.units),
    )


def derived_long_rows(cube: Cube, *, lang: str = "zh") -> list[list[object]]:
    """The derived figures as extra rows of the long format: the sex column names the figure
    (性比例（女=100） / 差距（女−男）), the unit column its unit (女=100 / 百分點)."""
    d = sex_derived(cube)
    if d is None:
        return []
    en = lang == "en"
    title = (cube.title_en or cube.title) if en else cube.title
    s = cube.dimensions.index(d.sex)
    out: list[list[object]] = []
    for name, unit, attr in (
        (RATIO_LABEL_EN if en else RATIO_LABEL, "female = 100" if en else "女=100", "ratio"),
        (GAP_LABEL_EN if en else GAP_LABEL, d.gap_unit_en if en else d.gap_unit, "gap"),
    ):
        for row in d.rows:
            labels: list[object] = [(c.label_en or c.label) if en else c.label for c in row.categories]
            labels.insert(s, name)
            value = getattr(row, attr)
            out.append([cube.code, title, *labels, ".." if value is None else value, unit])
    return out


def derived_jsonstat(cube: Cube) -> dict | None:
    """The JSON-stat extension ``derived``: for the dataset's dimensions without sex (``id``, ``size``, row-major),
    ``sex_ratio`` (女=100) and ``gap`` (女 − 男, ``gap_unit``) arrays; null where a value is missing."""
    d = sex_derived(cube)
    if d is None:
        return None
    return {
        "sex_dimension": d.sex.code,
        "id": [o.code for o in d.others],
        "size": [len(o.categories) for o in d.others],
        "sex_ratio": {"label": RATIO_LABEL, "label_en": RATIO_LABEL_EN, "value": d.ratios},
        "gap": {
            "label": GAP_LABEL,
            "label_en": GAP_LABEL_EN,
            "unit": d.gap_unit,
            "unit_en": d.gap_unit_en,
            "value": d.gaps,
        },
    }
