"""Template filters for ROC dates (loaded as builtins: no {% load %} needed)."""

from django import template

from mainstream import roc as roc_dates

register = template.Library()


@register.filter
def roc(value):
    """{{ meeting.date|roc }} → 110/03/05."""
    return roc_dates.format_date(value)


@register.filter
def roc_datetime(value):
    if not value:
        return ""
    from django.utils import timezone

    local = timezone.localtime(value)
    return f"{roc_dates.format_date(local)} {local:%H:%M}"
