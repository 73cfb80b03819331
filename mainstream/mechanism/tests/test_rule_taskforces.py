"""伍、一、(二) task force rules: readable cases (members and meetings in, findings out). No database.

Members are written as (name, sex, kind, convener, from_unit, wrpc_terms); all serve 110/01/01–111/12/31
unless a case says otherwise.
"""

from __future__ import annotations

from datetime import date

from mainstream.evaluation.engine import Context
from mainstream.mechanism.rules import FilingFact, MeetingFact, TaskForceFacts, WrpcTermFact
from mainstream.mechanism.rules import meetings as mr
from mainstream.mechanism.rules import taskforces as r
from mainstream.mechanism.validity import AttendanceFact, MemberFact

TERM = (date(2021, 1, 1), date(2022, 12, 31))  # 110–111
CLOSED = date(2022, 1, 10)  # 111/01/10: year 110 is over
OPEN = date(2021, 6, 30)  # 110/06/30: year 110 still open
WRPC = (
    WrpcTermFact(8, date(2016, 1, 1), date(2017, 12, 31)),
    WrpcTermFact(9, date(2018, 1, 1), date(2019, 12, 31)),
    WrpcTermFact(10, date(2020, 1, 1), date(2021, 12, 31)),
    WrpcTermFact(11, date(2022, 1, 1), date(2023, 12, 31)),
)


def m(
    name,
    sex="女",
    kind="internal",
    convener=False,
    from_unit=None,
    wrpc=(),
    start=TERM[0],
    end=TERM[1],
    org="",
    title="",
):
    return MemberFact(name, sex, kind, start, end, convener, from_unit, tuple(wrpc), None, org, title)


def labor_members():
    """勞動局: convener, 3 external (one in WRPC term 10), 2 internal, 2 liaison members of 勞動局; 5 women, 3 men."""
    return (
        m("局長", "男", "internal", convener=True, org="勞動局", title="局長"),
        m("外甲", "女", "external", wrpc=(10,)),
        m("外乙", "女", "external"),
        m("外丙", "男", "external"),
        m("內甲", "女"),
        m("內乙", "男"),
        m("聯甲", "女", "liaison", from_unit="勞動局"),
        m("聯乙", "女", "liaison", from_unit="勞動局"),
    )


def run(plan, check, members=None, meetings=(), filings=(), year=110, as_of=CLOSED, lead_units=None, code="勞動局"):
    ctx = Context.for_plan(plan, year, as_of=as_of, lead_units=lead_units)
    facts = TaskForceFacts(
        {code: tuple(members if members is not None else labor_members())},
        {code: tuple(meetings)},
        tuple(filings),
        WRPC,
    )
    found = {f.subject: f for f in check(facts, ctx)}
    assert len(found) == 28  # every task force of the plan gets a finding
    return found[code]


def test_every_finding_names_the_task_force_its_units_and_group(plan):
    f = run(plan, r.convener)
    assert (f.subject, f.subject_type, f.units, f.group) == ("勞動局", "taskforce", ("勞動局",), "A")
    ctx = Context.for_plan(plan, 110, as_of=CLOSED)
    d1 = next(x for x in r.convener(TaskForceFacts(), ctx) if x.subject == "D1組")
    assert d1.subject_type == "taskforce" and len(d1.units) == 12 and d1.group == "D1"


# -- convener ---------------------------------------------------------------------------------------
def test_one_convener_meets(plan):
    f = run(plan, r.convener)
    assert (f.status, f.actual, f.required, f.detail) == ("met", 1, 1, "召集人：局長（勞動局局長），為勞動局之機關首長")


def test_two_conveners_are_unmet(plan):
    f = run(
        plan, r.convener, members=(*labor_members(), m("副局長", "男", convener=True, org="勞動局", title="副局長"))
    )
    assert f.status == "unmet"
    assert f.detail == "召集人 2 人（局長（勞動局局長）、副局長（勞動局副局長）），應為 1 人；應由勞動局機關首長召集"


def test_no_convener_while_the_year_is_open_is_in_progress(plan):
    f = run(plan, r.convener, members=labor_members()[1:], as_of=OPEN)
    assert f.status == "in_progress" and f.detail == "未設召集人（應由勞動局機關首長召集）"


def test_a_composite_group_names_the_years_lead_unit(plan):
    members = (m("主委", "男", convener=True, org="客委會", title="主任委員"),)
    f = run(plan, r.convener, code="B1組", members=members, lead_units={"B1": "客委會"})
    assert f.status == "met" and f.detail == "召集人：主委（客委會主任委員），為當年度主責機關客委會之機關首長"


# -- external members and WRPC ---------------------------------------------------------------------
def test_three_external_members_meet(plan):
    assert run(plan, r.external_members).status == "met"


def test_two_external_members_are_unmet(plan):
    f = run(plan, r.external_members, members=[x for x in labor_members() if x.name != "外丙"])
    assert (f.status, f.actual, f.required) == ("unmet", 2, 3)


def test_external_member_whose_term_ended_before_the_reference_date_does_not_count(plan):
    members = [x if x.name != "外丙" else m("外丙", "男", "external", end=date(2021, 12, 30)) for x in labor_members()]
    assert run(plan, r.external_members, members=members).actual == 2


def test_wrpc_member_of_the_current_term_meets(plan):
    f = run(plan, r.wrpc_member)
    assert f.status == "met" and "第 8～10 屆" in f.detail and "外甲" in f.detail


def test_wrpc_member_of_a_term_older_than_three_is_unmet(plan):
    """On 110/12/31 the current term is 10: terms 8, 9, 10 count; term 7 does not."""
    members = [x if x.name != "外甲" else m("外甲", "女", "external", wrpc=(7,)) for x in labor_members()]
    f = run(plan, r.wrpc_member, members=members)
    assert f.status == "unmet" and f.detail == "府外委員中無曾任女權會第 8～10 屆委員者"


def test_wrpc_term_eight_counts_in_110_but_not_in_111(plan):
    members = [x if x.name != "外甲" else m("外甲", "女", "external", wrpc=(8,)) for x in labor_members()]
    assert run(plan, r.wrpc_member, members=members, year=110).status == "met"
    assert run(plan, r.wrpc_member, members=members, year=111, as_of=date(2023, 1, 10)).status == "unmet"


# -- liaison members -------------------------------------------------------------------------------
def test_group_a_needs_two_liaison_members(plan):
    assert run(plan, r.liaison_members).status == "met"
    f = run(plan, r.liaison_members, members=[x for x in labor_members() if x.name != "聯乙"])
    assert f.status == "unmet" and f.detail == "性平聯絡人委員不足：勞動局 1 人，應有 2 人"


def test_b1_needs_one_liaison_member_from_each_unit(plan):
    members = (m("主委", convener=True), m("聯甲", kind="liaison", from_unit="客委會"))
    f = run(plan, r.liaison_members, members=members, code="B1組")
    assert f.status == "unmet" and "原民會 0 人，應有 1 人" in f.detail
    f = run(plan, r.liaison_members, members=(*members, m("聯乙", kind="liaison", from_unit="原民會")), code="B1組")
    assert f.status == "met"


def test_d1_needs_a_liaison_member_only_from_the_years_lead_unit(plan):
    members = (m("區長", convener=True), m("聯甲", kind="liaison", from_unit="信義區公所"))
    f = run(plan, r.liaison_members, members=members, code="D1組", lead_units={"D1": "信義區公所"})
    assert f.status == "met" and "以當年度主責機關計" in f.detail
    f = run(plan, r.liaison_members, members=members, code="D1組", lead_units={"D1": "大安區公所"})
    assert f.status == "unmet" and "大安區公所 0 人" in f.detail


# -- gender ratio ---------------------------------------------------------------------------------
def ratio_members(women: int, men: int):
    return [m(f"女{i}", "女") for i in range(women)] + [m(f"男{i}", "男") for i in range(men)]


def test_exactly_one_third_women_meets(plan):
    f = run(plan, r.gender_ratio, members=ratio_members(3, 6))
    assert f.status == "met" and f.detail.startswith("委員 9 人，女性 3 人、男性 6 人")


def test_fewer_than_one_third_women_without_filing_is_unmet(plan):
    f = run(plan, r.gender_ratio, members=ratio_members(2, 5), as_of=OPEN)
    assert f.status == "unmet" and "女性未達三分之一" in f.detail and "未報性平辦備查" in f.detail


def test_fewer_than_one_third_men_with_a_filing_is_filed(plan):
    """「須先將委員名單送性平辦備查」: filed on 109/12/20, before the members took office on 110/01/01."""
    filing = FilingFact("勞動局", 110, "mechanism.taskforce.gender_ratio", date(2020, 12, 20), "府外委員多為女性學者")
    f = run(plan, r.gender_ratio, members=ratio_members(7, 2), filings=[filing])
    assert f.status == "filed" and "已於 109/12/20 先報性平辦備查：府外委員多為女性學者" in f.detail


def test_a_filing_on_the_day_the_members_took_office_counts(plan):
    filing = FilingFact("勞動局", 110, "mechanism.taskforce.gender_ratio", TERM[0], "依職務擔任")
    assert run(plan, r.gender_ratio, members=ratio_members(7, 2), filings=[filing]).status == "filed"


def test_a_filing_after_the_members_took_office_is_not_filed_first(plan):
    filing = FilingFact("勞動局", 110, "mechanism.taskforce.gender_ratio", date(2021, 4, 1), "府外委員多為女性學者")
    f = run(plan, r.gender_ratio, members=ratio_members(7, 2), filings=[filing])
    assert f.status == "unmet"
    assert f.detail.endswith("備查日期 110/04/01，晚於委員名單生效日 110/01/01，未依「須先」送性平辦備查，不予計入")


def test_a_filing_dated_after_the_day_of_evaluation_does_not_count(plan):
    """Evaluated on 110/06/30 with members appointed 110/07/01… the filing dated 110/08/01 is in the future."""
    members = [m(x.name, x.sex, start=date(2021, 1, 1)) for x in ratio_members(7, 2)]
    filing = FilingFact("勞動局", 110, "mechanism.taskforce.gender_ratio", date(2021, 8, 1), "依職務擔任")
    f = run(plan, r.gender_ratio, members=members, filings=[filing], as_of=OPEN)
    assert f.status == "unmet" and "晚於考核日 110/06/30" in f.detail


def test_a_filing_without_a_reason_does_not_count(plan):
    filing = FilingFact("勞動局", 110, "mechanism.taskforce.gender_ratio", date(2020, 12, 20), "  ")
    f = run(plan, r.gender_ratio, members=ratio_members(7, 2), filings=[filing])
    assert f.status == "unmet" and "未敘明無法符合之理由" in f.detail


def test_a_filing_of_another_year_does_not_count(plan):
    filing = FilingFact("勞動局", 109, "mechanism.taskforce.gender_ratio", date(2020, 4, 1), "舊理由")
    assert run(plan, r.gender_ratio, members=ratio_members(7, 2), filings=[filing]).status == "unmet"


# -- meetings and their agenda ------------------------------------------------------------------------
def valid_meeting(n: int, day: date, agenda=()):
    names = ["局長", "外甲", "外乙", "內甲"]  # 4 of 8 present, 2 external: exactly half → valid
    return MeetingFact(
        "勞動局", f"110年第{n}次會議", day, tuple(agenda), tuple(AttendanceFact(x, "present") for x in names), id=n
    )


def invalid_meeting(n: int, day: date, agenda=()):
    names = ["局長", "外甲", "內甲", "內乙"]  # one external present → invalid
    return MeetingFact(
        "勞動局", f"110年第{n}次會議", day, tuple(agenda), tuple(AttendanceFact(x, "present") for x in names), id=n
    )


FOUR = [
    valid_meeting(1, date(2021, 2, 1), ["result_report"]),
    valid_meeting(2, date(2021, 5, 3)),
    valid_meeting(3, date(2021, 8, 2)),
    valid_meeting(4, date(2021, 11, 1), ["work_plan"]),
]


def test_four_valid_meetings_meet_for_group_a(plan):
    f = run(plan, mr.meetings, meetings=FOUR)
    assert (f.status, f.actual, f.required, f.clause) == ("met", 4, 4, "伍、一、(二)、4、B")


def test_three_valid_and_one_invalid_meeting_are_unmet_after_the_year(plan):
    f = run(plan, mr.meetings, meetings=[*FOUR[:3], invalid_meeting(4, date(2021, 11, 1))])
    assert f.status == "unmet" and f.detail == "有效會議 3 次，應至少 4 次（另有無效會議 1 次）"


def test_short_of_meetings_while_the_year_is_open_is_in_progress(plan):
    assert run(plan, mr.meetings, meetings=FOUR[:1], as_of=OPEN).status == "in_progress"


def test_three_valid_meetings_meet_for_group_b(plan):
    meetings = [MeetingFact("工務局", x.title, x.date, x.agenda, x.attendance, x.id) for x in FOUR[:3]]
    f = run(plan, mr.meetings, meetings=meetings, code="工務局")
    assert (f.status, f.required) == ("met", 3)


def test_results_report_on_the_first_valid_meeting(plan):
    assert run(plan, mr.results_report, meetings=FOUR).status == "met"


def test_results_report_on_an_invalid_first_meeting_does_not_count(plan):
    meetings = [invalid_meeting(1, date(2021, 1, 20), ["result_report"]), *FOUR[1:]]
    f = run(plan, mr.results_report, meetings=meetings)
    assert f.status == "unmet" and "未安排前一年度成果報告" in f.detail


def test_work_plan_on_the_last_valid_meeting(plan):
    assert run(plan, mr.work_plan, meetings=FOUR).status == "met"
    f = run(plan, mr.work_plan, meetings=[*FOUR, valid_meeting(5, date(2021, 12, 20))])
    assert f.status == "unmet" and "110年第5次會議" in f.detail


def test_subcommittee_advice_shows_which_were_missed():
    held = [(FOUR[0], None), (FOUR[2], None)]
    out = mr.subcommittee_advice(held, [date(2021, 2, 20), date(2021, 5, 20), date(2021, 8, 20)])
    assert [x[1].title if x[1] else None for x in out] == ["110年第1次會議", None, "110年第3次會議"]


# -- agenda: 每年第一次／最後一次會議 (伍、一、(二)、3、E) ----------------------------------------------------------
def test_the_finding_names_the_meeting_used_for_the_result_report(plan):
    """「每年第一次性平小組會議，應安排前一年度成果報告議程」."""
    f = run(plan, mr.results_report, meetings=FOUR)
    assert f.detail == "以本年度第一次有效會議（110年第1次會議，110/02/01）認定：已安排前一年度成果報告"


def test_an_inquorate_first_meeting_is_passed_over_and_named(plan):
    """An inquorate meeting is not 有效會議: the first valid meeting (with the report) is the one judged."""
    meetings = [invalid_meeting(9, date(2021, 1, 20), ["result_report"]), *FOUR]
    f = run(plan, mr.results_report, meetings=meetings)
    assert f.status == "met"
    assert f.detail.endswith("；110年第9次會議（110/01/20）非有效會議，不作為第一次會議")


def test_no_valid_meeting_in_a_closed_year_is_unmet_and_says_how_many_did_not_count(plan):
    f = run(plan, mr.work_plan, meetings=[invalid_meeting(1, date(2021, 11, 1), ["work_plan"])])
    assert f.status == "unmet" and f.detail == "本年度尚無有效會議（無效會議 1 次不計）"


def test_work_plan_on_a_later_inquorate_meeting_does_not_replace_the_last_valid_one(plan):
    meetings = [*FOUR, invalid_meeting(5, date(2021, 12, 20), ["work_plan"])]
    f = run(plan, mr.work_plan, meetings=meetings)
    assert f.status == "met" and "110年第4次會議" in f.detail and "110年第5次會議（110/12/20）非有效會議" in f.detail


# -- before each WRPC subcommittee meeting (伍、一、(二)、4、B) ------------------------------------------------------
def before(plan, meetings, dates, as_of=CLOSED, code="勞動局"):
    ctx = Context.for_plan(plan, 110, as_of=as_of)
    facts = TaskForceFacts({code: labor_members()}, {code: tuple(meetings)}, (), WRPC, tuple(dates))
    found = {f.subject: f for f in mr.before_subcommittee(facts, ctx)}
    assert len(found) == 11  # A群's 11 task forces only: 「A群性平小組應…於每次…小組會議前召開」
    return found.get(code)


SUBCOMMITTEE = (date(2021, 2, 20), date(2021, 5, 20), date(2021, 8, 20), date(2021, 11, 20))


def test_a_valid_meeting_before_each_subcommittee_meeting_meets(plan):
    f = before(plan, FOUR, SUBCOMMITTEE)
    assert (f.status, f.actual, f.required) == ("met", 4, 4)
    assert "110/02/20 前：110年第1次會議（110/02/01）" in f.detail


def test_two_subcommittee_meetings_with_one_task_force_meeting_between_are_unmet(plan):
    """One meeting in February cannot serve both the February and the May subcommittee meetings."""
    f = before(plan, [FOUR[0], FOUR[2], FOUR[3]], SUBCOMMITTEE)
    assert f.status == "unmet" and "110/05/20 前：未召開" in f.detail and f.actual == 3


def test_a_meeting_on_the_day_of_the_subcommittee_meeting_is_not_before_it(plan):
    same_day = valid_meeting(1, date(2021, 2, 20), ["result_report"])
    f = before(plan, [same_day, *FOUR[1:]], SUBCOMMITTEE)
    assert f.status == "unmet" and "110/02/20 前：未召開" in f.detail


def test_an_inquorate_meeting_does_not_count_before_a_subcommittee_meeting(plan):
    f = before(plan, [invalid_meeting(1, date(2021, 2, 1)), *FOUR[1:]], SUBCOMMITTEE)
    assert f.status == "unmet"


def test_subcommittee_meetings_still_to_come_leave_the_duty_in_progress(plan):
    f = before(plan, FOUR[:2], SUBCOMMITTEE, as_of=date(2021, 6, 30))
    assert (f.status, f.actual, f.required) == ("in_progress", 2, 2)


def test_without_recorded_subcommittee_meetings_the_duty_cannot_be_checked(plan):
    f = before(plan, FOUR, ())
    assert f.status == "not_applicable" and "尚未登錄本年度女權會小組會議日期" in f.detail


def test_other_groups_are_not_bound(plan):
    assert before(plan, FOUR[:3], SUBCOMMITTEE, code="工務局") is None


# -- external members' term: 任期以 2 年為原則（109 至 110 年、111 至 112 年） -----------------------------------------
def ext(name, start, end):
    return m(name, "女", "external", start=start, end=end)


def test_external_members_serving_the_109_110_term_meet(plan):
    members = [ext(f"外{i}", date(2020, 1, 1), date(2021, 12, 31)) for i in range(3)]
    f = run(plan, r.external_term, members=members)
    assert f.status == "met" and f.detail == "府外委員 3 人任期均在 109–110 年任期內"


def test_a_replacement_appointed_within_the_term_meets(plan):
    members = [ext("外甲", date(2021, 3, 1), date(2021, 12, 31)), ext("外乙", date(2020, 1, 1), date(2021, 12, 31))]
    assert run(plan, r.external_term, members=members).status == "met"


def test_a_term_running_into_the_next_term_is_unmet(plan):
    members = [ext("外甲", date(2020, 1, 1), date(2022, 12, 31)), ext("外乙", date(2020, 1, 1), date(2021, 12, 31))]
    f = run(plan, r.external_term, members=members)
    assert f.status == "unmet" and "外甲任期 109/01/01–111/12/31 跨越 109–110 年" in f.detail


def test_a_term_without_an_end_is_unmet(plan):
    f = run(plan, r.external_term, members=[ext("外甲", date(2020, 1, 1), None)])
    assert f.status == "unmet" and "外甲未登錄任期迄日" in f.detail


def test_in_111_the_term_is_111_112(plan):
    members = [ext("外甲", date(2022, 1, 1), date(2023, 12, 31))]
    f = run(plan, r.external_term, members=members, year=111, as_of=date(2023, 1, 10))
    assert f.status == "met" and "111–112 年" in f.detail


def test_a_deviation_filed_first_with_a_reason_is_filed(plan):
    members = [ext("外甲", date(2021, 7, 1), date(2022, 6, 30))]
    filing = FilingFact("勞動局", 110, "mechanism.taskforce.external_term", date(2021, 6, 1), "委員延聘至專案結束")
    f = run(plan, r.external_term, members=members, filings=[filing])
    assert f.status == "filed" and "已於 110/06/01 報性平辦備查" in f.detail
