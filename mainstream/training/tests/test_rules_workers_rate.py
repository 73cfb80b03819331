"""Workers (伍、二、(一)、4) and the physical-course rate (伍、二、(三)、2) at their edges. No database.

The plan's words: 「本府職工須達成每年 1000 人或 4 年總計 4000 人完成 3 小時性別平等相關實體課程訓練」 and
「實體課程參訓率未達30%之執行辦理單位應逐年提升實體課程參訓率」.
"""

from __future__ import annotations

from datetime import date

from mainstream.evaluation.engine import Context
from mainstream.training.rules import PersonHours, RateFact, TrainingFacts, physical_rate, workers

IN_111 = date(2022, 6, 30)  # the period 109–112 is open
AFTER = date(2024, 1, 10)  # 113/01/10: the period is over


def verdict(plan, year: int, as_of: date, **counts: int):
    """counts: y109=…, y110=… workers with exactly 3 physical hours in that year."""
    facts = TrainingFacts(workers={int(k[1:]): (3.0,) * n for k, n in counts.items()})
    return next(workers(facts, Context.for_plan(plan, year, as_of=as_of)))


# -- workers: 每年 1000 人或 4 年總計 4000 人 ----------------------------------------------------------------
def test_a_year_with_exactly_a_thousand_is_met_and_shows_both_figures(plan):
    f = verdict(plan, 110, IN_111, y109=200, y110=1000)
    assert (f.status, f.actual, f.required) == ("met", 1000, 1000)
    assert f.detail == (
        "110 年完成 3 小時實體課程之職工 1,000 人（每年 1,000 人）；109–112 年總計 1,200 人（4 年總計 4,000 人）："
        "本年度已達 1000 人"
    )


def test_a_short_year_while_the_period_is_open_is_in_progress(plan):
    f = verdict(plan, 110, IN_111, y109=1500, y110=999)
    assert f.status == "in_progress" and "109–112 年總計 2,499 人" in f.detail and "計畫期程尚未結束" in f.detail


def test_after_the_period_a_total_of_four_thousand_makes_a_short_year_met(plan):
    """110 alone had 999, but 109–112 together reached exactly 4,000 (later years complete the total)."""
    f = verdict(plan, 110, AFTER, y109=1000, y110=999, y111=1000, y112=1001)
    assert f.status == "met" and "109–112 年總計已達 4000 人" in f.detail


def test_after_the_period_a_short_year_and_a_short_total_are_unmet(plan):
    f = verdict(plan, 110, AFTER, y109=1000, y110=999, y111=1000, y112=1000)
    assert f.status == "unmet" and "總計 3,999 人" in f.detail and "總計亦未達 4000 人" in f.detail


def test_fewer_than_three_physical_hours_do_not_count_and_years_outside_the_plan_are_not_in_the_total(plan):
    facts = TrainingFacts(workers={108: (3.0,) * 4000, 110: (2.9,) * 1000 + (3.0,) * 10})
    f = next(workers(facts, Context.for_plan(plan, 110, as_of=AFTER)))
    assert (f.status, f.actual) == ("unmet", 10) and "109–112 年總計 10 人" in f.detail


# -- physical-course rate: 未達30%…應逐年提升 -----------------------------------------------------------------
def staff(unit: str, attended: int, total: int) -> tuple[PersonHours, ...]:
    return tuple(PersonHours(unit, frozenset({"general"}), 3, 0, 3 if i < attended else 0) for i in range(total))


def rate(plan, year: int, people, previous=None, earlier=None):
    facts = TrainingFacts(people=people, previous_rates=previous or {}, earlier_rates=earlier or {})
    ctx = Context.for_plan(plan, year, as_of=date(year + 1911 + 1, 1, 10))
    return next(f for f in physical_rate(facts, ctx) if f.units == ("勞動局",))


def test_exactly_thirty_percent_is_met_without_a_previous_year(plan):
    f = rate(plan, 109, staff("勞動局", 3, 10))
    assert f.status == "met" and f.detail == "實體課程參訓率 30.0%（3/10 人），已達 30%"


def test_the_plans_first_year_below_thirty_percent_is_the_baseline_never_a_silent_unmet(plan):
    f = rate(plan, 109, staff("勞動局", 2, 10))
    assert f.status == "not_applicable"
    assert "計畫首年為基準年" in f.detail and "20.0%" in f.detail


def test_a_later_year_with_no_earlier_data_is_the_units_baseline_and_says_so(plan):
    f = rate(plan, 111, staff("勞動局", 2, 10))
    assert f.status == "not_applicable" and "前一年度（110 年）無資料，本年度為基準年" in f.detail


def test_when_the_year_before_has_no_data_the_latest_earlier_year_is_compared(plan):
    earlier = {"勞動局": {109: RateFact(10, 1)}}
    f = rate(plan, 111, staff("勞動局", 2, 10), earlier=earlier)
    assert f.status == "met" and "前一年度無資料，以 109 年 10.0%" in f.detail


def test_the_same_rate_as_the_year_before_is_not_an_increase(plan):
    f = rate(plan, 111, staff("勞動局", 2, 10), previous={"勞動局": RateFact(10, 2)})
    assert f.status == "unmet" and "未較前一年度提升" in f.detail
