"""Import kinds: each tool's app declares its kinds in ``<app>/imports.py``.

An import goes in four stages (docs/architecture.md):
1. read the file (``readers.read_rows``);
2. each row → a dataclass (``ImportKind.parse`` with :class:`~.values.Cells`, collecting the row's errors);
3. validate across rows (``ImportKind.validate``; duplicates by ``ImportKind.key`` are found for you);
4. one service writes all rows or none (``ImportKind.write``, called inside a transaction).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from .values import Cells, RowError


@dataclass(frozen=True)
class Column:
    name: str  # the header users' templates use: a contract, never renamed
    required: bool = True  # the column must be in the file (values may still be optional)
    aliases: tuple[str, ...] = ()  # other spellings found in exports
    help: str = ""  # shown in the template's 說明 sheet
    example: str = ""
    # the values a coded column takes: the template offers them as a drop-down list (a callable is read when the
    # template is built, e.g. the registry's units); the import still accepts the aliases its parser knows
    choices: tuple[str, ...] | Callable[[], Sequence[str]] = ()

    def choice_list(self) -> list[str]:
        return list(self.choices() if callable(self.choices) else self.choices)


# how a record service's outcome reads to the person who saved the form
OUTCOME_MESSAGES = {"created": "已新增", "updated": "已更新", "unchanged": "內容未變更"}


@dataclass
class WriteResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    notes: list[str] = field(default_factory=list)

    def add(self, outcome: str) -> None:
        """Count one record's outcome: "created", "updated" or "unchanged"."""
        setattr(self, outcome, getattr(self, outcome) + 1)


def write_each(rows: Sequence[Any], record: Callable[..., tuple[Any, str]], *, by=None) -> WriteResult:  # type: ignore[no-untyped-def]
    """Stage 4 for kinds whose rows each go through one ``<entity>_record(data=row, by=by)`` service."""
    result = WriteResult()
    for row in rows:
        result.add(record(data=row, by=by)[1])
    return result


@dataclass(frozen=True)
class ImportKind:
    name: str  # 'measures': a contract (command line, templates)
    title: str  # 推展策略及具體措施
    tool: str  # for access: an oversight unit of this tool may import for every unit
    columns: tuple[Column, ...]
    parse: Callable[[Cells], Any]  # stage 2: cells → row dataclass (errors go to cells.errors)
    write: Callable[..., WriteResult]  # stage 4: write(rows, by=user) inside a transaction
    key: Callable[[Any], tuple] | None = None  # rows with the same key are duplicates
    validate: Callable[[Sequence[tuple[int, Any]]], list[RowError]] | None = None  # stage 3, across rows
    unit_of: Callable[[Any], Any] | None = None  # the unit a row belongs to (access is checked)
    admin_only: bool = False  # master data of the office (WRPC terms, lead units…)
    # a kind too big for import_file (the million-row `training`) runs its own: runner(command, options, user) → exit code
    runner: Callable[..., int] | None = None
    upload_url: str = ""  # where the web UI uploads a kind with its own runner (a background job with progress)
    description: str = ""

    def header_map(self) -> dict[str, str]:
        """Every accepted header spelling (normalised) → canonical column name."""
        out = {}
        for column in self.columns:
            for name in (column.name, *column.aliases):
                out[normalise_header(name)] = column.name
        return out


def normalise_header(text: str) -> str:
    return (
        str(text).strip().replace(" ", "").replace("\u3000", "").replace("（", "(").replace("）", ")").lstrip("\ufeff")
    )


KINDS: dict[str, ImportKind] = {}


def register(kind: ImportKind) -> ImportKind:
    KINDS[kind.name] = kind
    return kind


def discover_kinds() -> dict[str, ImportKind]:
    """Import ``imports`` of every installed mainstream app (each registers its kinds)."""
    from django.apps import apps

    for config in apps.get_app_configs():
        if config.name.startswith("mainstream.") and config.label != "imports":
            try:
                importlib.import_module(f"{config.name}.imports")
            except ModuleNotFoundError as exc:
                if exc.name != f"{config.name}.imports":
                    raise
    return KINDS
