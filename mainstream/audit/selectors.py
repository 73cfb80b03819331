"""Reads of the audit trail, scoped to what the user may see."""

from __future__ import annotations

from django.db.models import QuerySet

from mainstream.units.access import access_for

from .models import AuditEvent


def audit_list(user, *, unit_id: int | None = None, target_type: str = "", target_id: str = "") -> QuerySet[AuditEvent]:  # type: ignore[no-untyped-def]
    access = access_for(user)
    qs = AuditEvent.objects.select_related("unit")
    if not access.read_all:
        qs = qs.filter(unit_id__in=access.read_units)
    if unit_id:
        qs = qs.filter(unit_id=unit_id)
    if target_type:
        qs = qs.filter(target_type=target_type)
    if target_id:
        qs = qs.filter(target_id=target_id)
    return qs
