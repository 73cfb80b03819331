"""柒 計畫擬訂及成效評估: a unit's yearly work plan and result report, adopted and published by the office's dates.

The plan's words: 「每年須完成成果報告並提報各該性別平等機制通過並上網公告」 and 「執行辦理單位：應辦理計畫、成果報告及
專區網頁」. The dates are the office's (plan file: 110's result report by 111/06/30, 111's work plan by 111/03/31).
"""

from __future__ import annotations

from datetime import date

from mainstream.evaluation.engine import Context
from mainstream.reports.rules import ReportFact, ReportFacts, result_report, work_plan


def labor(check, plan, *reports: ReportFact, year: int = 110, as_of: date = date(2022, 10, 31)):
    ctx = Context.for_plan(plan, year, as_of=as_of)
    return next(f for f in check(ReportFacts(tuple(reports)), ctx) if f.units == ("勞動局",))


def result(adopted: date | None, published: date | None) -> ReportFact:
    return ReportFact("勞動局", 110, "result_report", adopted, "111年第1次會議", published, 1)


def test_a_result_report_adopted_and_published_on_the_due_date_is_met(plan):
    f = labor(result_report, plan, result(date(2022, 2, 5), date(2022, 6, 30)))
    assert f.status == "met"
    assert f.detail == (
        "110 年成果報告（性平辦訂定期限 111/06/30）：111/02/05 經111年第1次會議通過，111/06/30 上網公告"
    )


def test_published_a_day_late_is_unmet(plan):
    f = labor(result_report, plan, result(date(2022, 2, 5), date(2022, 7, 1)))
    assert f.status == "unmet" and f.detail.endswith("已逾期限")


def test_adopted_but_not_published_before_the_due_date_is_in_progress_then_unmet(plan):
    adopted_only = result(date(2022, 2, 5), None)
    assert labor(result_report, plan, adopted_only, as_of=date(2022, 6, 30)).status == "in_progress"
    f = labor(result_report, plan, adopted_only, as_of=date(2022, 7, 1))
    assert f.status == "unmet" and "已通過，尚未上網公告，已逾期限" in f.detail


def test_no_report_at_all_after_the_due_date_is_unmet(plan):
    f = labor(result_report, plan)
    assert f.status == "unmet" and "尚未通過" in f.detail


def test_the_work_plan_for_111_is_due_in_111(plan):
    on_time = ReportFact("勞動局", 111, "work_plan", date(2021, 11, 5), "110年第4次會議", date(2021, 11, 12))
    assert labor(work_plan, plan, on_time, year=111).status == "met"
    assert labor(work_plan, plan, year=111, as_of=date(2022, 3, 31)).status == "in_progress"


def test_the_city_planning_commission_owes_no_report(plan):
    ctx = Context.for_plan(plan, 110, as_of=date(2022, 10, 31))
    f = next(f for f in result_report(ReportFacts(), ctx) if f.units == ("都委會",))
    assert f.status == "not_applicable"
