"""The 28 task forces, derived from the plan (伍、一、(二)、1 and 參、三).

One task force per unit of A, B, C and D; one for each composite group B1, C1, C2 and D1, convened by
the head of the year's lead unit; E1組 convened by the office. A special unit (都委會) has no task
force of its own and sends members to the task force of the unit it is attached to.
Pure: plain data in, plain data out (rules and ``taskforce_sync`` both use it).
"""

from __future__ import annotations

from dataclasses import dataclass

from mainstream.plan.model import Plan


@dataclass(frozen=True)
class TaskForceSpec:
    code: str  # a unit's short name, or B1組 / C1組 / C2組 / D1組 / E1組
    name: str
    group: str
    units: tuple[str, ...]  # executing units served (findings list them)
    composite: bool
    convened_by_office: bool = False
    convener_unit: str | None = None  # whose head convenes (the lead unit for a composite group)
    order: int = 0


def taskforce_specs(plan: Plan, lead_units: dict[str, str] | None = None) -> list[TaskForceSpec]:
    """Every task force of the plan, in the plan's order; ``lead_units`` (group → unit) names the conveners."""
    lead_units = lead_units or {}
    out: list[TaskForceSpec] = []
    for group in plan.groups.values():
        units = tuple(s for s in group.units if not plan.units[s].attached_to)
        if group.composite:
            name = group.name if group.name.endswith("組") else f"{group.code}組"
            out.append(
                TaskForceSpec(
                    code=name,
                    name=name,
                    group=group.code,
                    units=units,
                    composite=True,
                    convened_by_office=group.convened_by_office,
                    convener_unit=None if group.convened_by_office else lead_units.get(group.code),
                    order=len(out),
                )
            )
        else:
            for short in units:
                out.append(
                    TaskForceSpec(
                        code=short,
                        name=short,
                        group=group.code,
                        units=(short,),
                        composite=False,
                        convener_unit=short,
                        order=len(out),
                    )
                )
    return out


def taskforce_of_unit(plan: Plan, short: str) -> str | None:
    """The code of the task force a unit belongs to (a special unit → the one of the unit it is attached to)."""
    spec = plan.units.get(short)
    if spec is None:
        return None
    if spec.attached_to:
        short = spec.attached_to
        spec = plan.units[short]
    group = plan.groups[spec.group]
    if group.composite:
        return group.name if group.name.endswith("組") else f"{group.code}組"
    return short
