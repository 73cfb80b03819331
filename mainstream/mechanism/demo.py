"""Demo data of the mechanism (110 and 111): liaisons, the 28 task forces with members and meetings.

Made to show every outcome: most task forces meet their duties; 社會局 fails the one-third rule and
has filed an exception (備查); 衛生局 held only 3 valid meetings in 110 (one lacked external members) and
so is a penalty ground; B1組 has a meeting saved by a written opinion (day 5) and one that is not
(day 8); 文化局 has no WRPC member; 交通局 has a second convener (its deputy); a composite group is convened
by its first unit's head all along (wrong in the years another unit leads); E1組 by 財政局's head until 110 (wrong:
the office convenes E1), by the office from 111. Some units lack a supervisor liaison
or have a liaison outside the circle. Idempotent: services key records by name and date.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.contrib.auth import get_user_model

from mainstream.plan.selectors import plan_in_force
from mainstream.units.models import Unit

from .derive import taskforce_specs
from .models import Attendance, Meeting, Notice, TaskForce
from .rules.heads import HeadTitles
from .services import (
    AttendanceData,
    FilingData,
    LiaisonData,
    MeetingData,
    MemberData,
    WrpcTermData,
    attendance_record,
    filing_record,
    liaison_record,
    meeting_record,
    member_record,
    subcommittee_meeting_record,
    taskforce_sync,
    wrpc_term_record,
)
from .services.notices import notice_acknowledge, notice_post

SURNAMES = "陳林黃張李王吳劉蔡楊許鄭謝郭洪曾邱廖賴周"
GIVEN_F = ["美玲", "淑芬", "雅婷", "怡君", "佳穎", "惠如", "秀英", "宜蓁"]
GIVEN_M = ["志明", "建宏", "俊傑", "家豪", "冠宇", "文雄", "國華", "承翰"]
CIRCLE = date(2020, 2, 1)
# units whose liaisons fall short in the demo
NO_SUPERVISOR = {"交通局", "消防局", "翡管局"}
OUTSIDE_CIRCLE = {"文化局", "研考會"}


def person(i: int, sex: str) -> str:
    given = GIVEN_F if sex == "女" else GIVEN_M
    return SURNAMES[i % len(SURNAMES)] + given[(i // len(SURNAMES)) % len(given)]


def liaisons_load() -> int:
    n = 0
    for i, unit in enumerate(Unit.objects.filter(kind=Unit.Kind.EXECUTING).order_by("order")):
        rows = [(person(i * 3, "女"), "女", "科員", "staff")]
        if unit.short_name not in NO_SUPERVISOR and not unit.attached_to_id:
            rows.append((person(i * 3 + 1, "男"), "男", "科長", "supervisor"))
        if unit.short_name in ("勞動局", "社會局"):
            rows.append((person(i * 3 + 2, "女"), "女", "專員", "staff"))
        for j, (name, sex, title, role) in enumerate(rows):
            outside = unit.short_name in OUTSIDE_CIRCLE and j == 0
            liaison_record(data=LiaisonData(unit, name, sex, title, role, None if outside else CIRCLE, None))
            n += 1
    return n


def members_load(plan) -> int:  # type: ignore[no-untyped-def]
    """Members of every task force: convener, 3 external per term (109–110, 111–112), internal and liaisons."""
    units = {u.short_name: u for u in Unit.objects.all()}
    heads = HeadTitles.of(plan, 110)
    count = 0
    for k, spec in enumerate(taskforce_specs(plan)):
        tf = TaskForce.objects.get(code=spec.code)
        rows: list[MemberData] = []

        def add(
            name,
            sex,
            kind,
            convener=False,
            org="",
            title="",
            from_unit=None,
            wrpc=(),
            start=date(2020, 1, 1),
            end=None,
            _rows=rows,
            _tf=tf,
        ):  # type: ignore[no-untyped-def]
            _rows.append(MemberData(_tf, name, sex, kind, convener, org, title, from_unit, tuple(wrpc), start, end))

        # the convener: the head of the unit; a composite group keeps its first unit's head all along, so the
        # years another unit leads show a wrong convener (B1, C1, C2 in 110; D1 in 110 and 111)
        head = spec.convener_unit or spec.units[0]
        sex = "男" if k % 2 else "女"
        if spec.convened_by_office:  # E1: 財政局's head in 109–110 (wrong), the office from 111
            add(f"{head}首長", sex, "internal", True, head, heads.titles_of(plan, head)[0], end=date(2021, 12, 31))
            add(
                f"{plan.office.short}執行秘書",
                sex,
                "internal",
                True,
                plan.office.short,
                "執行秘書",
                start=date(2022, 1, 1),
            )
        else:
            add(f"{head}首長", sex, "internal", True, head, heads.titles_of(plan, head)[0])
        if spec.code == "交通局":  # a second convener by mistake: the deputy
            add(
                "交通局副首長",
                "男",
                "internal",
                True,
                "交通局",
                heads.deputy_marks[0] + heads.titles_of(plan, "交通局")[0],
            )
        for t, (start, end) in enumerate(
            ((date(2020, 1, 1), date(2021, 12, 31)), (date(2022, 1, 1), date(2023, 12, 31)))
        ):
            wrpc = () if spec.code == "文化局" else ((10,) if t == 0 else (11,))
            add(
                person(k * 7 + t, "女") + "教授",
                "女",
                "external",
                org="國立臺灣大學",
                title="教授",
                wrpc=wrpc,
                start=start,
                end=end,
            )
            add(
                person(k * 7 + t + 2, "男") + "理事長",
                "男",
                "external",
                org="臺北市婦女團體",
                title="理事長",
                start=start,
                end=end,
            )
            add(
                person(k * 7 + t + 4, "女") + "律師",
                "女",
                "external",
                org="律師事務所",
                title="律師",
                start=start,
                # 產發局 kept its first-term lawyer half a year into the next term (任期以 2 年為原則: unmet in 110)
                end=date(2022, 6, 30) if (spec.code, t) == ("產發局", 0) else end,
            )
        for j, u in enumerate(spec.units[:3] if not spec.composite else spec.units[:1]):
            add(f"{u}主任秘書", "男", "internal", org=u, title="主任秘書")
            add(f"{u}科長{j}", "女", "internal", org=u, title="科長")
        per_unit = plan.param("mechanism.taskforce.liaison_members", "min_per_unit", spec.group, 110)
        liaison_units = (
            spec.units if spec.group != "D1" else tuple(plan.lead_units.get("D1", {}).get(y) for y in (110, 111))
        )
        first_male = k % 2 == 0  # the first liaison member is of the other sex than the convener
        for ui, u in enumerate(liaison_units):
            for j in range(per_unit):
                male = (ui + j) % 2 == (0 if first_male else 1)
                add(f"{u}聯絡人{j + 1}", "男" if male else "女", "liaison", org=u, title="科員", from_unit=units[u])
        for special in (u for u in plan.units.values() if u.attached_to == spec.code):  # 參、三、(三): from 111 on
            add(f"{special.short}代表", "女", "internal", org=special.short, title="執行秘書", start=date(2022, 1, 1))
        if spec.code == "社會局":  # fails the one-third rule: women only among internal members
            for j in range(5):
                # appointed 110/03/15, after the list was filed with the office on 110/03/01 (須先…備查)
                add(f"社會局女性主管{j + 1}", "女", "internal", org="社會局", title="科長", start=date(2021, 3, 15))
        for data in rows:
            member_record(data=data)
            count += 1
    return count


def meeting_titles(year: int, n: int) -> list[tuple[str, date]]:
    months = [2, 5, 8, 11] if n == 4 else [3, 7, 11]
    return [(f"{year}年第{i + 1}次會議", date(year + 1911, m, 5)) for i, m in enumerate(months)]


def meetings_load(plan, as_of: date) -> int:  # type: ignore[no-untyped-def]
    n = 0
    for spec in taskforce_specs(plan):
        tf = TaskForce.objects.get(code=spec.code)
        need = plan.param("mechanism.taskforce.meetings", "min_valid_meetings", spec.group, 110)
        for year in (110, 111):
            planned = meeting_titles(year, need)
            extra = [("110年臨時會議", date(2021, 12, 10))] if (spec.code, year) == ("B1組", 110) else []
            for i, (title, day) in enumerate(planned):
                if day > as_of:
                    continue
                meeting, _ = meeting_record(
                    data=MeetingData(tf, title, day, result_report=i == 0, work_plan=i == len(planned) - 1)
                )
                attendance_load(spec.code, meeting, year, i)
                n += 1
            for title, day in extra:  # invalid: the written opinion came on day 8
                if day <= as_of:
                    meeting, _ = meeting_record(data=MeetingData(tf, title, day))
                    attendance_load(spec.code, meeting, year, 99)
                    n += 1
    return n


def attendance_load(code: str, meeting: Meeting, year: int, index: int) -> None:
    members = [
        m
        for m in meeting.taskforce.members.all()
        if m.term_start <= meeting.date and (m.term_end is None or m.term_end >= meeting.date)
    ]
    external = [m for m in members if m.kind == "external"]
    others = [m for m in members if m.kind != "external"]
    rows: list[AttendanceData] = []
    present_ext = external[:2] if len(external) >= 2 else external
    absent_ext = [m for m in external if m not in present_ext]
    late_day = None
    if code == "衛生局" and year == 110 and index == 1:  # one external member only: invalid
        absent_ext = external[1:]
        present_ext = external[:1]
    if code == "B1組" and year == 110 and index in (0, 99):  # written opinion on day 5 (counts) / day 8 (does not)
        absent_ext = external[1:]
        present_ext = external[:1]
        late_day = 5 if index == 0 else 8
    for m in present_ext:
        rows.append(AttendanceData(m, "present"))
    for m in absent_ext:
        if late_day is not None:
            rows.append(AttendanceData(m, "no_show", meeting.date + timedelta(days=late_day), True))
            late_day = None
        else:
            rows.append(AttendanceData(m, "notice"))
    for j, m in enumerate(others):
        rows.append(AttendanceData(m, "present" if j % 5 != 4 else "notice"))
    attendance_record(meeting=meeting, rows=rows)


def demo_load() -> str:
    from mainstream.evaluation.selectors import default_as_of

    plan = plan_in_force(110)  # the demo plays 110–111
    taskforce_sync(plan=plan)
    for number, start, end in (
        (8, date(2016, 1, 1), date(2017, 12, 31)),
        (9, date(2018, 1, 1), date(2019, 12, 31)),
        (10, date(2020, 1, 1), date(2021, 12, 31)),
        (11, date(2022, 1, 1), date(2023, 12, 31)),
    ):
        wrpc_term_record(data=WrpcTermData(number, start, end))
    for year in (2021, 2022):
        for month in (2, 5, 8, 11):
            subcommittee_meeting_record(
                on=date(year, month, 20), title=f"女權會分工小組會議（{year - 1911}年{month}月）"
            )
    liaisons = liaisons_load()
    members = members_load(plan)
    meetings = meetings_load(plan, min(default_as_of(), date(2022, 12, 31)))
    filing_record(
        data=FilingData(
            TaskForce.objects.get(code="社會局"),
            110,
            date(2021, 3, 1),
            "府內委員依職務由各科科長擔任，現任科長多為女性，無法符合三分之一性別比例",
        )
    )
    # the liaison circle
    office = get_user_model().objects.filter(username="office").first()
    if not Notice.objects.exists():
        notice_post(
            kind="news", title="110年性別平等專案小組會議注意事項", body="請於每次會議後一週內上傳會議紀錄。", by=office
        )
        notice_post(
            kind="international",
            title="CEDAW 第4次國家報告國際審查結論性意見",
            body="結論性意見中文版已公布，請參考。",
            by=office,
        )
    labor = get_user_model().objects.filter(username="labor").first()
    first = Notice.objects.order_by("posted_at").first()
    if labor is not None and first is not None:
        notice_acknowledge(notice=first, by=labor)
    return (
        f"性平小組 {TaskForce.objects.count()} 個、委員 {members} 人次、會議 {meetings} 場、"
        f"出席紀錄 {Attendance.objects.count()} 筆、性平聯絡人 {liaisons} 人"
    )
