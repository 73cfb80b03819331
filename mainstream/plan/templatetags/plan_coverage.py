"""``{{ finding.rule|rule_interpretations }}``: the interpretations of the plan a rule's verdict rests on."""

from __future__ import annotations

from django import template

from mainstream.plan.coverage import CoverageError, interpretations_by_rule

register = template.Library()


@register.filter
def rule_interpretations(rule_id: str) -> tuple[tuple[str, str], ...]:
    try:
        return interpretations_by_rule().get(str(rule_id), ())
    except (CoverageError, OSError):
        return ()
