"""Template filters for the words users read (loaded as builtins: no {% load %} needed).

Users read names, percentages and ROC dates — never rule ids (``training.physical_rate``), raw fractions
(``0.1471``, ``4/13``) or Western dates.
"""

from __future__ import annotations

from typing import Any

from django import template

from mainstream.figures import figure_text

register = template.Library()


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


@register.filter
def safe_href(link: Any, scope: str = "") -> str:
    """{{ n.link|safe_href }}: the link if it is http(s) or a path on this site (``"site"``: a path only), else "".

    Links are checked where they are written (mainstream/links.py); this keeps older rows from becoming live links.
    """
    from mainstream.links import link_is_safe

    value = str(link or "")
    return value if value and link_is_safe(value, site_only=scope == "site") else ""
