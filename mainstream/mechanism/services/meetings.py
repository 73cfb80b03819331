"""Writes of task force meetings (伍、一、(二)、3–4): meetings, agenda, attendance, minutes."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction

from mainstream.audit.services import audit_record, changes_between
from mainstream.files import DOCUMENTS, upload_check
from mainstream.imports.schema import WriteResult
from mainstream.links import link_check

from ..models import AgendaItem, Attendance, Meeting, TaskForce, TaskForceMember
from .taskforces import taskforce_write_check

FIXED_ITEMS = {AgendaItem.Kind.RESULT_REPORT: "前一年度成果報告", AgendaItem.Kind.WORK_PLAN: "下一年度工作規劃報告"}


@dataclass(frozen=True)
class MeetingData:
    taskforce: TaskForce
    title: str
    date: date
    result_report: bool = False
    work_plan: bool = False


@transaction.atomic
def meeting_record(*, data: MeetingData, by=None) -> tuple[Meeting, str]:  # type: ignore[no-untyped-def]
    """Create or update a meeting (by task force and date) with its two fixed agenda items."""
    unit = taskforce_write_check(by, data.taskforce)
    if not data.title.strip():
        raise ValidationError("請填寫會議名稱")
    meeting = Meeting.objects.filter(taskforce=data.taskforce, date=data.date).first()
    outcome = "unchanged"
    if meeting is None:
        meeting = Meeting.objects.create(taskforce=data.taskforce, title=data.title, date=data.date)
        outcome = "created"
    elif meeting.title != data.title:
        meeting.title = data.title
        meeting.save(update_fields=["title"])
        outcome = "updated"
    wanted = {AgendaItem.Kind.RESULT_REPORT: data.result_report, AgendaItem.Kind.WORK_PLAN: data.work_plan}
    for kind, on in wanted.items():
        existing = meeting.agenda.filter(kind=kind)
        if on and not existing.exists():
            AgendaItem.objects.create(
                meeting=meeting,
                kind=kind,
                title=FIXED_ITEMS[kind],
                order=0 if kind == AgendaItem.Kind.RESULT_REPORT else 1,
            )
            outcome = "updated" if outcome == "unchanged" else outcome
        elif not on and existing.exists():
            existing.delete()
            outcome = "updated" if outcome == "unchanged" else outcome
    if outcome != "unchanged":
        audit_record(
            by=by,
            action=f"meeting.{'create' if outcome == 'created' else 'update'}",
            obj=meeting,
            unit=unit,
            summary=f"{data.taskforce} {data.title}（{data.date}）",
            changes={"result_report": data.result_report, "work_plan": data.work_plan},
        )
    return meeting, outcome


@transaction.atomic
def meeting_create(*, data: MeetingData, by=None) -> Meeting:  # type: ignore[no-untyped-def]
    """A new meeting entered on the task force's page (the form's answer to 伍、一、(二)、3–4); refused when the task
    force already has a meeting that day (open it to edit)."""
    if Meeting.objects.filter(taskforce=data.taskforce, date=data.date).exists():
        raise ValidationError(f"{data.taskforce} 於 {data.date:%Y-%m-%d} 已有會議，請開啟該會議修改")
    meeting, _ = meeting_record(data=data, by=by)
    return meeting


@transaction.atomic
def meeting_update(*, meeting: Meeting, data: MeetingData, by=None) -> Meeting:  # type: ignore[no-untyped-def]
    """Edit a meeting's name, date and fixed agenda items. Attendance already recorded must still fit the new date
    (every member in office that day)."""
    unit = taskforce_write_check(by, meeting.taskforce)
    if data.taskforce.id != meeting.taskforce_id:
        raise ValidationError("不能把會議移到其他性平小組")
    if not data.title.strip():
        raise ValidationError("請填寫會議名稱")
    if data.date != meeting.date:
        if Meeting.objects.filter(taskforce=meeting.taskforce, date=data.date).exclude(id=meeting.id).exists():
            raise ValidationError("該日已有其他會議")
        for row in meeting.attendance.select_related("member"):
            m = row.member
            if m.term_start > data.date or (m.term_end is not None and m.term_end < data.date):
                raise ValidationError(f"{m.name} 於新日期不在任，請先修改其出席情形")
            if row.written_opinion_on and row.written_opinion_on < data.date:
                raise ValidationError(f"{m.name}：書面意見日期早於新的開會日期")
    before = {"title": meeting.title, "date": meeting.date}
    meeting.title, meeting.date = data.title.strip(), data.date
    meeting.save(update_fields=["title", "date"])
    wanted = {AgendaItem.Kind.RESULT_REPORT: data.result_report, AgendaItem.Kind.WORK_PLAN: data.work_plan}
    for kind, on in wanted.items():
        existing = meeting.agenda.filter(kind=kind)
        if on and not existing.exists():
            AgendaItem.objects.create(
                meeting=meeting,
                kind=kind,
                title=FIXED_ITEMS[kind],
                order=0 if kind == AgendaItem.Kind.RESULT_REPORT else 1,
            )
        elif not on:
            existing.delete()
    diff = changes_between(before, {"title": meeting.title, "date": meeting.date})
    audit_record(
        by=by,
        action="meeting.update",
        obj=meeting,
        unit=unit,
        summary=f"修改會議 {meeting.taskforce} {meeting.title}",
        changes={**diff, "result_report": data.result_report, "work_plan": data.work_plan},
    )
    return meeting


def meetings_import_write(rows: list[MeetingData], *, by=None) -> WriteResult:  # type: ignore[no-untyped-def]
    result = WriteResult()
    for data in rows:
        _, outcome = meeting_record(data=data, by=by)
        setattr(result, outcome, getattr(result, outcome) + 1)
    return result


@transaction.atomic
def agenda_item_add(*, meeting: Meeting, title: str, link: str = "", by=None) -> AgendaItem:  # type: ignore[no-untyped-def]
    """A free agenda item, optionally linking to the record it discussed (a measure, an analysis…)."""
    unit = taskforce_write_check(by, meeting.taskforce)
    if not title.strip():
        raise ValidationError("請填寫案由")
    link = link_check(link, site_only=True)  # a record of this site; never //other.host
    item = AgendaItem.objects.create(
        meeting=meeting, kind=AgendaItem.Kind.OTHER, title=title.strip(), link=link, order=10 + meeting.agenda.count()
    )
    audit_record(by=by, action="agenda_item.create", obj=item, unit=unit, summary=f"{meeting} 新增議程 {title}")
    return item


# -- attendance ------------------------------------------------------------------------------------
@dataclass(frozen=True)
class AttendanceData:
    member: TaskForceMember
    status: str
    written_opinion_on: date | None = None
    opinion_in_minutes: bool = False


LATE = (Attendance.Status.LATE_NOTICE, Attendance.Status.NO_SHOW)


def attendance_check(meeting: Meeting, data: AttendanceData) -> None:
    m = data.member
    if m.taskforce_id != meeting.taskforce_id:
        raise ValidationError(f"{m.name} 不是 {meeting.taskforce} 的委員")
    if m.term_start > meeting.date or (m.term_end is not None and m.term_end < meeting.date):
        raise ValidationError(f"{m.name} 於 {meeting.date} 不在任")
    if data.status not in Attendance.Status.values:
        raise ValidationError(f"出席情形「{data.status}」不正確")
    if data.written_opinion_on or data.opinion_in_minutes:
        if m.kind != TaskForceMember.Kind.EXTERNAL or data.status not in LATE:
            from mainstream import roc
            from mainstream.plan.selectors import plan_in_force

            year = roc.roc_year_of(meeting.date)
            hours = plan_in_force(year).param("mechanism.taskforce.meetings", "late_notice_hours", None, year)
            raise ValidationError(f"{m.name}：書面意見僅適用於會前{hours}小時內告知或當天臨時缺席之府外委員")
        if data.written_opinion_on and data.written_opinion_on < meeting.date:
            raise ValidationError(f"{m.name}：書面意見日期早於開會日期")


ATTENDANCE_FIELDS = ("status", "written_opinion_on", "opinion_in_minutes")


@transaction.atomic
def attendance_record(*, meeting: Meeting, rows: list[AttendanceData], by=None) -> WriteResult:  # type: ignore[no-untyped-def]
    """Record the attendance of several members of one meeting at once (the meeting page's form)."""
    unit = taskforce_write_check(by, meeting.taskforce)
    result = WriteResult()
    changes: dict[str, object] = {}
    for data in rows:
        attendance_check(meeting, data)
        values = {f: getattr(data, f) for f in ATTENDANCE_FIELDS}
        row = Attendance.objects.filter(meeting=meeting, member=data.member).first()
        if row is None:
            Attendance.objects.create(meeting=meeting, member=data.member, **values)
            result.created += 1
            changes[data.member.name] = [None, data.status]
            continue
        diff = changes_between({f: getattr(row, f) for f in ATTENDANCE_FIELDS}, values)
        if not diff:
            result.unchanged += 1
            continue
        for f, v in values.items():
            setattr(row, f, v)
        row.save()
        result.updated += 1
        changes[data.member.name] = diff
    if changes:
        audit_record(
            by=by,
            action="attendance.record",
            obj=meeting,
            unit=unit,
            summary=f"{meeting} 出席情形 {len(changes)} 人",
            changes=changes,
        )
    return result


@dataclass(frozen=True)
class AttendanceImportRow:
    meeting: Meeting
    data: AttendanceData


def attendance_import_write(rows: list[AttendanceImportRow], *, by=None) -> WriteResult:  # type: ignore[no-untyped-def]
    total = WriteResult()
    by_meeting: dict[int, list[AttendanceImportRow]] = {}
    for row in rows:
        by_meeting.setdefault(row.meeting.id, []).append(row)
    for group in by_meeting.values():
        r = attendance_record(meeting=group[0].meeting, rows=[x.data for x in group], by=by)
        total.created += r.created
        total.updated += r.updated
        total.unchanged += r.unchanged
    return total


@transaction.atomic
def minutes_upload(*, meeting: Meeting, uploaded, by=None) -> Meeting:  # type: ignore[no-untyped-def]
    """Attach the minutes (會議紀錄) file to a meeting: PDF, ODT or DOCX."""
    unit = taskforce_write_check(by, meeting.taskforce)
    upload_check(uploaded, allowed=DOCUMENTS)
    old = meeting.minutes.name if meeting.minutes else ""
    meeting.minutes.save(uploaded.name, uploaded, save=False)
    meeting.minutes_name = uploaded.name[:200]
    meeting.save(update_fields=["minutes", "minutes_name"])
    audit_record(
        by=by,
        action="meeting.minutes",
        obj=meeting,
        unit=unit,
        summary=f"{meeting} 上傳會議紀錄",
        changes={"minutes": [old or None, meeting.minutes.name]},
    )
    return meeting
