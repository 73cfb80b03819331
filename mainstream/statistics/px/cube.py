"""A statistical cube in plain data: dimensions with ordered categories and a dense row-major value array."""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import product
from math import prod

# PX missing markers (PX file format specification, "DATA"): shown as is, never a number
MISSING = ("......", ".....", "....", "...", "..", ".", "-")

SEX_NAMES = {"性別", "sex", "gender", "kön"}
TIME_NAMES = {"年", "年度", "年別", "時間", "期間", "year", "time", "period", "år"}


@dataclass
class Category:
    code: str
    label: str
    label_en: str = ""


@dataclass
class Dimension:
    code: str
    label: str
    categories: list[Category]
    label_en: str = ""
    role: str = ""  # "time", "sex", "area" or ""

    def index(self, code: str) -> int:
        for i, c in enumerate(self.categories):
            if c.code == code or c.label == code or (c.label_en and c.label_en == code):
                return i
        raise KeyError(code)

    def as_json(self) -> dict:
        return {
            "code": self.code,
            "label": self.label,
            "label_en": self.label_en,
            "role": self.role,
            "categories": [{"code": c.code, "label": c.label, "label_en": c.label_en} for c in self.categories],
        }

    @classmethod
    def from_json(cls, data: dict) -> Dimension:
        cats = [Category(c["code"], c["label"], c.get("label_en", "")) for c in data["categories"]]
        return cls(data["code"], data["label"], cats, data.get("label_en", ""), data.get("role", ""))


def guess_role(name: str, name_en: str = "") -> str:
    for n in (name.strip().lower(), name_en.strip().lower()):
        if n in SEX_NAMES:
            return "sex"
        if n in TIME_NAMES:
            return "time"
        if n in {"區域", "地區", "縣市", "城市", "國家", "area", "region", "country", "city"}:
            return "area"
    return ""


@dataclass
class Cube:
    code: str
    title: str
    dimensions: list[Dimension]
    values: list[float | None]
    status: dict[int, str] = field(default_factory=dict)
    title_en: str = ""
    units: str = ""
    units_en: str = ""
    source: str = ""
    source_en: str = ""
    notes: str = ""
    notes_en: str = ""
    heading: int = 1  # the last ``heading`` dimensions are PX's HEADING, the others its STUB
    updated: str = ""  # PX LAST-UPDATED as written (e.g. 20240101 09:00)
    decimals: int = 0

    @property
    def size(self) -> list[int]:
        return [len(d.categories) for d in self.dimensions]

    def select(self, selection: dict[str, list[str]]) -> Cube:
        """The sub-cube of the chosen categories (dimension code or label → category codes/labels), in their order.

        Index arithmetic on the dense array: each cell's offset is the sum of its category positions times strides.
        """
        picks: list[list[int]] = []
        dims: list[Dimension] = []
        for d in self.dimensions:
            wanted = selection.get(d.code) or selection.get(d.label)
            idx = [d.index(w) for w in wanted] if wanted else list(range(len(d.categories)))
            picks.append(idx)
            dims.append(Dimension(d.code, d.label, [d.categories[i] for i in idx], d.label_en, d.role))
        sizes = self.size
        strides = [prod(sizes[k + 1 :]) for k in range(len(sizes))]
        offsets = [0]
        for stride, idx in zip(strides, picks, strict=True):
            offsets = [o + i * stride for o in offsets for i in idx]
        values = self.values
        status = self.status
        new_status = {n: status[o] for n, o in enumerate(offsets) if o in status} if status else {}
        out = Cube(
            **{**self.__dict__, "dimensions": dims, "values": [values[o] for o in offsets], "status": new_status}
        )
        return out

    def cells(self):  # type: ignore[no-untyped-def]
        """(categories tuple, value, marker) for each cell, row-major."""
        for n, combo in enumerate(product(*(d.categories for d in self.dimensions))):
            yield combo, self.values[n], self.status.get(n, "")
