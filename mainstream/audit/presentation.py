"""How an audit event reads for people: field names as the forms call them, ROC dates, coded values as words.

The stored event keeps the raw values (so that the chain of events is exact); only the page translates them.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist

ISO_DATE = re.compile(
    r"\b(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::\d{2}(?:\.\d+)?)?(?:[+-]\d{2}:?\d{2}|Z)?)?\b"
)
EMPTY = "（空白）"


def roc_text(text: str) -> str:
    """Every Western date in a text as a ROC date: '會議（2021-02-05）' → '會議（110/02/05）'."""

    def repl(m: re.Match[str]) -> str:
        year, month, day = int(m.group(1)), int(m.group(2)), int(m.group(3))
        if not 1912 <= year <= 2999:
            return m.group(0)
        out = f"{year - 1911}/{month:02d}/{day:02d}"
        return f"{out} {m.group(4)}:{m.group(5)}" if m.group(4) else out

    return ISO_DATE.sub(repl, text)


def _model(target_type: str):  # type: ignore[no-untyped-def]
    try:
        return apps.get_model(target_type)
    except (LookupError, ValueError):
        return None


@lru_cache(maxsize=256)
def _app_choices(app_label: str) -> dict[str, str]:
    """Every coded value of an app's models and its label, for values stored under free keys (attendance by name)."""
    labels: dict[str, str] = {}
    try:
        config = apps.get_app_config(app_label)
    except LookupError:
        return labels
    for model in config.get_models():
        for f in model._meta.get_fields():
            for value, label in getattr(f, "choices", None) or ():
                labels.setdefault(str(value), str(label))
    return labels


def value_text(value: Any, choices: dict[str, str] | None = None) -> str:
    if value is None or value == "":
        return EMPTY
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, list | tuple):
        return "、".join(value_text(v, choices) for v in value) or EMPTY
    text = str(value)
    if choices and text in choices:
        return choices[text]
    return roc_text(text)


def change_lines(target_type: str, changes: dict[str, Any]) -> list[tuple[str, str]]:
    """(what, how) pairs: ('日期', '（空白）→ 111/05/10'), ('出席情形 王小明', '出席')."""
    model = _model(target_type)
    app_choices = _app_choices(target_type.split(".")[0]) if target_type else {}
    lines = []
    for key, value in (changes or {}).items():
        label, choices = key, app_choices
        if model is not None:
            try:
                field = model._meta.get_field(key)
                label = str(getattr(field, "verbose_name", key))
                if getattr(field, "choices", None):
                    choices = {str(v): str(lbl) for v, lbl in field.choices}
            except FieldDoesNotExist:
                pass
        if isinstance(value, list) and len(value) == 2:
            before, after = value
            how = f"{value_text(before, choices)} → {value_text(after, choices)}"
        else:
            how = value_text(value, choices)
        lines.append((label, how))
    return lines
