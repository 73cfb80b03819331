"""Template filters for the words users read (loaded as builtins: no {% load %} needed).

Users read names, percentages and ROC dates — never rule ids (``training.physical_rate``), raw fractions
(``0.1471``, ``4/13``) or Western dates.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

from django import template

register = template.Library()


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


@register.filter
def figure(value: Any) -> str:
    """{{ f.actual|figure }}: 0.5294 → 52.9%."""
    return figure_text(value)


@register.filter
def duty_title(rule_id: str, plan: Any = None) -> str:
    """{{ f.rule|duty_title:plan }} → the duty's title in the plan (the id only if the plan doesn't know it)."""
    duties = getattr(plan, "duties", None) or {}
    duty = duties.get(rule_id)
    return duty.title if duty is not None else rule_id


@register.filter
def roc_text(text: Any) -> str:
    """{{ event.summary|roc_text }}: Western dates inside a text shown as ROC dates."""
    from mainstream.audit.presentation import roc_text as convert

    return convert(str(text or ""))


@register.filter
def audit_changes(event: Any) -> list[tuple[str, str]]:
    """{% for what, how in event|audit_changes %}: an audit event's changes in words."""
    from mainstream.audit.presentation import change_lines

    return change_lines(event.target_type, event.changes)
