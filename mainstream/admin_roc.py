"""The admin reads and takes ROC dates (110/03/05), like every other page.

Django's admin shows dates by the locale's format (2021年3月5日) and offers a Western calendar picker; neither can
express the ROC year. This module is the one place that changes that, installed once from ``urls.py``:
date fields in admin forms are typed as ROC dates (ISO still accepted), and dates in change lists and read-only
fields are shown as ROC dates.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django import forms
from django.contrib.admin import helpers, options
from django.contrib.admin import utils as admin_utils
from django.contrib.admin.templatetags import admin_list
from django.db import models
from django.utils import timezone

from mainstream import roc


class RocDateInput(forms.TextInput):
    """A text box showing a date as 110/03/05."""

    def __init__(self, attrs: dict[str, Any] | None = None):
        super().__init__({"size": "10", "placeholder": "例：110/03/05", "inputmode": "numeric", **(attrs or {})})

    def format_value(self, value: Any) -> str | None:
        if isinstance(value, date):
            return roc.format_date(value)
        return super().format_value(value)


class RocDateFormField(forms.DateField):
    """A date typed as ROC (110/3/5, 1100305, 110年3月5日) or ISO (2021-03-05)."""

    widget = RocDateInput

    def to_python(self, value: Any) -> date | None:
        if value in self.empty_values:
            return None
        if isinstance(value, date):
            return value.date() if isinstance(value, datetime) else value
        try:
            return roc.parse_date(str(value))
        except ValueError as exc:
            raise forms.ValidationError(str(exc), code="invalid") from exc


def roc_display(value: Any) -> str | None:
    """A date or datetime as ROC text; None when the value is not a date."""
    if isinstance(value, datetime):
        local = timezone.localtime(value) if timezone.is_aware(value) else value
        return f"{roc.format_date(local)} {local:%H:%M}"
    if isinstance(value, date):
        return roc.format_date(value)
    return None


_original_display_for_field = admin_utils.display_for_field


def display_for_field(value: Any, field: Any, empty_value_display: str, *args: Any, **kwargs: Any) -> Any:
    shown = roc_display(value) if isinstance(field, models.DateField | models.DateTimeField) else None
    if shown is not None:
        return shown
    return _original_display_for_field(value, field, empty_value_display, *args, **kwargs)


def install(site: Any = None) -> None:
    """Use ROC dates in the admin's forms, change lists and read-only fields (idempotent).

    Model admins copy the form-field defaults when they are registered (before ``urls.py`` is read), so the ones
    already registered are updated too.
    """
    from django.contrib import admin

    date_field = {"form_class": RocDateFormField, "widget": RocDateInput}
    options.FORMFIELD_FOR_DBFIELD_DEFAULTS[models.DateField] = date_field
    for model_admin in (site or admin.site)._registry.values():
        model_admin.formfield_overrides[models.DateField] = dict(date_field)
    admin_list.display_for_field = display_for_field
    helpers.display_for_field = display_for_field
