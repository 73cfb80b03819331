"""Reads of the registry."""

from __future__ import annotations

from mainstream.plan.selectors import plan_in_force, plan_year_default

from .models import Group, GroupMembership, LeadUnit, Unit


def unit_get(name: str) -> Unit | None:
    """A unit by short name, full name or alias (imports accept any of them)."""
    name = (name or "").strip()
    if not name:
        return None
    unit = Unit.objects.filter(short_name=name).first() or Unit.objects.filter(full_name=name).first()
    if unit is None:
        spec = plan_in_force(plan_year_default()).unit_by_name(name)
        if spec is not None:
            unit = Unit.objects.filter(short_name=spec.short).first()
    return unit


def unit_name_map() -> dict[str, Unit]:
    """Every name a unit is known by → the unit, for imports that resolve many rows at once."""
    out: dict[str, Unit] = {}
    for unit in Unit.objects.select_related("group"):
        for name in (unit.short_name, unit.full_name, *(unit.aliases or [])):
            out[name] = unit
    return out


def executing_unit_list() -> list[Unit]:
    return list(Unit.objects.filter(kind=Unit.Kind.EXECUTING).select_related("group", "attached_to"))


def unit_groups_for_year(year: int) -> dict[str, str] | None:
    """unit short name → group code in ``year`` as the registry records it (None if no plan was synced for it)."""
    rows = GroupMembership.objects.filter(year=year).values_list("unit__short_name", "group__code")
    return dict(rows) or None


def group_list() -> list[Group]:
    return list(Group.objects.all())


def lead_unit_get(group_code: str, year: int) -> str | None:
    """The short name of a composite group's lead unit in ``year``: the office's setting, else the plan's default."""
    row = LeadUnit.objects.filter(group__code=group_code, year=year).select_related("unit").first()
    if row is not None:
        return row.unit.short_name
    return plan_in_force(year).default_lead_unit(group_code, year)


def lead_units_for_year(year: int) -> dict[str, str]:
    """group code → lead unit short name, for every composite group that has one in ``year``."""
    plan = plan_in_force(year)
    out = {code: units[year] for code, units in plan.lead_units.items() if year in units}
    for row in LeadUnit.objects.filter(year=year).select_related("group", "unit"):
        out[row.group.code] = row.unit.short_name
    return out
