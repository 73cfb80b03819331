"""What changed between two plans or two versions of a plan (``mainstream plan diff A B`` and the upload page).

Pure: two :class:`Plan` values in, lines out. A parameter is compared by its values (a dated value is shown with the
year it takes effect when there is more than one), so a successor that only moves the period does not list every
parameter as changed.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from .model import ALL, Duty, Param, Plan


@dataclass(frozen=True)
class Change:
    kind: str  # plan | group | unit | duty_added | duty_removed | duty | param
    subject: str  # what changed: a field, a group, a unit, a duty id or 'duty.param[group]'
    old: str = ""
    new: str = ""
    clause: str = ""

    def line(self) -> str:
        clause = f"（{self.clause}）" if self.clause else ""
        if self.kind == "duty_added":
            return f"+ 新增應辦事項 {self.subject}{clause}：{self.new}"
        if self.kind == "duty_removed":
            return f"- 刪除應辦事項 {self.subject}{clause}：{self.old}"
        return f"~ {self.subject}{clause}：{self.old or '（無）'} → {self.new or '（無）'}"


def _text(value: Any) -> str:
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def _param_text(param: Param | None, group: str) -> str:
    if param is None:
        return ""
    entries = param.by_group.get(group) or ()
    if len(entries) == 1:
        return _text(entries[0].value)
    return "；".join(f"{e.since} 年起 {_text(e.value)}" for e in entries)


def _clause(duty: Duty, group: str | None = None) -> str:
    """The duty's clause for a group; without a group, its clause if it has one for all, else its distinct clauses."""
    if group and group in duty.clause:
        return duty.clause[group]
    if ALL in duty.clause:
        return duty.clause[ALL]
    return "／".join(dict.fromkeys(duty.clause.values()))


def plan_diff(a: Plan, b: Plan) -> list[Change]:
    """Every change from ``a`` to ``b``: the plan's head, groups and units, duties added and removed, and each changed
    parameter with its old and new value and clause."""
    out: list[Change] = []
    for name, old, new in (
        ("title", a.title, b.title),
        ("period", a.period, b.period),
        ("effective_from", a.in_force_from, b.in_force_from),
    ):
        if old != new:
            out.append(Change("plan", f"plan.{name}", str(old), str(new)))

    for code in dict.fromkeys([*a.groups, *b.groups]):
        ga, gb = a.groups.get(code), b.groups.get(code)
        if ga is None or gb is None:
            out.append(Change("group", f"group {code}", ga.name if ga else "", gb.name if gb else ""))
    for short in dict.fromkeys([*a.units, *b.units]):
        ua, ub = a.units.get(short), b.units.get(short)
        if ua is None or ub is None or ua.group != ub.group:
            old = f"{ua.group}" if ua else ""
            new = f"{ub.group}" if ub else ""
            out.append(Change("unit", f"unit {short}", old, new))

    for duty_id in dict.fromkeys([*a.duties, *b.duties]):
        da, db = a.duties.get(duty_id), b.duties.get(duty_id)
        if da is None and db is not None:
            out.append(Change("duty_added", duty_id, new=db.title, clause=_clause(db)))
            continue
        if db is None and da is not None:
            out.append(Change("duty_removed", duty_id, old=da.title, clause=_clause(da)))
            continue
        assert da is not None and db is not None
        for field in ("title", "clause", "subject", "window"):
            old, new = getattr(da, field), getattr(db, field)
            if old != new:
                out.append(Change("duty", f"{duty_id}.{field}", _text(old), _text(new), _clause(db)))
        for pname in dict.fromkeys([*da.params, *db.params]):
            pa, pb = da.params.get(pname), db.params.get(pname)
            groups = dict.fromkeys([*(pa.by_group if pa else {}), *(pb.by_group if pb else {})])
            for group in groups:
                old, new = _param_text(pa, group), _param_text(pb, group)
                if old != new:
                    where = "" if group == ALL else f"[{group}]"
                    clause = _clause(db, None if group == ALL else group)
                    out.append(Change("param", f"{duty_id}.{pname}{where}", old, new, clause))
    for tool in dict.fromkeys([*a.oversight, *b.oversight]):
        old, new = "、".join(a.oversight.get(tool, ())), "、".join(b.oversight.get(tool, ()))
        if old != new:
            out.append(Change("plan", f"oversight.{tool}", old, new, "參、二"))
    for number in range(1, max(len(a.measure_categories), len(b.measure_categories)) + 1):
        ca = a.measure_categories[number - 1] if number <= len(a.measure_categories) else None
        cb = b.measure_categories[number - 1] if number <= len(b.measure_categories) else None
        old = _text([ca.name, *ca.items]) if ca else ""
        new = _text([cb.name, *cb.items]) if cb else ""
        either = cb or ca
        if old != new and either is not None:
            out.append(Change("plan", f"measure_categories[{number}]", old, new, either.clause))
    for key in dict.fromkeys([*a.staff_categories, *b.staff_categories]):
        old, new = a.staff_categories.get(key, ""), b.staff_categories.get(key, "")
        if old != new:
            out.append(Change("plan", f"staff_categories.{key}", old, new))
    comp_a, comp_b = {c.id: c for c in a.compilations}, {c.id: c for c in b.compilations}
    for key in dict.fromkeys([*comp_a, *comp_b]):
        old = _text([comp_a[key].unit, comp_a[key].title, *comp_a[key].categories]) if key in comp_a else ""
        new = _text([comp_b[key].unit, comp_b[key].title, *comp_b[key].categories]) if key in comp_b else ""
        if old != new:
            clause = (comp_b.get(key) or comp_a[key]).clause
            out.append(Change("plan", f"compilations.{key}", old, new, clause))
    for number in range(1, max(len(a.staff_classes), len(b.staff_classes)) + 1):
        sa = a.staff_classes[number - 1] if number <= len(a.staff_classes) else None
        sb = b.staff_classes[number - 1] if number <= len(b.staff_classes) else None
        old = _text([sa.name, *sa.categories]) if sa else ""
        new = _text([sb.name, *sb.categories]) if sb else ""
        changed = sb or sa
        if old != new and changed is not None:
            out.append(Change("plan", f"staff_classes[{number}]", old, new, changed.clause))
    for name in ("staff_category_aliases", "course_levels", "course_modes", "course_forms"):
        old, new = _text(getattr(a, name)), _text(getattr(b, name))
        if old != new:
            out.append(Change("plan", name, old, new))
    for key in dict.fromkeys([*a.settings, *b.settings]):
        old, new = _text(a.settings.get(key, "")), _text(b.settings.get(key, ""))
        if old != new:
            out.append(Change("plan", f"settings.{key}", old, new))
    return out
