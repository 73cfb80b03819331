"""Record a write. Every service that changes data calls ``audit_record`` inside its transaction."""

from __future__ import annotations

from typing import Any

from django.db import models

from .models import AuditEvent


def audit_record(
    *,
    by,  # type: ignore[no-untyped-def]
    action: str,
    summary: str,
    obj: models.Model | None = None,
    target: str = "",
    unit=None,  # type: ignore[no-untyped-def]
    changes: dict[str, Any] | None = None,
) -> AuditEvent:
    """Record who (``by``; None is the system), what (``action``, ``summary``, ``changes``) and on what.

    ``changes`` must never hold a national ID number in clear (callers pass masked values).
    """
    return AuditEvent.objects.create(
        user=by if getattr(by, "pk", None) else None,
        username=getattr(by, "username", "") or "系統",
        action=action,
        target_type=obj._meta.label_lower if obj is not None else target,
        target_id=str(obj.pk) if obj is not None else "",
        unit=unit,
        summary=summary[:300],
        changes=changes or {},
    )


def changes_between(before: dict[str, Any], after: dict[str, Any]) -> dict[str, Any]:
    """{field: [old, new]} for the fields that differ (values as text)."""
    out = {}
    for key in sorted(set(before) | set(after)):
        old, new = before.get(key), after.get(key)
        if old != new:
            out[key] = [None if old is None else str(old), None if new is None else str(new)]
    return out


def audited_upsert(
    *,
    model: type[models.Model],
    lookup: dict[str, Any],
    values: dict[str, Any],
    by,  # type: ignore[no-untyped-def]
    unit,  # type: ignore[no-untyped-def]
    action: str,
    label: str,
) -> tuple[Any, str]:
    """Create the record found by ``lookup`` (its natural key) or bring its ``values`` up to date, and audit it.

    Returns (record, "created" | "updated" | "unchanged"); an unchanged record is neither saved nor audited, which is
    what makes importing the same file twice change nothing. Call it inside the service's transaction, after the
    service has checked access and validated the data. ``label`` names the record in the audit summary.
    """
    existing = model.objects.filter(**lookup).first()
    if existing is None:
        record = model.objects.create(**lookup, **values)
        audit_record(
            by=by,
            action=f"{action}.create",
            obj=record,
            unit=unit,
            summary=f"新增{label}",
            changes=changes_between({}, values),
        )
        return record, "created"
    diff = changes_between({f: getattr(existing, f) for f in values}, values)
    if not diff:
        return existing, "unchanged"
    for field, value in values.items():
        setattr(existing, field, value)
    existing.save()
    audit_record(by=by, action=f"{action}.update", obj=existing, unit=unit, summary=f"修改{label}", changes=diff)
    return existing, "updated"
