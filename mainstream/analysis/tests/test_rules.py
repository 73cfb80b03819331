"""伍、四、(二)、2、A: readable cases — the reports a unit recorded in, the finding out. No database.

Each report: (unit, year, title, reported to a task force on, descriptive only?, from the district offices' data?).
"""

from datetime import date

from mainstream.analysis.rules import AnalysisFact, AnalysisFacts, count
from mainstream.evaluation.engine import Context

REPORTED = date(2021, 6, 1)  # 110/06/01
DISTRICTS = [
    "松山區公所",
    "信義區公所",
    "大安區公所",
    "中山區公所",
    "中正區公所",
    "大同區公所",
    "萬華區公所",
    "文山區公所",
    "南港區公所",
    "內湖區公所",
    "士林區公所",
    "北投區公所",
]


def facts(*rows):
    """rows: (unit, year, title, reported_on, descriptive_only, district_data)"""
    return AnalysisFacts(tuple(AnalysisFact(u, y, t, r, d, dd) for u, y, t, r, d, dd in rows))


def finding(ctx, records, subject):
    return next(f for f in count(records, ctx) if f.subject == subject)


def test_group_a_needs_two_reports_reported_to_its_task_force(plan):
    ctx = Context.for_plan(plan, 110, as_of=date(2022, 1, 10))
    records = facts(
        ("勞動局", 110, "中高齡女性再就業", REPORTED, False, False),
        ("勞動局", 110, "職災勞工性別差異", REPORTED, False, False),
    )
    f = finding(ctx, records, "勞動局")
    assert (f.status, f.actual, f.required, f.clause, f.subject_type) == ("met", 2, 2, "伍、四、(二)、2、A", "unit")
    assert len(f.evidence) == 2


def test_a_descriptive_only_report_does_not_count(plan):
    ctx = Context.for_plan(plan, 110, as_of=date(2022, 1, 10))
    records = facts(
        ("勞動局", 110, "中高齡女性再就業", REPORTED, False, False),
        ("勞動局", 110, "勞動統計男女人數", REPORTED, True, False),  # marked 僅描述統計 by the office
    )
    f = finding(ctx, records, "勞動局")
    assert (f.status, f.actual, f.required) == ("unmet", 1, 2)
    assert "1 篇僅描述統計" in f.detail


def test_a_report_not_yet_reported_to_a_task_force_does_not_count(plan):
    ctx = Context.for_plan(plan, 110, as_of=date(2022, 1, 10))
    records = facts(
        ("工務局", 110, "公園設施使用者性別", None, False, False), ("工務局", 110, "人行道友善", REPORTED, False, False)
    )
    f = finding(ctx, records, "工務局")
    assert (f.status, f.actual, f.required) == ("unmet", 1, 2)
    assert "1 篇尚未提報性平小組" in f.detail


def test_a_report_after_the_as_of_date_does_not_count_yet_and_the_year_is_in_progress(plan):
    ctx = Context.for_plan(plan, 110, as_of=date(2021, 5, 1))
    records = facts(("圖書館", 110, "借閱行為", REPORTED, False, False))
    f = finding(ctx, records, "圖書館")
    assert (f.status, f.actual, f.required) == ("in_progress", 0, 1)


def test_group_d_needs_one(plan):
    ctx = Context.for_plan(plan, 110, as_of=date(2022, 1, 10))
    f = finding(ctx, facts(("圖書館", 110, "借閱行為", REPORTED, False, False)), "圖書館")
    assert (f.status, f.actual, f.required) == ("met", 1, 1)


def test_d1_one_report_from_the_district_offices_own_data_is_enough_for_the_group(plan):
    ctx = Context.for_plan(plan, 110, as_of=date(2022, 1, 10))
    records = facts(("信義區公所", 110, "12 區里鄰長性別分析", REPORTED, False, True))
    f = finding(ctx, records, "D1組")
    assert (f.status, f.actual, f.required, f.subject_type, f.group) == ("met", 1, 1, "group", "D1")
    assert sorted(f.units) == sorted(DISTRICTS)
    # one finding for the whole group, none per district office
    assert not [x for x in count(records, ctx) if x.subject in DISTRICTS]


def test_d1_without_the_district_offices_data_needs_three_for_the_group(plan):
    ctx = Context.for_plan(plan, 110, as_of=date(2022, 1, 10))
    two = facts(
        ("信義區公所", 110, "區民活動參與", REPORTED, False, False),
        ("松山區公所", 110, "志工性別", REPORTED, False, False),
    )
    f = finding(ctx, two, "D1組")
    assert (f.status, f.actual, f.required) == ("unmet", 2, 3)
    three = facts(
        ("信義區公所", 110, "區民活動參與", REPORTED, False, False),
        ("松山區公所", 110, "志工性別", REPORTED, False, False),
        ("北投區公所", 110, "溫泉區就業", REPORTED, False, False),
    )
    assert finding(ctx, three, "D1組").status == "met"


def test_d1_a_descriptive_report_from_district_data_does_not_lower_the_threshold(plan):
    ctx = Context.for_plan(plan, 110, as_of=date(2022, 1, 10))
    records = facts(("信義區公所", 110, "12 區人口統計", REPORTED, True, True))
    f = finding(ctx, records, "D1組")
    assert (f.status, f.actual, f.required) == ("unmet", 0, 3)


def test_e1_one_report_in_the_two_year_window_109_110(plan):
    ctx = Context.for_plan(plan, 110, as_of=date(2022, 1, 10))
    f = finding(ctx, facts(("財政局", 109, "稅捐減免性別", date(2020, 9, 1), False, False)), "財政局")
    assert (f.status, f.actual, f.required) == ("met", 1, 1)
    assert f.detail.startswith("109–110 年")


def test_e1_in_the_first_year_of_a_window_without_a_report_is_in_progress_not_unmet(plan):
    ctx = Context.for_plan(plan, 111, as_of=date(2023, 1, 10))  # after 111 closed, the 111–112 window is open
    f = finding(ctx, facts(("財政局", 110, "稅捐減免性別", REPORTED, False, False)), "財政局")
    assert (f.status, f.actual) == ("in_progress", 0)  # 110's report belongs to the 109–110 window


def test_e1_with_no_report_when_the_window_closed_is_unmet(plan):
    ctx = Context.for_plan(plan, 110, as_of=date(2022, 1, 10))
    assert finding(ctx, facts(), "財政局").status == "unmet"


def test_tudihui_has_no_analysis_duty(plan):
    ctx = Context.for_plan(plan, 110, as_of=date(2022, 1, 10))
    f = finding(ctx, facts(), "都委會")
    assert f.status == "not_applicable"
