"""Checks that several tools' imports share (the third of the four stages: validate, collecting every row's errors)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from operator import attrgetter
from typing import Any

from mainstream.plan.selectors import plan_year_problem, plan_years

from .values import RowError


def yearly_rows_validate(
    rows: Sequence[tuple[int, Any]],
    *,
    unit_column: str = "機關",
    unit_of: Callable[[Any], Any] = attrgetter("unit"),
) -> list[RowError]:
    """Each row's ``year`` is one a plan covers, and its unit is an executing unit — the plan binds only
    executing units (執行辦理單位, 貳) to its tools, by year. ``rows``: (line number, row with ``year``);
    ``unit_of``: the row's unit (its ``unit`` unless said); ``unit_column``: the header a unit error names."""
    errors = []
    years = set(plan_years())
    for number, row in rows:
        if row.year not in years:
            errors.append(RowError(number, "年度", plan_year_problem(row.year) or ""))
        unit = unit_of(row)
        if unit.kind != "executing":
            errors.append(RowError(number, unit_column, f"「{unit}」不是執行辦理單位"))
    return errors
