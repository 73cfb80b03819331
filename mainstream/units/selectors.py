"""Reads of the registry."""

from __future__ import annotations

from mainstream.plan.loader import current_plan

from .models import Group, LeadUnit, Unit


def unit_get(name: str) -> Unit | None:
    """A unit by short name, full name or alias (imports accept any of them)."""
    name = (name or "").strip()
    if not name:
        return None
    unit = Unit.objects.filter(short_name=name).first() or Unit.objects.filter(full_name=name).first()
    if unit is None:
        spec = current_plan().unit_by_name(name)
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


def group_list() -> list[Group]:
    return list(Group.objects.all())


def lead_unit_get(group_code: str, year: int) -> str | None:
    """The short name of a composite group's lead unit in ``year``: the office's setting, else the plan's default."""
    row = LeadUnit.objects.filter(group__code=group_code, year=year).select_related("unit").first()
    if row is not None:
        return row.unit.short_name
    return current_plan().default_lead_unit(group_code, year)


def lead_units_for_year(year: int) -> dict[str, str]:
    """group code → lead unit short name, for every composite group that has one in ``year``."""
    plan = current_plan()
    out = {code: units[year] for code, units in plan.lead_units.items() if year in units}
    for row in LeadUnit.objects.filter(year=year).select_related("group", "unit"):
        out[row.group.code] = row.unit.short_name
    return out
