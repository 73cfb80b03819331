"""Rewards (捌、一): the scoring criteria from the plan file's ``rewards:`` section, and the score.

The plan loader does not read ``rewards:``; this module reads it with the loader's own reader, so an
error names the file, the line and the field. Scoring is a pure function of findings and a few
counted records (plain data), so it is tested without a database, and every score carries the lines
that show how it was made.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from mainstream.plan.loader import Node, PlanError, _Reader
from mainstream.plan.model import Plan

BONUS_KINDS = ("measures_beyond_quota", "report_on_time", "penalty")
MET_STATUSES = ("met", "filed")
COUNTED_STATUSES = ("met", "filed", "unmet")  # in_progress: the window is still open; not counted


@dataclass(frozen=True)
class Round:
    """A reward round (捌、一 「兩年辦理一次為原則」). Its weights and bonus, when given, are the office's decision for
    the round (``decided_by``, ``decision``): the plan sets the rounds and what is judged, not the points."""

    first: int
    last: int
    weights: dict[str, float] | None = field(default=None, compare=False)
    bonus: tuple[Bonus, ...] | None = field(default=None, compare=False)
    decided_by: str = ""
    decision: str = ""

    @property
    def years(self) -> range:
        return range(self.first, self.last + 1)

    @property
    def label(self) -> str:
        return f"{self.first}–{self.last} 年"

    @property
    def key(self) -> str:
        return f"{self.first}-{self.last}"


@dataclass(frozen=True)
class Bonus:
    id: str
    kind: str
    title: str
    points: float = 0
    per_item: float = 0
    max: float | None = None
    deadline: str = ""  # MM-DD of the following year (report_on_time)


@dataclass(frozen=True)
class Criteria:
    clause: str
    every_years: int
    rounds: tuple[Round, ...]
    weights: dict[str, float]
    bonus: tuple[Bonus, ...]
    decided_by: str = ""  # who decided the weights and bonus (the office, not the plan)
    decision: str = ""  # the office's decision they come from, in words

    def round(self, key: str) -> Round:
        for r in self.rounds:
            if r.key == key:
                return r
        raise LookupError(key)

    def for_round(self, key: str) -> Criteria:
        """The criteria that score one round: the round's own weights and bonus (the office's decision for it), else
        the section's. Raises LookupError for a round the file does not name."""
        rnd = self.round(key)
        return Criteria(
            self.clause,
            self.every_years,
            self.rounds,
            rnd.weights if rnd.weights is not None else self.weights,
            rnd.bonus if rnd.bonus is not None else self.bonus,
            rnd.decided_by or self.decided_by,
            rnd.decision or self.decision,
        )

    def round_of(self, year: int) -> Round | None:
        return next((r for r in self.rounds if year in r.years), None)


def _number(r: _Reader, node: Node) -> float:
    if isinstance(node.value, bool) or not isinstance(node.value, (int, float)):
        raise r.fail(node, "expected a number")
    return node.value


def parse_criteria(text: str, source: str = "<plan>", tools: tuple[str, ...] | None = None) -> Criteria:
    """The ``rewards:`` section of a plan file; PlanError names file, line and field."""
    r = _Reader(source)
    composed = yaml.compose(text, Loader=yaml.SafeLoader)
    if composed is None:
        raise PlanError(f"{source}: the file is empty")
    root = r.wrap(composed, "")
    section = r.req(root, "rewards")
    m = r.mapping(section)
    every = m.get("every_years", Node(2, section.line, "rewards.every_years"))
    every_years = int(_number(r, every))
    if every_years < 1:
        raise r.fail(every, "must be 1 or more")

    def weights_of(node: Node) -> dict[str, float]:
        out = {}
        for key, w in r.mapping(node).items():
            if tools is not None and key not in tools:
                raise r.fail(w, f"unknown tool '{key}'")
            out[str(key)] = _number(r, w)
        return out

    weights = weights_of(m["weights"]) if "weights" in m else {}
    bonus = _bonus_list(r, m["bonus"]) if "bonus" in m else ()
    rounds = []
    for node in r.seq(r.req(section, "rounds")):
        first_node, last_node = r.req(node, "first"), r.req(node, "last")
        first, last = int(_number(r, first_node)), int(_number(r, last_node))
        if last - first + 1 != every_years:
            raise r.fail(last_node, f"a round spans {every_years} years ({first}–{last} does not)")
        rm = r.mapping(node)
        own_weights = weights_of(rm["weights"]) if "weights" in rm else None
        if own_weights is None and not weights:
            raise r.fail(node, "a round needs weights (its own, or the section's)")
        rounds.append(
            Round(
                first,
                last,
                own_weights,
                _bonus_list(r, rm["bonus"]) if "bonus" in rm else None,
                r.text(rm["decided_by"]) if "decided_by" in rm else "",
                r.text(rm["decision"]) if "decision" in rm else "",
            )
        )
    keys = [x.key for x in rounds]
    if len(set(keys)) != len(keys):
        raise r.fail(r.req(section, "rounds"), "a round appears twice")
    clause = r.text(m["clause"]) if "clause" in m else "捌、一"
    decided_by = r.text(m["decided_by"]) if "decided_by" in m else ""
    return Criteria(clause, every_years, tuple(rounds), weights, tuple(bonus), decided_by)


def _bonus_list(r: _Reader, section: Node) -> tuple[Bonus, ...]:
    bonus = []
    ids: set[str] = set()
    for node in r.seq(section):
        bm = r.mapping(node)
        kind_node = r.req(node, "kind")
        kind = r.text(kind_node)
        if kind not in BONUS_KINDS:
            raise r.fail(kind_node, f"unknown kind '{kind}' (expected one of {', '.join(BONUS_KINDS)})")
        bid = r.text(r.req(node, "id"))
        if bid in ids:
            raise r.fail(node, f"bonus id '{bid}' appears twice")
        ids.add(bid)
        deadline = str(bm["deadline"].value) if "deadline" in bm else ""
        if kind == "report_on_time":
            parts = deadline.split("-")
            if len(parts) != 2 or not all(p.isdigit() for p in parts):
                raise r.fail(bm.get("deadline", node), 'report_on_time needs deadline: "MM-DD"')
        if kind == "measures_beyond_quota" and "per_item" not in bm:
            raise r.fail(node, "measures_beyond_quota needs per_item")
        if kind in ("report_on_time", "penalty") and "points" not in bm:
            raise r.fail(node, f"{kind} needs points")
        bonus.append(
            Bonus(
                id=bid,
                kind=kind,
                title=r.text(r.req(node, "title")),
                points=_number(r, bm["points"]) if "points" in bm else 0,
                per_item=_number(r, bm["per_item"]) if "per_item" in bm else 0,
                max=_number(r, bm["max"]) if "max" in bm else None,
                deadline=deadline,
            )
        )
    return tuple(bonus)


_cache: dict[str, Criteria] = {}


def criteria_of_plan(plan: Plan) -> Criteria:
    """The criteria (捌、一) in the stored file of ``plan`` (parsed once per plan id, version and text)."""
    from mainstream.plan.selectors import plan_text

    source, text = plan_text(plan)
    key = f"{plan.id}@{plan.version}:{hash(text)}"
    if key not in _cache:
        try:
            _cache[key] = parse_criteria(text, source, tuple(t.code for t in plan.tools))
        except yaml.YAMLError as exc:
            raise PlanError(f"{source}: not valid YAML: {exc}") from exc
    return _cache[key]


def rounds_known() -> tuple[Round, ...]:
    """Every reward round the stored plans name, in order (a later version's round of the same years replaces it)."""
    from mainstream.plan.selectors import plans_stored

    rounds: dict[str, Round] = {}
    for plan in plans_stored():
        for rnd in criteria_of_plan(plan).rounds:
            rounds[rnd.key] = rnd
    return tuple(sorted(rounds.values(), key=lambda r: r.first))


def criteria_for_round(key: str) -> Criteria:
    """The criteria of the plan in force for the round's first year, with the round's own weights and bonus (the
    office's decision for it) where the file gives them.
    Raises LookupError for a round no plan names."""
    from mainstream.plan.selectors import plan_in_force

    rnd = next((r for r in rounds_known() if r.key == key), None)
    if rnd is None:
        raise LookupError(key)
    return criteria_of_plan(plan_in_force(rnd.first)).for_round(key)  # LookupError if its plan does not name it


def criteria_load(path: str | Path | None = None) -> Criteria:
    """The criteria in the plan file ``path``; without one, those of the plan in force for the current year."""
    from mainstream.plan.loader import load_plan

    if path is None:
        from mainstream.plan.selectors import plan_in_force, plan_year_default

        return criteria_of_plan(plan_in_force(plan_year_default()))
    path = str(path)
    if path not in _cache:
        tools = tuple(t.code for t in load_plan(path).tools)
        try:
            _cache[path] = parse_criteria(Path(path).read_text(encoding="utf-8"), Path(path).name, tools)
        except yaml.YAMLError as exc:
            raise PlanError(f"{Path(path).name}: not valid YAML: {exc}") from exc
    return _cache[path]


# -- scoring (pure) --------------------------------------------------------------------------------


@dataclass(frozen=True)
class UnitRecords:
    """What a unit did in a round besides its findings."""

    unit: str
    group: str
    measures_beyond_quota: int = 0  # measures above measures.items' quota, summed over the years
    reports_on_time: int = 0  # years whose result report was adopted and published by the deadline
    penalties: int = 0  # confirmed penalty grounds
    measures_detail: str = ""
    reports_detail: str = ""
    penalties_detail: str = ""


@dataclass
class ScoreLine:
    item: str
    basis: str
    points: float


@dataclass
class Score:
    unit: str
    group: str
    lines: list[ScoreLine] = field(default_factory=list)
    adjustment: float = 0
    adjustment_reason: str = ""
    rank: int = 0

    @property
    def computed(self) -> float:
        return round(sum(line.points for line in self.lines), 2)

    @property
    def total(self) -> float:
        return round(self.computed + self.adjustment, 2)


def score_unit(criteria: Criteria, tool_names: dict[str, str], findings: list[Any], records: UnitRecords) -> Score:
    """A unit's score: per tool weight × share of met findings, plus the bonus items. ``findings`` are the
    unit's findings (objects or dicts with tool and status) over the round's years."""
    score = Score(records.unit, records.group)
    for tool, weight in criteria.weights.items():
        mine = [f for f in findings if _get(f, "tool") == tool and _get(f, "status") in COUNTED_STATUSES]
        met = sum(1 for f in mine if _get(f, "status") in MET_STATUSES)
        if not mine:
            score.lines.append(ScoreLine(tool_names.get(tool, tool), "無應辦事項，以滿分計", weight))
            continue
        points = round(weight * met / len(mine), 2)
        score.lines.append(ScoreLine(tool_names.get(tool, tool), f"{weight} × 達成 {met} / {len(mine)} 項", points))
    for bonus in criteria.bonus:
        if bonus.kind == "measures_beyond_quota":
            n = records.measures_beyond_quota
            points = _capped(bonus.per_item * n, bonus.max)
            basis = f"{bonus.per_item} × {n} 項" + (f"（上限 {bonus.max}）" if bonus.max is not None else "")
            detail = records.measures_detail
        elif bonus.kind == "report_on_time":
            n = records.reports_on_time
            points = _capped(bonus.points * n, bonus.max)
            basis = f"{bonus.points} × {n} 年（{bonus.deadline} 前通過並公告）"
            detail = records.reports_detail
        else:  # penalty
            n = records.penalties
            points = bonus.points * n
            basis = f"{bonus.points} × {n} 件"
            detail = records.penalties_detail
        score.lines.append(ScoreLine(bonus.title, basis + (f"：{detail}" if detail else ""), round(points, 2)))
    return score


def rank_within_groups(scores: list[Score]) -> list[Score]:
    """Rank by total within each group (equal totals share a rank)."""
    by_group: dict[str, list[Score]] = {}
    for s in scores:
        by_group.setdefault(s.group, []).append(s)
    for members in by_group.values():
        members.sort(key=lambda s: -s.total)
        for i, s in enumerate(members):
            s.rank = members[i - 1].rank if i and members[i - 1].total == s.total else i + 1
    return scores


def _capped(value: float, cap: float | None) -> float:
    return min(value, cap) if cap is not None else value


def _get(obj: Any, name: str) -> Any:
    return obj.get(name) if isinstance(obj, dict) else getattr(obj, name)
