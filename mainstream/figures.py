"""Figures as people read them: rates and fractions as percentages, large counts with separators.

Users read percentages, never raw fractions (``0.1471``, ``4/13``); pages, reports and exports share this.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any


def figure_text(value: Any) -> str:
    """A finding's actual or required figure as people read it: 0.1471 → 14.7%, '4/13' → 30.8%, 24 → 24."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, str) and "/" in value:
        try:
            value = Fraction(value.replace("／", "/").replace(" ", ""))
        except (ValueError, ZeroDivisionError):
            return value
    if isinstance(value, Fraction):
        if value.denominator == 1:
            return str(value.numerator)
        value = float(value)
    if isinstance(value, float):
        if value.is_integer() and value > 1:
            return str(int(value))
        if 0 <= value <= 1:
            text = f"{value * 100:.1f}".removesuffix(".0")
            return f"{text}%"
        return f"{value:,.1f}".removesuffix(".0")
    if isinstance(value, int):
        return f"{value:,}" if abs(value) >= 10000 else str(value)
    return str(value)
