"""Record a write. Every service that changes data calls ``audit_record`` inside its transaction."""

from __future__ import annotations

import hashlib
import json
import logging
from typing import Any

from django.db import models, transaction
from django.utils import timezone

from .models import AuditChainHead, AuditEvent

logger = logging.getLogger(__name__)


def audit_hash(
    *, prev_hash: str, at, username: str, action: str, target_type: str, target_id: str, summary: str, changes: Any
) -> str:  # type: ignore[no-untyped-def]
    """SHA-256 over the previous row's hash and this row's content (user and unit by name, so that SET_NULL on a
    deleted user or unit does not break the chain)."""
    body = json.dumps(
        [prev_hash, at.isoformat(), username, action, target_type, target_id, summary, changes],
        ensure_ascii=False,
        sort_keys=True,
        separators=(",", ":"),
        default=str,
    )
    return hashlib.sha256(body.encode("utf-8")).hexdigest()


def _event_hash(event: AuditEvent, prev_hash: str) -> str:
    return audit_hash(
        prev_hash=prev_hash,
        at=event.at,
        username=event.username,
        action=event.action,
        target_type=event.target_type,
        target_id=event.target_id,
        summary=event.summary,
        changes=event.changes,
    )


def audit_verify() -> list[str]:
    """Recompute the chain from the first row; a list of problems (empty: intact). 附表十: the log is protected."""
    problems: list[str] = []
    prev = ""
    for event in AuditEvent.objects.order_by("id").iterator():
        if event.prev_hash != prev:
            problems.append(f"第 {event.pk} 筆：前一筆紀錄被刪除或竄改（前筆雜湊不符）")
        elif _event_hash(event, prev) != event.hash:
            problems.append(f"第 {event.pk} 筆：內容被修改（雜湊不符）")
        prev = event.hash
    head = AuditChainHead.objects.filter(pk=1).first()
    if head is None and prev:
        problems.append("鏈頭遺失：無法確認最後一筆紀錄未被刪除")
    elif head is not None and head.last_hash != prev:
        problems.append("最後一筆紀錄被刪除（鏈頭雜湊不符）")
    return problems


def _chain_head_locked() -> AuditChainHead:
    """The chain head, locked (SELECT … FOR UPDATE) until the caller's transaction ends, so that writers on other
    connections wait and then chain to the row this one appends.

    The head comes from migration 0002. Should it be missing (a flushed database), it is made from the last row on
    record — never from nothing, which would fork the chain — by an insert that ignores a conflict, so two writers
    racing to make it both go on to wait for the one lock. ``audit_verify`` still reports a head missing under rows.
    """
    head = AuditChainHead.objects.select_for_update().filter(pk=1).first()
    if head is not None:
        return head
    last = AuditEvent.objects.order_by("-id").values_list("hash", flat=True).first() or ""
    if last:
        logger.warning("audit chain head missing under existing rows; recreated from the last row")
    AuditChainHead.objects.bulk_create([AuditChainHead(pk=1, last_hash=last)], ignore_conflicts=True)
    return AuditChainHead.objects.select_for_update().get(pk=1)


def audit_record(
    *,
    by,  # type: ignore[no-untyped-def]
    action: str,
    summary: str,
    obj: models.Model | None = None,
    target: str = "",
    unit=None,  # type: ignore[no-untyped-def]
    changes: dict[str, Any] | None = None,
    username: str = "",
) -> AuditEvent:
    """Record who (``by``; None is the system), what (``action``, ``summary``, ``changes``) and on what.

    ``username`` names the account when there is no ``by`` (a failed login records the name tried).
    ``changes`` must never hold a national ID number in clear (callers pass masked values).
    """
    event = AuditEvent(
        at=timezone.now(),
        user=by if getattr(by, "pk", None) else None,
        username=getattr(by, "username", "") or username or "系統",
        action=action,
        target_type=obj._meta.label_lower if obj is not None else target,
        target_id=str(obj.pk) if obj is not None else "",
        unit=unit,
        summary=summary[:300],
        changes=json.loads(json.dumps(changes or {}, default=str)),  # hashed as it will read back
    )
    with transaction.atomic():
        head = _chain_head_locked()
        event.prev_hash = head.last_hash
        event.hash = _event_hash(event, head.last_hash)
        event.save()
        head.last_hash = event.hash
        head.save(update_fields=["last_hash"])
    from mainstream.evaluation.staleness import findings_mark_stale, tools_of_label

    findings_mark_stale(tools=tools_of_label(event.target_type))  # bulk writes bypass model signals (issue 13)
    return event


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
