"""The budget tool's part of the reports: its records once the app has models (until then 「尚無資料」)."""

from __future__ import annotations

from mainstream.reports.sections import Section, tool_title


def report_section(unit_short: str, year: int) -> Section:
    from . import models

    if not any(hasattr(models, name) for name in ("Indicator", "Budget", "BudgetItem")):
        raise LookupError("no records yet")
    return Section("budget", tool_title("budget"))
