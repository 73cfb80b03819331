"""Stage 2 helpers: turn one row's cells into typed values, collecting every error of the row."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING

from mainstream import roc

if TYPE_CHECKING:
    from mainstream.units.models import Unit

YES = {"是", "y", "yes", "true", "1", "v", "○", "有"}
NO = {"否", "n", "no", "false", "0", "x", "", "無"}
CHINESE_NUMERALS = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}


@dataclass(frozen=True)
class RowError:
    row: int  # row number in the file; the header is row 1
    column: str
    reason: str

    def __str__(self) -> str:
        where = f"第 {self.row} 列" if self.row else "檔案"
        return f"{where}「{self.column}」：{self.reason}" if self.column else f"{where}：{self.reason}"

    def as_json(self) -> dict[str, object]:
        return {"row": self.row, "column": self.column, "reason": self.reason}


@dataclass
class Cells:
    """One row's cells by canonical column name; every accessor records its error and returns None."""

    row: int
    values: dict[str, str]
    units: dict[str, Unit] = field(default_factory=dict)
    errors: list[RowError] = field(default_factory=list)

    def error(self, column: str, reason: str) -> None:
        self.errors.append(RowError(self.row, column, reason))

    def raw(self, column: str) -> str:
        return (self.values.get(column) or "").strip()

    def text(self, column: str, *, required: bool = True, max_length: int | None = None) -> str:
        value = self.raw(column)
        if required and not value:
            self.error(column, "必填欄位空白")
        elif max_length and len(value) > max_length:
            self.error(column, f"超過 {max_length} 字")
        return value

    def date(self, column: str, *, required: bool = True) -> date | None:
        value = self.raw(column)
        if not value:
            if required:
                self.error(column, "必填欄位空白")
            return None
        try:
            return roc.parse_date(value)
        except ValueError as exc:
            self.error(column, str(exc))
            return None

    def year(self, column: str, *, required: bool = True) -> int | None:
        value = self.raw(column)
        if not value:
            if required:
                self.error(column, "必填欄位空白")
            return None
        try:
            return roc.parse_year(value)
        except ValueError as exc:
            self.error(column, str(exc))
            return None

    def yes_no(self, column: str, *, required: bool = False) -> bool | None:
        value = self.raw(column).lower()
        if required and not value:
            self.error(column, "必填欄位空白（請填 是 或 否）")
            return None
        if value in YES:
            return True
        if value in NO:
            return False
        self.error(column, f"「{self.raw(column)}」應為 是 或 否")
        return None

    def number(
        self, column: str, *, required: bool = True, minimum: Decimal | int | None = 0, integer: bool = False
    ) -> Decimal | None:
        value = self.raw(column).replace(",", "")
        if not value:
            if required:
                self.error(column, "必填欄位空白")
            return None
        try:
            number = Decimal(value)
        except InvalidOperation:
            self.error(column, f"「{value}」不是數字")
            return None
        if not number.is_finite():
            self.error(column, f"「{value}」不是數字")
            return None
        if integer and number != number.to_integral_value():
            self.error(column, f"「{value}」應為整數")
            return None
        if minimum is not None and number < minimum:
            self.error(column, f"「{value}」不可小於 {minimum}")
            return None
        return number

    def ordinal(self, column: str, *, maximum: int, required: bool = True) -> int | None:
        """1, 一, (一), （一）, 第一類 → 1."""
        value = re.sub(r"[()（）第類項\s]", "", self.raw(column))
        if not value:
            if required:
                self.error(column, "必填欄位空白")
            return None
        number = int(value) if value.isdigit() else CHINESE_NUMERALS.get(value)
        if number is None or not 1 <= number <= maximum:
            self.error(column, f"「{self.raw(column)}」不是 1 到 {maximum} 之間的編號")
            return None
        return number

    def choice(self, column: str, choices: dict[str, str], *, required: bool = True) -> str | None:
        """A value from ``choices`` (label or alias → stored value)."""
        value = self.raw(column)
        if not value:
            if required:
                self.error(column, "必填欄位空白")
            return None
        if value in choices:
            return choices[value]
        labels = "、".join(dict.fromkeys(choices))
        self.error(column, f"「{value}」不是可接受的值（{labels}）")
        return None

    def unit(self, column: str, *, required: bool = True) -> Unit | None:
        """A unit by full name, short name or alias."""
        value = self.raw(column)
        if not value:
            if required:
                self.error(column, "必填欄位空白")
            return None
        unit = self.units.get(value)
        if unit is None:
            self.error(column, f"查無機關「{value}」")
        return unit

    def listing(self, column: str) -> list[str]:
        """'性別,性傾向' / '性別、性傾向' → ['性別', '性傾向']."""
        return [p.strip() for p in re.split(r"[,，、;；]", self.raw(column)) if p.strip()]
