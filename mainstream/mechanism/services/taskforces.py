"""Writes of the task forces (伍、一、(二)): sync from the plan, members, WRPC terms, filings, lead units."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction

from mainstream.audit.services import audit_record, changes_between
from mainstream.imports.schema import WriteResult
from mainstream.plan.model import Plan
from mainstream.units.access import require_admin, require_write
from mainstream.units.models import Group, Unit

from ..derive import taskforce_specs
from ..models import TaskForce, TaskForceFiling, TaskForceMember, WrpcSubcommitteeMeeting, WrpcTerm


def taskforce_unit(tf: TaskForce) -> Unit:
    """The unit whose write access covers a task force (its own unit; for a composite group, any of its units)."""
    if tf.unit_id:
        return tf.unit  # type: ignore[return-value]
    unit = tf.units.order_by("order").first()
    if unit is None:
        raise ValidationError(f"{tf} 沒有執行辦理單位")
    return unit


def taskforce_write_check(by, tf: TaskForce) -> Unit:  # type: ignore[no-untyped-def]
    unit = taskforce_unit(tf)
    require_write(by, unit, tool="mechanism")
    return unit


@transaction.atomic
def taskforce_sync(*, plan: Plan, by=None) -> dict[str, int]:  # type: ignore[no-untyped-def]
    """Create or update the 28 task forces from the plan (伍、一、(二)、1); safe to run again."""
    groups = {g.code: g for g in Group.objects.all()}
    units = {u.short_name: u for u in Unit.objects.all()}
    created = updated = 0
    for spec in taskforce_specs(plan):
        if spec.group not in groups:
            continue
        tf, was_created = TaskForce.objects.update_or_create(
            code=spec.code,
            defaults={
                "name": spec.name,
                "group": groups[spec.group],
                "unit": None if spec.composite else units.get(spec.code),
                "convened_by_office": spec.convened_by_office,
                "order": spec.order,
            },
        )
        tf.units.set([units[s] for s in spec.units if s in units])
        created += was_created
        updated += not was_created
    if created:
        audit_record(
            by=by, action="taskforce.sync", target="taskforces", summary=f"自計畫 {plan.id} 建立 {created} 個性平小組"
        )
    return {"created": created, "updated": updated}


# -- members ---------------------------------------------------------------------------------------
MEMBER_FIELDS = ("sex", "kind", "convener", "organisation", "title", "from_unit", "wrpc_terms", "term_end")


@dataclass(frozen=True)
class MemberData:
    taskforce: TaskForce
    name: str
    sex: str
    kind: str
    convener: bool
    organisation: str
    title: str
    from_unit: Unit | None
    wrpc_terms: tuple[int, ...]
    term_start: date
    term_end: date | None = None


def member_check(data: MemberData) -> None:
    if data.term_end and data.term_end < data.term_start:
        raise ValidationError("任期迄早於任期起")
    if data.kind == TaskForceMember.Kind.LIAISON and data.from_unit is None:
        raise ValidationError("性平聯絡人委員須註明所屬機關")
    if data.wrpc_terms and data.kind != TaskForceMember.Kind.EXTERNAL:
        raise ValidationError("女權會屆次僅適用於府外委員")


@transaction.atomic
def member_record(*, data: MemberData, by=None) -> tuple[TaskForceMember, str]:  # type: ignore[no-untyped-def]
    """Create or update a member for a term (by task force, name, term start)."""
    unit = taskforce_write_check(by, data.taskforce)
    member_check(data)
    values = {f: getattr(data, f) for f in MEMBER_FIELDS}
    values["wrpc_terms"] = sorted(set(data.wrpc_terms))
    existing = TaskForceMember.objects.filter(
        taskforce=data.taskforce, name=data.name, term_start=data.term_start
    ).first()
    if existing is None:
        member = TaskForceMember.objects.create(
            taskforce=data.taskforce, name=data.name, term_start=data.term_start, **values
        )
        audit_record(
            by=by,
            action="taskforce_member.create",
            obj=member,
            unit=unit,
            summary=f"{data.taskforce} 新增委員 {data.name}",
            changes=changes_between({}, values),
        )
        return member, "created"
    diff = changes_between({f: getattr(existing, f) for f in MEMBER_FIELDS}, values)
    if not diff:
        return existing, "unchanged"
    for f, v in values.items():
        setattr(existing, f, v)
    existing.save()
    audit_record(
        by=by,
        action="taskforce_member.update",
        obj=existing,
        unit=unit,
        summary=f"{data.taskforce} 修改委員 {data.name}",
        changes=diff,
    )
    return existing, "updated"


def members_import_write(rows: list[MemberData], *, by=None) -> WriteResult:  # type: ignore[no-untyped-def]
    result = WriteResult()
    for data in rows:
        _, outcome = member_record(data=data, by=by)
        setattr(result, outcome, getattr(result, outcome) + 1)
    return result


# -- WRPC terms and subcommittee meetings (office data) --------------------------------------------
@dataclass(frozen=True)
class WrpcTermData:
    number: int
    start: date
    end: date


@transaction.atomic
def wrpc_term_record(*, data: WrpcTermData, by=None) -> tuple[WrpcTerm, str]:  # type: ignore[no-untyped-def]
    """The office records a WRPC term (屆次, 任期起, 任期迄)."""
    require_admin(by)
    if data.end < data.start:
        raise ValidationError("任期迄早於任期起")
    term, created = WrpcTerm.objects.get_or_create(number=data.number, defaults={"start": data.start, "end": data.end})
    if created:
        audit_record(by=by, action="wrpc_term.create", obj=term, summary=f"新增女權會第 {data.number} 屆")
        return term, "created"
    if (term.start, term.end) == (data.start, data.end):
        return term, "unchanged"
    diff = changes_between({"start": term.start, "end": term.end}, {"start": data.start, "end": data.end})
    term.start, term.end = data.start, data.end
    term.save()
    audit_record(by=by, action="wrpc_term.update", obj=term, summary=f"修改女權會第 {data.number} 屆", changes=diff)
    return term, "updated"


def wrpc_terms_import_write(rows: list[WrpcTermData], *, by=None) -> WriteResult:  # type: ignore[no-untyped-def]
    result = WriteResult()
    for data in rows:
        _, outcome = wrpc_term_record(data=data, by=by)
        setattr(result, outcome, getattr(result, outcome) + 1)
    return result


@transaction.atomic
def subcommittee_meeting_record(*, on: date, title: str = "", by=None) -> WrpcSubcommitteeMeeting:  # type: ignore[no-untyped-def]
    """The office records a WRPC subcommittee meeting date (A task forces are advised to meet before it)."""
    require_admin(by)
    row, created = WrpcSubcommitteeMeeting.objects.update_or_create(date=on, defaults={"title": title})
    audit_record(by=by, action="wrpc_subcommittee.record", obj=row, summary=f"女權會分工小組會議 {on} {title}")
    return row


# -- filings and lead units ----------------------------------------------------------------------
@dataclass(frozen=True)
class FilingData:
    taskforce: TaskForce
    year: int
    filed_on: date
    reason: str
    rule_id: str = "mechanism.taskforce.gender_ratio"


@transaction.atomic
def filing_record(*, data: FilingData, by=None) -> tuple[TaskForceFiling, str]:  # type: ignore[no-untyped-def]
    """備查: a task force's exception filed with the office (伍、一、(二)、2)."""
    unit = taskforce_write_check(by, data.taskforce)
    if not data.reason.strip():
        raise ValidationError("請填寫備查理由")
    row, created = TaskForceFiling.objects.update_or_create(
        taskforce=data.taskforce,
        year=data.year,
        rule_id=data.rule_id,
        defaults={"filed_on": data.filed_on, "reason": data.reason},
    )
    audit_record(
        by=by,
        action="taskforce_filing.record",
        obj=row,
        unit=unit,
        summary=f"{data.taskforce} {data.year} 年性別比例備查（{data.filed_on}）",
    )
    return row, "created" if created else "updated"


def filings_import_write(rows: list[FilingData], *, by=None) -> WriteResult:  # type: ignore[no-untyped-def]
    result = WriteResult()
    for data in rows:
        _, outcome = filing_record(data=data, by=by)
        setattr(result, outcome, getattr(result, outcome) + 1)
    return result


@dataclass(frozen=True)
class LeadUnitData:
    group: Group
    year: int
    unit: Unit


def lead_units_import_write(rows: list[LeadUnitData], *, by=None) -> WriteResult:  # type: ignore[no-untyped-def]
    from mainstream.units.models import LeadUnit
    from mainstream.units.services import lead_unit_set

    result = WriteResult()
    for data in rows:
        before = LeadUnit.objects.filter(group=data.group, year=data.year).first()
        if before is not None and before.unit_id == data.unit.id:
            result.unchanged += 1
            continue
        lead_unit_set(group=data.group, year=data.year, unit=data.unit, by=by)
        if before is None:
            result.created += 1
        else:
            result.updated += 1
    return result
