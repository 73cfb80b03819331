"""Reads for the scorecard and the unit page: findings arranged for people, scoped by access."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.conf import settings

from mainstream import roc
from mainstream.figures import figure_text
from mainstream.plan.model import Plan
from mainstream.plan.selectors import plan_in_force, plan_year_default
from mainstream.units.access import units_visible_to

from .engine import Finding
from .presentation import STATUS_LABELS, STATUS_SYMBOLS, worst
from .stored import findings_stored


def default_as_of() -> date:
    """Today, unless the deployment sets MAINSTREAM_AS_OF (the demo plays a day in 111)."""
    configured = getattr(settings, "MAINSTREAM_AS_OF", "")
    return roc.parse_date(configured) if configured else date.today()


def default_year() -> int:
    """The as-of date's year, kept within the years the stored plans cover."""
    return plan_year_default()


@dataclass
class Cell:
    tool: str
    findings: list[Finding] = field(default_factory=list)
    plan: Plan | None = None  # the plan of the findings' year (looked up when not given)

    @property
    def status(self) -> str:
        return worst(f.status for f in self.findings)

    @property
    def label(self) -> str:
        return STATUS_LABELS[self.status]

    @property
    def symbol(self) -> str:
        return STATUS_SYMBOLS[self.status]

    @property
    def counts(self) -> str:
        """'2/3' duties met, for a cell that holds several rules."""
        judged = [f for f in self.findings if f.status != "not_applicable"]
        return f"{sum(f.status in ('met', 'filed') for f in judged)}/{len(judged)}" if judged else ""

    @property
    def figures(self) -> list[str]:
        """actual/required of each rule; in a cell of many rules only of those not met, to keep it readable."""
        shown = [
            f for f in self.findings if f.actual is not None and f.required is not None and f.status != "not_applicable"
        ]
        if len(shown) > 2:
            shown = [f for f in shown if f.status not in ("met", "filed")]
        return [
            f"{_short(f.rule, self.plan or plan_in_force(f.year))} {_num(f.actual)}/{_num(f.required)}" for f in shown
        ]


def _num(value) -> str:  # type: ignore[no-untyped-def]
    return figure_text(value)


def _short(rule_id: str, plan: Plan) -> str:
    """A duty's title without its tool's name (推展性別平等工作策略及具體措施類別數 → 類別數)."""
    if rule_id not in plan.duties:
        return rule_id
    duty = plan.duty(rule_id)
    title = duty.title.removeprefix(plan.tool(duty.tool).name).split("（")[0]
    return title[:14].rstrip("、，,；")


@dataclass
class Row:
    unit: str
    full: str
    cells: list[Cell]


@dataclass
class GroupRows:
    code: str
    name: str
    rows: list[Row]


@dataclass
class Scorecard:
    year: int
    as_of: date
    tools: list[tuple[str, str]]
    groups: list[GroupRows]
    government: list[Finding]
    totals: dict[str, int]


def scorecard_get(user, *, year: int, as_of: date | None = None) -> Scorecard:  # type: ignore[no-untyped-def]
    """Rows: units (grouped) the user may see; columns: the plan's tools; cells: that unit's findings of that tool."""
    plan = plan_in_force(year)
    as_of = as_of or default_as_of()
    visible = {u.short_name for u in units_visible_to(user)}
    findings = findings_stored(year=year, as_of=as_of)
    by_unit_tool: dict[tuple[str, str], list[Finding]] = defaultdict(list)
    government = []
    totals: dict[str, int] = defaultdict(int)
    for f in findings:
        if f.subject_type == "government":
            government.append(f)
            continue
        if not visible.intersection(f.units):
            continue
        for unit in f.units:
            by_unit_tool[(unit, f.tool)].append(f)
        totals[f.status] += 1
    tools = [(t.code, t.name) for t in plan.tools]
    groups = []
    for code, group in plan.groups.items():
        rows = []
        for spec in plan.executing_units():
            if spec.group != code or spec.short not in visible:
                continue
            cells = [Cell(t, by_unit_tool.get((spec.short, t), []), plan) for t, _ in tools]
            rows.append(Row(spec.short, spec.full, cells))
        if rows:
            groups.append(GroupRows(code, group.name, rows))
    return Scorecard(year, as_of, tools, groups, government, dict(totals))


def cell_findings_get(user, *, year: int, unit: str, tool: str | None, as_of: date | None = None) -> list[Finding]:  # type: ignore[no-untyped-def]
    """The findings behind one scorecard cell (or all of a unit's with tool None); empty if not visible."""
    visible = {u.short_name for u in units_visible_to(user)}
    if unit not in visible:
        return []
    findings = findings_stored(year=year, as_of=as_of or default_as_of(), unit=unit)
    return [f for f in findings if tool is None or f.tool == tool]
