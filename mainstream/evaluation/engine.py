"""The evaluation engine: every duty of every unit for a year, as findings with their clause.

A tool declares its duties in ``<app>/rules.py``::

    @rule("measures.categories", facts=measures_facts)
    def categories(facts: MeasuresFacts, ctx: Context) -> Iterator[Finding]: ...

``facts`` loads what the rule needs from the database once per evaluation (shared by the rules that
name the same loader); the rule itself is a pure function of those facts and the :class:`Context`
(plan, year, as-of date, units), so rule tests need no database. See docs/architecture.md.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from mainstream import roc
from mainstream.plan.model import Plan

STATUSES = ("met", "unmet", "in_progress", "not_applicable", "filed")
SUBJECT_TYPES = ("unit", "taskforce", "group", "government")


@dataclass(frozen=True)
class Evidence:
    """A record behind a finding: what it is and where to open it."""

    label: str
    url: str = ""

    def as_json(self) -> dict[str, str]:
        return {"label": self.label, "url": self.url}


@dataclass(frozen=True)
class Finding:
    year: int
    subject: str
    subject_type: str
    units: tuple[str, ...]
    group: str | None
    tool: str
    rule: str
    clause: str
    status: str
    actual: Any
    required: Any
    detail: str
    evidence: tuple[Evidence, ...] = ()

    def __post_init__(self) -> None:
        if self.status not in STATUSES:
            raise ValueError(f"unknown status {self.status!r}")
        if self.subject_type not in SUBJECT_TYPES:
            raise ValueError(f"unknown subject_type {self.subject_type!r}")

    def as_json(self) -> dict[str, Any]:
        return {
            "year": self.year,
            "subject": self.subject,
            "subject_type": self.subject_type,
            "units": list(self.units),
            "group": self.group,
            "tool": self.tool,
            "rule": self.rule,
            "clause": self.clause,
            "status": self.status,
            "actual": self.actual,
            "required": self.required,
            "detail": self.detail,
            "evidence": [e.as_json() for e in self.evidence],
        }


@dataclass(frozen=True)
class UnitInfo:
    """An executing unit as plain data."""

    short: str
    full: str
    group: str
    level: str = ""
    attached_to: str | None = None
    duties: tuple[str, ...] | None = None


@dataclass(frozen=True)
class Subject:
    """Who a duty is judged for in a year: one unit, or a whole group where the plan counts the group together
    (D1's analyses and assessments), over the duty's window (E1's two years)."""

    name: str
    type: str  # unit | group
    group: str
    units: tuple[str, ...]
    first: int
    last: int
    unit: UnitInfo  # the unit; for a group, its first unit
    applies: bool = True  # False: the duty does not apply to this unit (都委會, 參、三、(三))

    @property
    def span(self) -> str:
        """'110 年' or '111–112 年'."""
        return f"{self.first} 年" if self.first == self.last else f"{self.first}–{self.last} 年"


@dataclass(frozen=True)
class Context:
    """Everything a rule may read besides its facts. Plain data, no database."""

    plan: Plan
    year: int
    as_of: date
    units: tuple[UnitInfo, ...]
    lead_units: dict[str, str] = field(default_factory=dict)
    only: str | None = None  # evaluate for one unit (facts loaders may narrow their query)

    @classmethod
    def for_plan(
        cls,
        plan: Plan,
        year: int,
        as_of: date | None = None,
        lead_units: dict[str, str] | None = None,
        only: str | None = None,
    ) -> Context:
        """A context with the plan's own units and default lead units (what rule tests use)."""
        units = tuple(
            UnitInfo(u.short, u.full, u.group, u.level, u.attached_to, u.duties) for u in plan.executing_units()
        )
        leads = {code: years[year] for code, years in plan.lead_units.items() if year in years}
        leads.update(lead_units or {})
        return cls(plan, year, as_of or roc.year_end(year), units, leads, only)

    # -- the plan ------------------------------------------------------------------------------
    def param(self, rule_id: str, name: str, group: str | None) -> Any:
        return self.plan.param(rule_id, name, group, self.year)

    def clause(self, rule_id: str, group: str | None) -> str:
        return self.plan.duty(rule_id).clause_for(group)

    def window(self, rule_id: str, group: str | None) -> tuple[int, int]:
        return self.plan.window_of(rule_id, group, self.year)

    def window_closed(self, last_year: int) -> bool:
        return self.as_of > roc.year_end(last_year)

    def unit(self, short: str) -> UnitInfo:
        return next(u for u in self.units if u.short == short)

    def group_units(self, code: str, *, with_attached: bool = False) -> list[UnitInfo]:
        return [u for u in self.units if u.group == code and (with_attached or not u.attached_to)]

    def applies(self, unit: UnitInfo, rule_id: str) -> bool:
        return unit.duties is None or rule_id in unit.duties

    # -- findings ------------------------------------------------------------------------------
    def judge(self, met: bool, rule_id: str, group: str | None) -> str:
        """met; else in_progress while the duty's window is open on the as-of date; else unmet."""
        if met:
            return "met"
        _, last = self.window(rule_id, group)
        return "unmet" if self.window_closed(last) else "in_progress"

    def finding(
        self,
        rule_id: str,
        *,
        subject: str,
        group: str | None,
        units: Iterable[str],
        met: bool | None = None,
        status: str | None = None,
        actual: Any = None,
        required: Any = None,
        detail: str = "",
        subject_type: str | None = None,
        evidence: Iterable[Evidence] = (),
        clause: str | None = None,
    ) -> Finding:
        duty = self.plan.duty(rule_id)
        if status is None:
            if met is None:
                raise ValueError("give either met or status")
            status = self.judge(met, rule_id, group)
        return Finding(
            year=self.year,
            subject=subject,
            subject_type=subject_type or duty.subject_for(group),
            units=tuple(units),
            group=group,
            tool=duty.tool,
            rule=rule_id,
            clause=clause or duty.clause_for(group),
            status=status,
            actual=actual,
            required=required,
            detail=detail,
            evidence=tuple(evidence),
        )

    def unit_finding(self, rule_id: str, unit: UnitInfo, **kw: Any) -> Finding:
        """A finding whose subject is one unit."""
        return self.finding(
            rule_id, subject=unit.short, group=unit.group, units=[unit.short], subject_type="unit", **kw
        )

    def not_applicable(self, rule_id: str, unit: UnitInfo, detail: str) -> Finding:
        return self.unit_finding(rule_id, unit, status="not_applicable", detail=detail)

    def subjects(self, rule_id: str) -> Iterator[Subject]:
        """Each unit, or each group whose duty's ``subject`` is ``group`` in the plan file (once, with all its units),
        in the plan's order, with the duty's window for the year."""
        duty = self.plan.duty(rule_id)
        seen: set[str] = set()
        for unit in self.units:
            first, last = self.window(rule_id, unit.group)
            if duty.subject_for(unit.group) == "group":
                if unit.group in seen:
                    continue
                seen.add(unit.group)
                members = tuple(u.short for u in self.group_units(unit.group, with_attached=True))
                name = self.plan.groups[unit.group].name
                yield Subject(name, "group", unit.group, members, first, last, unit)
            else:
                yield Subject(
                    unit.short, "unit", unit.group, (unit.short,), first, last, unit, self.applies(unit, rule_id)
                )

    def subject_finding(self, rule_id: str, subject: Subject, **kw: Any) -> Finding:
        """A finding for a unit or a group subject."""
        return self.finding(
            rule_id, subject=subject.name, group=subject.group, units=subject.units, subject_type=subject.type, **kw
        )


FactsLoader = Callable[[Context], Any]
RuleCheck = Callable[[Any, Context], Iterable[Finding]]


@dataclass(frozen=True)
class Rule:
    id: str
    tool: str
    facts: FactsLoader
    check: RuleCheck


RULES: dict[str, Rule] = {}


def rule(rule_id: str, *, facts: FactsLoader) -> Callable[[RuleCheck], RuleCheck]:
    """Register a rule. Its id is ``tool.duty`` and must be a duty of the plan file."""

    def register(check: RuleCheck) -> RuleCheck:
        RULES[rule_id] = Rule(rule_id, rule_id.split(".", 1)[0], facts, check)
        return check

    return register


def discover_rules() -> dict[str, Rule]:
    """Import ``rules`` of every installed mainstream app (each registers its rules)."""
    from django.apps import apps

    for config in apps.get_app_configs():
        if config.name.startswith("mainstream."):
            try:
                importlib.import_module(f"{config.name}.rules")
            except ModuleNotFoundError as exc:
                if exc.name != f"{config.name}.rules":
                    raise
    return RULES


def run_rules(ctx: Context, rules: Iterable[Rule]) -> list[Finding]:
    """Run rules over a context: load each facts once, then evaluate without the database. A rule whose duty the
    plan in force does not declare (an older stored version, a successor without it) is not run for that plan."""
    cache: dict[FactsLoader, Any] = {}
    findings: list[Finding] = []
    for r in rules:
        if r.id not in ctx.plan.duties:
            continue
        if r.facts not in cache:
            cache[r.facts] = r.facts(ctx)
        findings.extend(r.check(cache[r.facts], ctx))
    if ctx.only:
        findings = [f for f in findings if ctx.only in f.units]
    return findings


def sort_key(plan: Plan, unit_order: dict[str, int]) -> Callable[[Finding], tuple]:
    tool_order = {t.code: i for i, t in enumerate(plan.tools)}
    group_order = {c: i for i, c in enumerate(plan.groups)}
    duty_order = {d: i for i, d in enumerate(plan.duties)}

    def key(f: Finding) -> tuple:
        first = unit_order.get(f.units[0], 999) if f.units else -1
        return (
            group_order.get(f.group or "", -1),
            first,
            tool_order.get(f.tool, 99),
            duty_order.get(f.rule, 999),
            f.subject,
        )

    return key
