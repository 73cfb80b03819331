"""NT$ amounts with thousands separators (12,500,000)."""

from decimal import Decimal

from django import template

register = template.Library()


@register.filter
def ntd(value: Decimal | int | None) -> str:
    return "" if value is None else f"{value:,.0f}"
