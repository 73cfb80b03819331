"""主計處's yearly review of the indicator list (伍、三、(二)、1、A): 「編製臺北市性別統計指標項目並按年檢討修訂」."""

from __future__ import annotations

from datetime import date

from mainstream.evaluation.engine import Context
from mainstream.statistics.rules import IndicatorFact, ReviewFacts, yearly_review


def verdict(plan, facts: ReviewFacts, as_of: date):
    findings = list(yearly_review(facts, Context.for_plan(plan, 110, as_of=as_of)))
    assert [f.units for f in findings] == [("主計處",)]  # 主計處 only
    return findings[0]


def test_an_entry_added_in_the_year_shows_the_list_was_revised(plan):
    facts = ReviewFacts(added=(IndicatorFact("勞動局", "subclass", "失業率 › 年齡", date(2021, 12, 31)),))
    f = verdict(plan, facts, date(2022, 1, 10))
    assert (
        f.status == "met"
        and f.detail == "110 年臺北市性別統計指標項目檢討修訂：新增指標、項目或複分類 1 項（最近 110/12/31）"
    )


def test_a_table_revision_imported_in_the_year_counts_too(plan):
    f = verdict(plan, ReviewFacts(revisions=(("G0101", date(2021, 5, 3)),)), date(2022, 1, 10))
    assert f.status == "met" and "統計表更新 1 次（最近 110/05/03）" in f.detail


def test_nothing_revised_is_in_progress_while_the_year_is_open_and_unmet_after(plan):
    assert verdict(plan, ReviewFacts(), date(2021, 6, 30)).status == "in_progress"
    f = verdict(plan, ReviewFacts(), date(2022, 1, 1))
    assert f.status == "unmet" and f.detail.endswith("尚無修訂紀錄")


def test_a_revision_after_the_as_of_date_does_not_count_yet(plan):
    facts = ReviewFacts(added=(IndicatorFact("勞動局", "item", "就業者", date(2021, 9, 1)),))
    assert verdict(plan, facts, date(2021, 8, 31)).status == "in_progress"
