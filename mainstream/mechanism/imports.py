"""Import kinds of the mechanism (伍、一), all or nothing.

- ``liaisons``: 機關, 姓名, 性別, 職稱, 角色, 加入聯繫圈日期, 退出日期
- ``wrpc-terms``: 屆次, 任期起, 任期迄 (office only)
- ``taskforce-members``: 小組, 姓名, 性別, 委員類別, 召集人, 所屬機關, 職稱, 女權會屆次, 任期起, 任期迄
- ``meetings``: 小組, 會議名稱, 開會日期, 前一年度成果報告, 下一年度工作規劃報告
- ``attendance``: 小組, 開會日期, 姓名, 出席情形, 書面意見日期, 併入會議紀錄
- ``taskforce-filings``: 小組, 年度, 備查日期, 理由
- ``lead-units``: 小組, 年度, 主責機關 (office only)
"""

from __future__ import annotations

import re

from django.db.models import Q
from django.utils.functional import lazy

from mainstream.imports.schema import Column, ImportKind, register
from mainstream.imports.values import Cells

from .models import Attendance, Liaison, Meeting, TaskForce, TaskForceMember
from .services import (
    AttendanceData,
    AttendanceImportRow,
    FilingData,
    LeadUnitData,
    LiaisonData,
    MeetingData,
    MemberData,
    WrpcTermData,
    attendance_import_write,
    filings_import_write,
    lead_units_import_write,
    liaisons_import_write,
    meetings_import_write,
    members_import_write,
    taskforce_unit,
    wrpc_terms_import_write,
)


def _late_hours() -> int:
    """伍、一、(二)、4、A: absent with notice given less than this many hours before the meeting (the plan in force)."""
    from mainstream.plan.selectors import plan_in_force, plan_year_default

    year = plan_year_default()
    return int(plan_in_force(year).param("mechanism.taskforce.meetings", "late_notice_hours", None, year))


def _opinion_rule() -> str:
    return f"書面意見僅適用於會前{_late_hours()}小時內告知或當天臨時缺席之府外委員"


def _term_help() -> str:
    """「府外委員任期 2 年（109–110、111–112）」 from the plan in force (伍、一、(二)、1 ``term_years``)."""
    from mainstream.plan.selectors import plan_in_force, plan_year_default

    year = plan_year_default()
    plan = plan_in_force(year)
    size = int(plan.param("mechanism.taskforce.external_members", "term_years", None, year))
    terms = "、".join(f"{y}–{min(y + size - 1, plan.end)}" for y in range(plan.start, plan.end + 1, size))
    return f"府外委員任期 {size} 年（{terms}）"


SEXES = {"男": "男", "女": "女", "其他": "其他", "M": "男", "F": "女"}
ROLES = {
    "承辦人": Liaison.Role.STAFF,
    "主管": Liaison.Role.SUPERVISOR,
    "staff": Liaison.Role.STAFF,
    "supervisor": Liaison.Role.SUPERVISOR,
}
MEMBER_KINDS = {
    "府外委員": "external",
    "府內委員": "internal",
    "性平聯絡人委員": "liaison",
    "府外": "external",
    "府內": "internal",
    "性平聯絡人": "liaison",
}


def _statuses() -> dict[str, str]:
    """出席情形 as typed: the labels, the late notice with the plan's hours (spaced or not), 臨時缺席."""
    hours = _late_hours()
    out = {label: value for value, label in Attendance.Status.choices}
    for late in (f"會前{hours}小時內告知", f"會前 {hours} 小時內告知"):
        out[late] = Attendance.Status.LATE_NOTICE
    out["臨時缺席"] = Attendance.Status.NO_SHOW
    return out


def _taskforce_help() -> str:
    """「單一機關之小組填機關簡稱；複合組填 B1組、…」 with the composite groups of the plan in force."""
    from mainstream.plan.selectors import plan_in_force, plan_year_default

    plan = plan_in_force(plan_year_default())
    names = "、".join(g.name for g in plan.groups.values() if g.composite)
    return f"單一機關之小組填機關簡稱；複合組填 {names}"


TASKFORCE_HELP = lazy(_taskforce_help, str)()


def parse_liaison(cells: Cells) -> LiaisonData | None:
    unit = cells.unit("機關")
    name = cells.text("姓名", max_length=60)
    sex = cells.choice("性別", SEXES)
    title = cells.text("職稱", required=False, max_length=60)
    role = cells.choice("角色", ROLES)
    joined = cells.date("加入聯繫圈日期", required=False)
    left = cells.date("退出日期", required=False)
    if joined and left and left < joined:
        cells.error("退出日期", "退出日期早於加入聯繫圈日期")
    if cells.errors:
        return None
    assert unit and sex and role
    return LiaisonData(unit, name, sex, title, role, joined, left)


LIAISONS = register(
    ImportKind(
        name="liaisons",
        title="性平聯絡人",
        tool="mechanism",
        columns=(
            Column("機關", help="機關全銜或簡稱", example="勞動局"),
            Column("姓名", example="王小明"),
            Column("性別", help="男、女、其他", example="女", choices=("男", "女", "其他")),
            Column("職稱", required=False, example="科員"),
            Column("角色", help="承辦人 或 主管", example="承辦人"),
            Column("加入聯繫圈日期", required=False, help="未加入者留空", example="109/01/15"),
            Column("退出日期", required=False, help="仍在任者留空"),
        ),
        parse=parse_liaison,
        key=lambda r: (r.unit.id, r.name),
        write=liaisons_import_write,
        unit_of=lambda r: r.unit,
    )
)


# -- task force look-up --------------------------------------------------------------------------
def taskforce_cell(cells: Cells, column: str = "小組") -> TaskForce | None:
    """B1組 (or B1), a unit's short name, full name or alias → its task force."""
    value = cells.text(column)
    if not value:
        return None
    code = value.upper() + "組" if re.fullmatch(r"[A-Ea-e]\d", value) else value
    tf = TaskForce.objects.filter(code=code).first()
    if tf is None:
        unit = cells.units.get(value)
        if unit is not None:
            tf = TaskForce.objects.filter(Q(unit=unit) | Q(units=unit, unit__isnull=True)).first()
            if tf is None and unit.attached_to_id:
                cells.error(column, f"「{value}」沒有自己的性平小組，委員列於 {unit.attached_to} 的小組")
                return None
    if tf is None:
        cells.error(column, f"查無性平小組「{value}」（{TASKFORCE_HELP}）")
    return tf


# -- WRPC terms ----------------------------------------------------------------------------------
def parse_wrpc_term(cells: Cells) -> WrpcTermData | None:
    number = cells.number("屆次", integer=True, minimum=1)
    start = cells.date("任期起")
    end = cells.date("任期迄")
    if start and end and end < start:
        cells.error("任期迄", "任期迄早於任期起")
    if cells.errors:
        return None
    assert number is not None and start and end
    return WrpcTermData(int(number), start, end)


WRPC_TERMS = register(
    ImportKind(
        name="wrpc-terms",
        title="女權會屆次",
        tool="mechanism",
        columns=(
            Column("屆次", help="整數", example="10"),
            Column("任期起", example="109/01/01"),
            Column("任期迄", example="110/12/31"),
        ),
        parse=parse_wrpc_term,
        key=lambda r: (r.number,),
        write=wrpc_terms_import_write,
        admin_only=True,
    )
)


# -- members ---------------------------------------------------------------------------------------
def parse_member(cells: Cells) -> MemberData | None:
    tf = taskforce_cell(cells)
    name = cells.text("姓名", max_length=60)
    sex = cells.choice("性別", SEXES)
    kind = cells.choice("委員類別", MEMBER_KINDS)
    convener = cells.yes_no("召集人")
    organisation = cells.text("所屬機關", required=kind == "liaison", max_length=80)
    title = cells.text("職稱", required=False, max_length=60)
    terms: list[int] = []
    for part in cells.listing("女權會屆次"):
        if part.isdigit() and int(part) > 0:
            terms.append(int(part))
        else:
            cells.error("女權會屆次", f"「{part}」不是屆次（例如 9,10）")
    start = cells.date("任期起")
    end = cells.date("任期迄", required=False)
    if start and end and end < start:
        cells.error("任期迄", "任期迄早於任期起")
    from_unit = cells.units.get(organisation) if organisation else None
    if kind == "liaison" and organisation and from_unit is None:
        cells.error("所屬機關", f"性平聯絡人委員的所屬機關「{organisation}」不是本府機關")
    if terms and kind and kind != "external":
        cells.error("女權會屆次", "女權會屆次僅適用於府外委員")
    if cells.errors:
        return None
    assert tf and sex and kind and start
    return MemberData(
        tf,
        name,
        sex,
        kind,
        bool(convener),
        organisation,
        title,
        from_unit if kind != "external" else None,
        tuple(terms),
        start,
        end,
    )


MEMBERS = register(
    ImportKind(
        name="taskforce-members",
        title="性平小組委員",
        tool="mechanism",
        columns=(
            Column("小組", help=TASKFORCE_HELP, example="勞動局"),
            Column("姓名", example="陳美玲"),
            Column("性別", help="男、女、其他", example="女", choices=("男", "女", "其他")),
            Column("委員類別", help="府外委員、府內委員、性平聯絡人委員", example="府外委員"),
            Column("召集人", help="是 或 否", example="否"),
            Column("所屬機關", help="性平聯絡人委員必填本府機關名稱", example="國立臺灣大學"),
            Column("職稱", required=False, example="教授"),
            Column("女權會屆次", required=False, help="曾任女權會委員之屆次，以逗號分隔，例如 9,10", example="9,10"),
            Column("任期起", example="110/01/01"),
            Column("任期迄", required=False, help=lazy(_term_help, str)(), example="111/12/31"),
        ),
        parse=parse_member,
        key=lambda r: (r.taskforce.id, r.name, r.term_start),
        write=members_import_write,
        unit_of=lambda r: taskforce_unit(r.taskforce),
    )
)


# -- meetings --------------------------------------------------------------------------------------
def parse_meeting(cells: Cells) -> MeetingData | None:
    tf = taskforce_cell(cells)
    title = cells.text("會議名稱", max_length=120)
    on = cells.date("開會日期")
    result_report = cells.yes_no("前一年度成果報告")
    work_plan = cells.yes_no("下一年度工作規劃報告")
    if cells.errors:
        return None
    assert tf and on
    return MeetingData(tf, title, on, bool(result_report), bool(work_plan))


MEETINGS = register(
    ImportKind(
        name="meetings",
        title="性平小組會議",
        tool="mechanism",
        columns=(
            Column("小組", help=TASKFORCE_HELP, example="勞動局"),
            Column("會議名稱", example="第1次會議"),
            Column("開會日期", example="110/02/05"),
            Column("前一年度成果報告", help="議程是否安排前一年度成果報告：是 或 否", example="是"),
            Column("下一年度工作規劃報告", help="議程是否安排下一年度工作規劃報告：是 或 否", example="否"),
        ),
        parse=parse_meeting,
        key=lambda r: (r.taskforce.id, r.date),
        write=meetings_import_write,
        unit_of=lambda r: taskforce_unit(r.taskforce),
    )
)


# -- attendance ------------------------------------------------------------------------------------
def parse_attendance(cells: Cells) -> AttendanceImportRow | None:
    tf = taskforce_cell(cells)
    on = cells.date("開會日期")
    name = cells.text("姓名", max_length=60)
    status = cells.choice("出席情形", _statuses())
    opinion_on = cells.date("書面意見日期", required=False)
    in_minutes = cells.yes_no("併入會議紀錄")
    meeting = member = None
    if tf and on:
        meeting = Meeting.objects.filter(taskforce=tf, date=on).first()
        if meeting is None:
            cells.error("開會日期", f"{tf} 沒有 {cells.raw('開會日期')} 的會議（請先匯入會議）")
        if name:
            member = (
                TaskForceMember.objects.filter(taskforce=tf, name=name, term_start__lte=on)
                .filter(Q(term_end__isnull=True) | Q(term_end__gte=on))
                .first()
            )
            if member is None:
                cells.error("姓名", f"{name} 於 {cells.raw('開會日期')} 不是 {tf} 的在任委員")
    late = status in (Attendance.Status.LATE_NOTICE, Attendance.Status.NO_SHOW)
    if member and (opinion_on or in_minutes) and not (late and member.kind == "external"):
        cells.error("書面意見日期", _opinion_rule())
    if opinion_on and on and opinion_on < on:
        cells.error("書面意見日期", "書面意見日期早於開會日期")
    if cells.errors:
        return None
    assert meeting and member and status
    return AttendanceImportRow(meeting, AttendanceData(member, status, opinion_on, bool(in_minutes)))


ATTENDANCE = register(
    ImportKind(
        name="attendance",
        title="性平小組會議出席情形",
        tool="mechanism",
        columns=(
            Column("小組", help=TASKFORCE_HELP, example="勞動局"),
            Column("開會日期", example="110/02/05"),
            Column("姓名", help="須為該日在任之委員", example="陳美玲"),
            Column(
                "出席情形",
                help=lazy(lambda: f"出席、請假、會前{_late_hours()}小時內告知、當天臨時缺席", str)(),
                example="出席",
            ),
            Column(
                "書面意見日期",
                required=False,
                help=lazy(lambda: f"府外委員會前{_late_hours()}小時內告知或當天臨時缺席時填寫", str)(),
            ),
            Column("併入會議紀錄", required=False, help="書面意見是否併入會議紀錄：是 或 否", example="否"),
        ),
        parse=parse_attendance,
        key=lambda r: (r.meeting.id, r.data.member.id),
        write=attendance_import_write,
        unit_of=lambda r: taskforce_unit(r.meeting.taskforce),
    )
)


# -- filings ---------------------------------------------------------------------------------------
def parse_filing(cells: Cells) -> FilingData | None:
    tf = taskforce_cell(cells)
    year = cells.year("年度")
    filed_on = cells.date("備查日期")
    reason = cells.text("理由", max_length=2000)
    if cells.errors:
        return None
    assert tf and year and filed_on
    return FilingData(tf, year, filed_on, reason)


FILINGS = register(
    ImportKind(
        name="taskforce-filings",
        title="性平小組性別比例備查",
        tool="mechanism",
        columns=(
            Column("小組", help=TASKFORCE_HELP, example="勞動局"),
            Column("年度", example="110"),
            Column("備查日期", example="110/03/15"),
            Column("理由", help="未符三分之一性別比例原則之理由", example="相關領域專家以女性為多"),
        ),
        parse=parse_filing,
        key=lambda r: (r.taskforce.id, r.year),
        write=filings_import_write,
        unit_of=lambda r: taskforce_unit(r.taskforce),
    )
)


# -- lead units ------------------------------------------------------------------------------------
def _lead_groups_help() -> str:
    """「B1組、C1組、C2組、D1組」: the plan's composite groups that have a yearly lead unit."""
    from mainstream.plan.selectors import plan_in_force, plan_year_default

    plan = plan_in_force(plan_year_default())
    return "、".join(g.name for g in plan.groups.values() if g.composite and not g.convened_by_office)


def _lead_group_example() -> str:
    """The first composite group with a yearly lead unit (the template's example)."""
    return _lead_groups_help().split("、")[0]


def parse_lead_unit(cells: Cells) -> LeadUnitData | None:
    from mainstream.plan.selectors import plan_in_force, plan_year_default, plan_years
    from mainstream.units.models import Group

    value = cells.text("小組")
    code = value.upper().removesuffix("組") if value else ""
    group = Group.objects.filter(code=code, composite=True).first() if code else None
    if value and group is None:
        cells.error("小組", f"「{value}」不是複合組（{_lead_groups_help()}）")
    year = cells.year("年度")
    unit = cells.unit("主責機關")
    if group and unit and unit.group_id != group.id:
        cells.error("主責機關", f"{unit} 不屬於 {group}")
    plan = plan_in_force(year if year in plan_years() else plan_year_default())
    spec = plan.groups.get(group.code) if group else None
    if spec is not None and spec.convened_by_office:
        cells.error("小組", f"{spec.name}由{plan.office.short}召集，無當年度主責機關")
    if cells.errors:
        return None
    assert group and year and unit
    return LeadUnitData(group, year, unit)


LEAD_UNITS = register(
    ImportKind(
        name="lead-units",
        title="複合組當年度主責機關",
        tool="mechanism",
        columns=(
            Column("小組", help=lazy(_lead_groups_help, str)(), example=lazy(_lead_group_example, str)()),
            Column("年度", example="110"),
            Column("主責機關", help="該組內之機關", example="客委會"),
        ),
        parse=parse_lead_unit,
        key=lambda r: (r.group.id, r.year),
        write=lead_units_import_write,
        admin_only=True,
    )
)
