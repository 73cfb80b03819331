"""Writes of the registry."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from mainstream.audit.services import audit_record
from mainstream.plan.model import Plan, UnitSpec

from .access import require_admin
from .models import Group, GroupMembership, LeadUnit, Unit


@transaction.atomic
def registry_sync(*, plan: Plan, by=None) -> dict[str, int]:  # type: ignore[no-untyped-def]
    """Create or update groups and units from the plan (參、三); safe to run again."""
    created = updated = 0
    for order, group_spec in enumerate(plan.groups.values()):
        Group.objects.update_or_create(
            code=group_spec.code, defaults={"name": group_spec.name, "composite": group_spec.composite, "order": order}
        )
    groups = {g.code: g for g in Group.objects.all()}

    def upsert(spec: UnitSpec, kind: Any, order: int) -> Unit:
        nonlocal created, updated
        unit, was_created = Unit.objects.update_or_create(
            short_name=spec.short,
            defaults={
                "full_name": spec.full,
                "aliases": list(spec.aliases),
                "kind": kind,
                "group": groups.get(spec.group),
                "level": spec.level,
                "order": order,
            },
        )
        created += was_created
        updated += not was_created
        return unit

    upsert(plan.office, Unit.Kind.OFFICE, 0)
    for order, spec in enumerate(plan.executing_units(), start=1):
        upsert(spec, Unit.Kind.EXECUTING, order)
    for spec in plan.units.values():
        if spec.attached_to:
            Unit.objects.filter(short_name=spec.short).update(attached_to=Unit.objects.get(short_name=spec.attached_to))
    _memberships_write(plan, groups)
    if created:
        audit_record(by=by, action="registry.sync", target="units", summary=f"自計畫 {plan.id} 建立 {created} 個機關")
    return {"created": created, "updated": updated}


def _memberships_write(plan: Plan, groups: dict[str, Group]) -> None:
    """Each unit's group for every year this plan judges (from ``in_force_from``); earlier years keep theirs."""
    years = range(plan.in_force_from, plan.end + 1)
    units = {u.short_name: u for u in Unit.objects.filter(short_name__in=list(plan.units))}
    GroupMembership.objects.filter(year__in=list(years)).delete()
    GroupMembership.objects.bulk_create(
        GroupMembership(unit=units[spec.short], group=groups[spec.group], year=year, plan_id=plan.id)
        for year in years
        for spec in plan.executing_units()
    )
    latest = GroupMembership.objects.order_by("-year").values_list("year", flat=True).first()
    if latest is not None and latest > plan.end:  # an earlier plan synced again: a unit's group is its latest one
        for unit_id, group_id in GroupMembership.objects.filter(year=latest).values_list("unit_id", "group_id"):
            Unit.objects.filter(pk=unit_id).update(group_id=group_id)


@transaction.atomic
def lead_unit_set(*, group: Group, year: int, unit: Unit, by=None) -> LeadUnit:  # type: ignore[no-untyped-def]
    """The office sets a composite group's lead unit for a year (參、三、(二))."""
    require_admin(by)
    if not group.composite:
        raise ValueError(f"{group} 不是複合組")
    if unit.group_id != group.id:
        raise ValueError(f"{unit} 不屬於 {group}")
    row, _ = LeadUnit.objects.update_or_create(group=group, year=year, defaults={"unit": unit})
    audit_record(by=by, action="lead_unit.set", obj=row, unit=unit, summary=f"{year} 年 {group} 主責機關：{unit}")
    return row
