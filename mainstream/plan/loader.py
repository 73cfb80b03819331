"""Load and validate a plan file (YAML). Every error names the file, the line and the field.

The file format is described at the top of ``data/plan-109-112.yaml``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from .model import (
    ALL,
    Compilation,
    Dated,
    Duty,
    GroupSpec,
    MeasureCategory,
    Param,
    Plan,
    StaffClass,
    Tool,
    UnitSpec,
)

DATA_DIR = Path(__file__).parent / "data"
DEFAULT_PLAN = DATA_DIR / "plan-109-112.yaml"
SUBJECT_TYPES = ("unit", "taskforce", "group", "government")

# The fields the loader knows, by where they stand; `plan check` warns about any other key (a typo loses a value).
KNOWN_KEYS: dict[str, frozenset[str]] = {
    "": frozenset(
        {"plan", "tools", "office", "oversight", "groups", "special_units", "lead_units", "duties"}
        | {"measure_categories", "rewards", "settings", "staff_categories", "compilations"}
        | {"staff_classes", "staff_category_aliases", "course_forms", "course_levels", "course_modes"}
    ),
    "plan": frozenset({"id", "title", "period", "effective_from", "amends"}),
    "plan.period": frozenset({"start", "end"}),
    "office": frozenset({"short", "full", "clause"}),
    "tools[]": frozenset({"code", "name", "clause"}),
    "groups[]": frozenset(
        {"code", "name", "composite", "clause", "units", "convened_by_office", "district_offices", "called"}
    ),
    "groups[].units[]": frozenset({"short", "full", "level", "aliases"}),
    "special_units[]": frozenset({"short", "full", "level", "group", "attached_to", "aliases", "clause", "duties"}),
    "duties.*": frozenset({"tool", "title", "clause", "subject", "window", "params", "penalty_clause", "text"}),
    "measure_categories[]": frozenset({"number", "clause", "name", "items"}),
    "compilations[]": frozenset({"id", "unit", "title", "categories", "clause"}),
    "staff_classes[]": frozenset({"number", "name", "categories", "clause"}),
    "course_forms": frozenset({"clause", "forms"}),
}


class PlanError(ValueError):
    """A plan file that cannot be used; the message names file, line and field."""


@dataclass
class Node:
    """A YAML value with where it stands."""

    value: Any
    line: int
    path: str


class _Reader:
    def __init__(self, source: str):
        self.source = source

    def fail(self, node: Node | None, message: str) -> PlanError:
        where = f"{self.source}:{node.line}" if node else self.source
        field = f" {node.path}:" if node and node.path else ""
        return PlanError(f"{where}:{field} {message}")

    def wrap(self, yaml_node: yaml.Node, path: str) -> Node:
        line = yaml_node.start_mark.line + 1
        if isinstance(yaml_node, yaml.MappingNode):
            out: dict[Any, Node] = {}
            for key_node, value_node in yaml_node.value:
                key = yaml.safe_load(yaml.serialize(key_node))
                child = f"{path}.{key}" if path else str(key)
                if key in out:
                    raise self.fail(Node(None, key_node.start_mark.line + 1, child), "duplicate key")
                out[key] = self.wrap(value_node, child)
            return Node(out, line, path)
        if isinstance(yaml_node, yaml.SequenceNode):
            return Node([self.wrap(v, f"{path}[{i}]") for i, v in enumerate(yaml_node.value)], line, path)
        return Node(yaml.safe_load(yaml.serialize(yaml_node)), line, path)

    # -- typed access -------------------------------------------------------------------------
    def mapping(self, node: Node) -> dict[Any, Node]:
        if not isinstance(node.value, dict):
            raise self.fail(node, "expected a mapping")
        return node.value

    def seq(self, node: Node) -> list[Node]:
        if not isinstance(node.value, list):
            raise self.fail(node, "expected a list")
        return node.value

    def req(self, parent: Node, key: str) -> Node:
        m = self.mapping(parent)
        if key not in m:
            raise self.fail(parent, f"missing field '{key}'")
        return m[key]

    def text(self, node: Node) -> str:
        if not isinstance(node.value, (str, int)) or isinstance(node.value, bool) or node.value == "":
            raise self.fail(node, "expected a non-empty text")
        return str(node.value)

    def year(self, node: Node, plan_start: int, plan_end: int) -> int:
        if not isinstance(node.value, int) or isinstance(node.value, bool):
            raise self.fail(node, "expected an ROC year (e.g. 110)")
        if not plan_start <= node.value <= plan_end:
            raise self.fail(node, f"year {node.value} is outside the plan period {plan_start}–{plan_end}")
        return node.value


def _plain(node: Node) -> Any:
    if isinstance(node.value, dict):
        return {k: _plain(v) for k, v in node.value.items()}
    if isinstance(node.value, list):
        return [_plain(v) for v in node.value]
    return node.value


def unknown_keys(root: Node) -> list[str]:
    """'line N: field: unknown key' for every key the loader does not read (plan check prints them as warnings)."""
    out: list[str] = []

    def walk(node: Node, shape: str) -> None:
        if isinstance(node.value, list):
            for child in node.value:
                walk(child, f"{shape}[]")
            return
        if not isinstance(node.value, dict):
            return
        known = KNOWN_KEYS.get(shape)
        for key, child in node.value.items():
            if known is not None and key not in known:
                out.append(f"{child.line}: {child.path}: unknown key '{key}' (not read; a typo?)")
            if shape == "duties":
                walk(child, "duties.*")
            elif known is not None and shape != "duties.*":
                walk(child, f"{shape}.{key}" if shape else str(key))

    walk(root, "")
    return out


def load_plan(path: str | Path = DEFAULT_PLAN) -> Plan:
    """Read, validate and return the plan in ``path``."""
    path = Path(path)
    text = path.read_text(encoding="utf-8")
    return parse_plan(text, source=path.name)


def plan_warnings(text: str, source: str = "<plan>") -> list[str]:
    """What `plan check` warns about in a valid file: keys the loader does not read."""
    root_yaml = yaml.compose(text, Loader=yaml.SafeLoader)
    if root_yaml is None:
        return []
    return [f"{source}:{w}" for w in unknown_keys(_Reader(source).wrap(root_yaml, ""))]


def parse_plan(text: str, source: str = "<plan>") -> Plan:
    r = _Reader(source)
    try:
        root_yaml = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f":{mark.line + 1}" if mark else ""
        raise PlanError(f"{source}{line}: not valid YAML: {getattr(exc, 'problem', exc)}") from exc
    if root_yaml is None:
        raise PlanError(f"{source}: the file is empty")
    root = r.wrap(root_yaml, "")

    head = r.req(root, "plan")
    period = r.req(head, "period")
    start_node, end_node = r.req(period, "start"), r.req(period, "end")
    start, end = r.year(start_node, 1, 999), r.year(end_node, 1, 999)
    if end < start:
        raise r.fail(end_node, "the period ends before it starts")
    head_map = r.mapping(head)
    effective_from = r.year(head_map["effective_from"], start, end) if "effective_from" in head_map else 0
    amends = r.text(head_map["amends"]) if "amends" in head_map else None

    tools = tuple(
        Tool(r.text(r.req(t, "code")), r.text(r.req(t, "name")), r.text(r.req(t, "clause")))
        for t in r.seq(r.req(root, "tools"))
    )
    tool_codes = {t.code for t in tools}

    office_node = r.req(root, "office")
    office = UnitSpec(
        short=r.text(r.req(office_node, "short")),
        full=r.text(r.req(office_node, "full")),
        level="一級",
        group="",
        clause=str(_plain(r.mapping(office_node).get("clause", Node(None, 0, "")))),
    )

    units: dict[str, UnitSpec] = {}
    groups: dict[str, GroupSpec] = {}
    names: dict[str, str] = {office.short: office.short, office.full: office.short}

    def add_names(spec: UnitSpec, node: Node) -> None:
        for name in spec.names:
            if name in names and names[name] != spec.short:
                raise r.fail(node, f"the name '{name}' is used by two units ({names[name]}, {spec.short})")
            names[name] = spec.short

    for g in r.seq(r.req(root, "groups")):
        code_node = r.req(g, "code")
        code = r.text(code_node)
        if code == ALL:
            raise r.fail(code_node, f"'{ALL}' is not a group code (it means every group in a parameter)")
        if code in groups:
            raise r.fail(code_node, f"group '{code}' appears twice")
        shorts = []
        for u in r.seq(r.req(g, "units")):
            spec = UnitSpec(
                short=r.text(r.req(u, "short")),
                full=r.text(r.req(u, "full")),
                level=r.text(r.req(u, "level")),
                group=code,
                aliases=tuple(str(a) for a in _plain(r.mapping(u).get("aliases", Node([], 0, "")))),
            )
            if spec.short in units:
                raise r.fail(u, f"unit '{spec.short}' appears twice")
            add_names(spec, u)
            units[spec.short] = spec
            shorts.append(spec.short)
        gm = r.mapping(g)
        groups[code] = GroupSpec(
            code=code,
            name=r.text(r.req(g, "name")),
            composite=bool(_plain(r.req(g, "composite"))),
            units=tuple(shorts),
            convened_by_office=bool(_plain(gm.get("convened_by_office", Node(False, 0, "")))),
            district_offices=bool(_plain(gm.get("district_offices", Node(False, 0, "")))),
            clause=_plain(gm["clause"]) if "clause" in gm else None,
            called=r.text(gm["called"]) if "called" in gm else "",
        )
    if not groups:
        raise r.fail(r.req(root, "groups"), "the plan names no group")

    duties_node = r.req(root, "duties")
    duty_ids = set(r.mapping(duties_node))

    for s in r.seq(r.mapping(root).get("special_units", Node([], 0, "special_units"))):
        group_node = r.req(s, "group")
        group = r.text(group_node)
        if group not in groups:
            raise r.fail(group_node, f"unknown group '{group}'")
        attached_node = r.req(s, "attached_to")
        attached = r.text(attached_node)
        if attached not in units:
            raise r.fail(attached_node, f"unknown unit '{attached}'")
        duty_list = []
        for d in r.seq(r.req(s, "duties")):
            if d.value not in duty_ids:
                raise r.fail(d, f"unknown duty '{d.value}'")
            duty_list.append(d.value)
        spec = UnitSpec(
            short=r.text(r.req(s, "short")),
            full=r.text(r.req(s, "full")),
            level=r.text(r.req(s, "level")),
            group=group,
            aliases=tuple(str(a) for a in _plain(r.mapping(s).get("aliases", Node([], 0, "")))),
            attached_to=attached,
            duties=tuple(duty_list),
            clause=_plain(r.mapping(s).get("clause", Node(None, 0, ""))),
        )
        add_names(spec, s)
        units[spec.short] = spec

    oversight: dict[str, tuple[str, ...]] = {}
    for key, node in r.mapping(r.req(root, "oversight")).items():
        if key == "clause":
            continue
        if key not in tool_codes:
            raise r.fail(node, f"unknown tool '{key}'")
        for n in r.seq(node):
            if names.get(str(n.value)) is None:
                raise r.fail(n, f"unknown unit '{n.value}'")
        oversight[key] = tuple(names[str(n.value)] for n in r.seq(node))

    lead_units: dict[str, dict[int, str]] = {}
    for key, node in r.mapping(r.mapping(root).get("lead_units", Node({}, 0, "lead_units"))).items():
        if key == "clause":
            continue
        if key not in groups or not groups[key].composite:
            raise r.fail(node, f"'{key}' is not a composite group")
        lead_units[key] = {}
        for year_key, unit_node in r.mapping(node).items():
            year = r.year(Node(year_key, unit_node.line, unit_node.path), start, end)
            short = names.get(str(unit_node.value))
            if short is None or short not in groups[key].units:
                raise r.fail(unit_node, f"'{unit_node.value}' is not a unit of group {key}")
            lead_units[key][year] = short

    def by_group(node: Node, convert) -> dict[str, Any]:  # type: ignore[no-untyped-def]
        """A value per group (a mapping keyed by group codes / `all`) or one value for all."""
        v = node.value
        if isinstance(v, dict) and v and all(k in groups or k == ALL for k in v):
            return {k: convert(n) for k, n in v.items()}
        if isinstance(v, dict) and any(k in groups or k == ALL for k in v):
            unknown = [str(k) for k in v if k not in groups and k != ALL]
            raise r.fail(
                node, f"unknown group {', '.join(map(repr, unknown))} (the file's groups: {', '.join(groups)})"
            )
        return {ALL: convert(node)}

    def dated(node: Node) -> tuple[Dated, ...]:
        if (
            isinstance(node.value, list)
            and node.value
            and all(isinstance(e.value, dict) and "from" in e.value for e in node.value)
        ):
            entries = []
            for e in node.value:
                m = r.mapping(e)
                if "value" not in m:
                    raise r.fail(e, "a dated entry needs 'from' and 'value'")
                clause = m.get("clause")
                entries.append(
                    Dated(r.year(m["from"], start, end), _plain(m["value"]), r.text(clause) if clause else None)
                )
            entries.sort(key=lambda d: d.since)
            if len({d.since for d in entries}) != len(entries):
                raise r.fail(node, "two dated entries take effect in the same year")
            return tuple(entries)
        return (Dated(start, _plain(node)),)

    duties: dict[str, Duty] = {}
    for duty_id, d in r.mapping(duties_node).items():
        tool_node = r.req(d, "tool")
        if tool_node.value not in tool_codes:
            raise r.fail(tool_node, f"unknown tool '{tool_node.value}'")
        if not str(duty_id).startswith(f"{tool_node.value}."):
            raise r.fail(d, f"a duty id starts with its tool: '{tool_node.value}.…'")
        dm = r.mapping(d)
        clause = by_group(r.req(d, "clause"), r.text)
        subject = by_group(dm.get("subject", Node("unit", d.line, d.path)), r.text)
        for s_node in (dm.get("subject"),):
            for value in subject.values():
                if value not in SUBJECT_TYPES:
                    raise r.fail(s_node, f"subject must be one of {', '.join(SUBJECT_TYPES)}")
        window = by_group(dm.get("window", Node(1, d.line, d.path)), lambda n: int(n.value))
        params: dict[str, Param] = {}
        for pname, pnode in r.mapping(dm.get("params", Node({}, d.line, d.path))).items():
            params[pname] = Param(pname, by_group(pnode, dated))
        penalty = dm.get("penalty_clause")
        duties[duty_id] = Duty(
            id=duty_id,
            tool=tool_node.value,
            title=r.text(r.req(d, "title")),
            clause=clause,
            subject=subject,
            window=window,
            params=params,
            penalty_clause=r.text(penalty) if penalty else None,
            text=str(_plain(dm.get("text", Node("", 0, ""))) or "").strip(),
        )

    categories = []
    for i, c in enumerate(r.seq(r.req(root, "measure_categories")), start=1):
        number_node = r.req(c, "number")
        if number_node.value != i:
            raise r.fail(number_node, f"categories are numbered 1, 2, … in order; expected {i}")
        items = tuple(r.text(n) for n in r.seq(r.req(c, "items")))
        categories.append(MeasureCategory(i, r.text(r.req(c, "name")), r.text(r.req(c, "clause")), items))

    root_map = r.mapping(root)
    staff_categories = {
        str(k): r.text(v) for k, v in r.mapping(root_map.get("staff_categories", Node({}, 0, ""))).items()
    }

    def categories_of(node: Node) -> tuple[str, ...]:
        out = tuple(r.text(n) for n in r.seq(node))
        for n, code in zip(r.seq(node), out, strict=True):
            if code not in staff_categories:
                raise r.fail(n, f"unknown staff category '{code}' (staff_categories: {', '.join(staff_categories)})")
        return out

    for d in r.mapping(duties_node).values():  # a duty's `categories` name declared staff categories
        cat_node = r.mapping(r.mapping(d).get("params", Node({}, 0, ""))).get("categories")
        if cat_node is not None:
            categories_of(cat_node)
    compilations = []
    for c in r.seq(root_map.get("compilations", Node([], 0, "compilations"))):
        unit_node = r.req(c, "unit")
        if names.get(str(unit_node.value)) is None:
            raise r.fail(unit_node, f"unknown unit '{unit_node.value}'")
        compilations.append(
            Compilation(
                id=r.text(r.req(c, "id")),
                unit=names[str(unit_node.value)],
                title=r.text(r.req(c, "title")),
                categories=categories_of(r.req(c, "categories")),
                clause=r.text(r.req(c, "clause")),
            )
        )

    staff_classes = []
    for i, c in enumerate(r.seq(root_map.get("staff_classes", Node([], 0, "staff_classes"))), start=1):
        number_node = r.req(c, "number")
        if number_node.value != i:
            raise r.fail(number_node, f"staff classes are numbered 1, 2, … in order; expected {i}")
        staff_classes.append(
            StaffClass(i, r.text(r.req(c, "name")), categories_of(r.req(c, "categories")), r.text(r.req(c, "clause")))
        )
    in_classes = [code for c in staff_classes for code in c.categories]
    if staff_classes and sorted(in_classes) != sorted(staff_categories):
        twice = sorted({c for c in in_classes if in_classes.count(c) > 1})
        missing = [c for c in staff_categories if c not in in_classes]
        raise r.fail(
            root_map["staff_classes"],
            "every staff category belongs to exactly one class"
            + (f"; in two: {', '.join(twice)}" if twice else "")
            + (f"; in none: {', '.join(missing)}" if missing else ""),
        )
    aliases: dict[str, str] = {}
    for word, node in r.mapping(root_map.get("staff_category_aliases", Node({}, 0, ""))).items():
        code = r.text(node)
        if code not in staff_categories:
            raise r.fail(node, f"unknown staff category '{code}' (staff_categories: {', '.join(staff_categories)})")
        aliases[str(word)] = code
    forms_node = root_map.get("course_forms")
    course_forms = tuple(r.text(n) for n in r.seq(r.req(forms_node, "forms"))) if forms_node else ()

    def coded(key: str, codes: tuple[str, ...]) -> dict[str, str]:
        node = root_map.get(key)
        if node is None:
            return {}
        out = {str(k): r.text(v) for k, v in r.mapping(node).items() if k != "clause"}
        for code in codes:
            if code not in out:
                raise r.fail(node, f"missing field '{code}' (the code stored with each record)")
        return out

    return Plan(
        id=r.text(r.req(head, "id")),
        title=r.text(r.req(head, "title")),
        start=start,
        end=end,
        tools=tools,
        office=office,
        oversight=oversight,
        groups=groups,
        units=units,
        lead_units=lead_units,
        duties=duties,
        measure_categories=tuple(categories),
        source=source,
        effective_from=effective_from,
        amends=amends,
        settings=_plain(r.mapping(root)["settings"]) if "settings" in r.mapping(root) else {},
        staff_categories=staff_categories,
        compilations=tuple(compilations),
        staff_classes=tuple(staff_classes),
        staff_category_aliases=aliases,
        course_forms=course_forms,
        course_levels=coded("course_levels", ("basic", "advanced")),
        course_modes=coded("course_modes", ("physical", "digital")),
        _names=names,
    )


_bundled: dict[str, Plan] = {}


def bundled_plan() -> Plan:
    """The plan file shipped with the code (109–112), parsed once. What `mainstream setup` stores and rule tests read;
    everything else asks ``plan.selectors.plan_in_force(year)``."""
    if "plan" not in _bundled:
        _bundled["plan"] = load_plan(DEFAULT_PLAN)
    return _bundled["plan"]
