"""伍、五、(三): readable cases — the cases a unit completed in, the finding out. No database.

Each case: (unit, title, reported to a task force on, urgent?, confirmed by the office on, district offices' shared?).
"""

from datetime import date

from mainstream.evaluation.engine import Context
from mainstream.impact.rules import AssessmentFact, AssessmentFacts, count

AFTER_110 = date(2022, 1, 10)


def facts(*rows):
    """rows: (unit, title, reported_on, urgent, office_confirmed_on, district_shared)"""
    return AssessmentFacts(tuple(AssessmentFact(u, t, r, g, c, d) for u, t, r, g, c, d in rows))


def finding(ctx, records, subject):
    return next(f for f in count(records, ctx) if f.subject == subject)


def reported(unit, title, on=date(2021, 5, 20)):
    return (unit, title, on, False, None, False)


def test_group_a_needs_four_completed_cases(plan):
    ctx = Context.for_plan(plan, 110, as_of=AFTER_110)
    three = facts(*[reported("勞動局", f"案{n}") for n in range(3)])
    f = finding(ctx, three, "勞動局")
    assert (f.status, f.actual, f.required, f.clause) == ("unmet", 3, 4, "伍、五、(三)")
    four = facts(*[reported("勞動局", f"案{n}") for n in range(4)])
    assert finding(ctx, four, "勞動局").status == "met"


def test_group_b_needs_two_and_d_one(plan):
    ctx = Context.for_plan(plan, 110, as_of=AFTER_110)
    records = facts(reported("工務局", "人行道"), reported("圖書館", "分館改建"))
    assert (finding(ctx, records, "工務局").status, finding(ctx, records, "工務局").required) == ("unmet", 2)
    assert finding(ctx, records, "圖書館").status == "met"


def test_a_case_without_a_task_force_report_is_not_complete(plan):
    ctx = Context.for_plan(plan, 110, as_of=AFTER_110)
    records = facts(("圖書館", "分館改建", None, False, None, False))
    assert finding(ctx, records, "圖書館").actual == 0


def test_a_case_counts_in_the_year_of_its_task_force_report(plan):
    records = facts(reported("圖書館", "分館改建", on=date(2022, 2, 15)))  # reported 111/02/15
    assert finding(Context.for_plan(plan, 110, as_of=AFTER_110), records, "圖書館").actual == 0
    assert finding(Context.for_plan(plan, 111, as_of=date(2023, 1, 10)), records, "圖書館").actual == 1


def test_an_urgent_case_confirmed_by_the_office_counts_and_its_report_stays_due(plan):
    ctx = Context.for_plan(plan, 110, as_of=AFTER_110)
    records = facts(("圖書館", "防疫開放措施", None, True, date(2021, 7, 1), False))
    f = finding(ctx, records, "圖書館")
    assert (f.status, f.actual) == ("met", 1)
    assert "「防疫開放措施」已經性平辦確認完成，後續仍應提報性平小組" in f.detail
    assert "性平小組報告待辦" in f.evidence[0].label


def test_the_due_report_is_still_named_the_next_year_and_the_case_does_not_count_twice(plan):
    confirmed_only = facts(("圖書館", "防疫開放措施", None, True, date(2021, 7, 1), False))
    f111 = finding(Context.for_plan(plan, 111, as_of=date(2023, 1, 10)), confirmed_only, "圖書館")
    assert f111.actual == 0 and "後續仍應提報性平小組" in f111.detail
    reported_later = facts(("圖書館", "防疫開放措施", date(2022, 3, 1), True, date(2021, 7, 1), False))
    f111 = finding(Context.for_plan(plan, 111, as_of=date(2023, 1, 10)), reported_later, "圖書館")
    assert f111.actual == 0 and "後續仍應提報" not in f111.detail  # counted in 110, the report is done


def test_an_office_confirmation_of_a_case_not_marked_urgent_does_not_complete_it(plan):
    ctx = Context.for_plan(plan, 110, as_of=AFTER_110)
    records = facts(("圖書館", "分館改建", None, False, date(2021, 7, 1), False))
    assert finding(ctx, records, "圖書館").actual == 0


def test_d1_one_shared_district_case_is_enough_for_the_group(plan):
    ctx = Context.for_plan(plan, 110, as_of=AFTER_110)
    records = facts(("信義區公所", "12 區里辦公處設施", date(2021, 9, 1), False, None, True))
    f = finding(ctx, records, "D1組")
    assert (f.status, f.actual, f.required, f.subject_type) == ("met", 1, 1, "group")
    assert len(f.units) == 12


def test_d1_otherwise_needs_three_for_the_group(plan):
    ctx = Context.for_plan(plan, 110, as_of=AFTER_110)
    records = facts(reported("信義區公所", "區民中心改建"), reported("大安區公所", "公園綠地"))
    f = finding(ctx, records, "D1組")
    assert (f.status, f.actual, f.required) == ("unmet", 2, 3)


def test_e1_one_case_every_two_years(plan):
    records = facts(reported("財政局", "公有地標售", on=date(2020, 10, 1)))  # 109
    f = finding(Context.for_plan(plan, 110, as_of=AFTER_110), records, "財政局")
    assert (f.status, f.actual, f.required) == ("met", 1, 1)
    f = finding(Context.for_plan(plan, 112, as_of=date(2024, 1, 10)), records, "財政局")
    assert (f.status, f.actual) == ("unmet", 0)  # 111–112 window without a case
