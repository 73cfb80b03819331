from django import template

from mainstream.evaluation.presentation import STATUS_LABELS, STATUS_SYMBOLS

register = template.Library()


@register.filter
def status_label(status: str) -> str:
    return f"{STATUS_SYMBOLS.get(status, '')} {STATUS_LABELS.get(status, status)}"


@register.filter
def percent(value: float) -> str:
    return f"{value:.0%}"
