"""What each tool contributes to a report: a small protocol every ``<app>/report.py`` follows.

``<app>/report.py`` defines ``report_section(unit_short: str, year: int) -> Section``. It reads that app's
records and returns tables whose every row names the records it came from (``sources``), so that a
reviewer can trace each number of a report back to a record (柒、一、(二)). A tool without models or
without records returns a section with no tables; the report then shows 「尚無資料」 instead of
leaving the tool out.

``<app>/report.py`` may also define ``public_documents(unit_short: str) -> list[PublicDocument]``
(published material of that tool shown on the public zone pages, 柒、一、(三)), and
``plan_items(unit_short: str, year: int) -> list[PlanItemDraft]`` (what the unit did in ``year``,
used to draft the next year's plan).
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from typing import Any

NO_DATA = "尚無資料"


@dataclass(frozen=True)
class Source:
    """A record behind a number: what it is and where it is opened (within the system)."""

    label: str
    url: str = ""

    def as_json(self) -> dict[str, str]:
        return {"label": self.label, "url": self.url}


@dataclass
class Table:
    title: str
    columns: list[str]
    rows: list[list[Any]] = field(default_factory=list)
    sources: list[list[Source]] = field(default_factory=list)  # one list per row
    note: str = ""

    def add(self, row: list[Any], sources: list[Source] | None = None) -> None:
        self.rows.append([_plain(v) for v in row])
        self.sources.append(list(sources or []))

    @property
    def lines(self) -> list[tuple[list[Any], list[Source]]]:
        """(row, its sources) pairs, for templates."""
        return [(r, self.sources[i] if i < len(self.sources) else []) for i, r in enumerate(self.rows)]

    def as_json(self) -> dict[str, Any]:
        return {
            "title": self.title,
            "columns": list(self.columns),
            "rows": [[_plain(v) for v in r] for r in self.rows],
            "sources": [[s.as_json() for s in srcs] for srcs in self.sources],
            "note": self.note,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Table:
        return cls(
            data["title"],
            list(data["columns"]),
            [list(r) for r in data["rows"]],
            [[Source(s["label"], s.get("url", "")) for s in srcs] for srcs in data.get("sources", [])],
            data.get("note", ""),
        )


@dataclass
class Section:
    """One tool's part of a unit's report for a year."""

    tool: str
    title: str
    required: list[str] = field(default_factory=list)  # what the plan required of the unit's group
    tables: list[Table] = field(default_factory=list)
    note: str = ""

    @property
    def empty(self) -> bool:
        return not any(t.rows for t in self.tables)


@dataclass(frozen=True)
class PublicDocument:
    """A published item of a tool, listed on the public zone pages."""

    year: int
    title: str
    kind: str  # e.g. 性別分析
    url: str = ""


@dataclass(frozen=True)
class PlanItemDraft:
    tool: str
    title: str
    planned: int | None = None
    detail: str = ""


def _plain(value: Any) -> Any:
    if value is None or isinstance(value, (int, float, str, bool)):
        return value
    from datetime import date

    if isinstance(value, date):
        from mainstream import roc

        return roc.format_date(value)
    return str(value)


TOOL_APPS = ("mechanism", "training", "statistics", "analysis", "impact", "budget", "measures")


def _module(tool: str):  # type: ignore[no-untyped-def]
    try:
        return importlib.import_module(f"mainstream.{tool}.report")
    except ModuleNotFoundError as exc:
        if exc.name != f"mainstream.{tool}.report":
            raise
        return None


def required_lines(unit_short: str, year: int, tool: str) -> list[str]:
    """What the plan requires of the unit's group for a tool in a year: 'clause title (params)'."""
    from mainstream.plan.selectors import plan_in_force

    plan = plan_in_force(year)
    spec = plan.units.get(unit_short)
    group = spec.group if spec else None
    lines = []
    for duty in plan.duties.values():
        if duty.tool != tool or (spec is not None and not plan.applies(spec, duty.id)):
            continue
        values = []
        for name in duty.params:
            value = plan.param(duty.id, name, group, year)
            if name.startswith("min_") and isinstance(value, (int, float)) and not isinstance(value, bool):
                values.append(f"{value:g}")
        extra = f"（本群組應達：{'／'.join(values)}）" if values else ""
        lines.append(f"{duty.clause_for(group)} {duty.title}{extra}")
    return lines


def tool_title(tool: str) -> str:
    from mainstream.plan.selectors import plan_in_force_default

    return plan_in_force_default().tool(tool).name


def section_for(tool: str, unit_short: str, year: int) -> Section:
    """The tool's section, or an empty one saying 「尚無資料」 if the tool has no report hook or models yet."""
    module = _module(tool)
    section = None
    if module is not None and hasattr(module, "report_section"):
        try:
            section = module.report_section(unit_short, year)
        except (ImportError, LookupError):
            section = None
    if section is None:
        section = Section(tool, tool_title(tool), note=NO_DATA)
    if not section.required:
        section.required = required_lines(unit_short, year, tool)
    if section.empty and not section.note:
        section.note = NO_DATA
    return section


def sections_for(unit_short: str, year: int) -> list[Section]:
    return [section_for(tool, unit_short, year) for tool in TOOL_APPS]


def public_documents_for(unit_short: str) -> list[PublicDocument]:
    out: list[PublicDocument] = []
    for tool in TOOL_APPS:
        module = _module(tool)
        if module is not None and hasattr(module, "public_documents"):
            try:
                out.extend(module.public_documents(unit_short))
            except (ImportError, LookupError):
                continue
    return out


def plan_drafts_for(unit_short: str, year: int) -> list[PlanItemDraft]:
    out: list[PlanItemDraft] = []
    for tool in TOOL_APPS:
        module = _module(tool)
        if module is not None and hasattr(module, "plan_items"):
            try:
                out.extend(module.plan_items(unit_short, year))
            except (ImportError, LookupError):
                continue
    return out
