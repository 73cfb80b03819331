"""伍、三、(二)、2、A: readable cases — the catalogue entries a unit added in, the finding out. No database.

Each entry: (unit, kind, name, date added). Windows are two years aligned to the plan: 109–110, 111–112.
Dates are AD in code; the comments give them in ROC.
"""

from datetime import date

from mainstream.evaluation.engine import Context
from mainstream.statistics.rules import IndicatorFact, StatisticsFacts, new_indicator


def facts(*rows):
    """rows: (unit, kind, name, added_on)"""
    return StatisticsFacts(tuple(IndicatorFact(u, k, n, d) for u, k, n, d in rows))


def finding(ctx, records, subject):
    return next(f for f in new_indicator(records, ctx) if f.subject == subject)


AFTER_110 = date(2022, 1, 10)  # 111/01/10: the 109–110 window is closed


def test_an_indicator_added_in_109_counts_for_110(plan):
    ctx = Context.for_plan(plan, 110, as_of=AFTER_110)
    records = facts(("勞動局", "indicator", "職災勞工人數", date(2020, 5, 4)))  # 109/05/04
    f = finding(ctx, records, "勞動局")
    assert (f.status, f.actual, f.required, f.clause, f.subject_type) == ("met", 1, 1, "伍、三、(二)、2、A", "unit")
    assert "109–110 年" in f.detail
    assert "職災勞工人數" in f.evidence[0].label


def test_a_sub_classification_counts_like_an_indicator(plan):
    ctx = Context.for_plan(plan, 110, as_of=AFTER_110)
    records = facts(("社會局", "subclass", "身心障礙者人數 › 年齡", date(2021, 3, 1)))  # 110/03/01
    f = finding(ctx, records, "社會局")
    assert (f.status, f.actual) == ("met", 1)
    assert "複分類 1" in f.detail


def test_nothing_added_in_the_window_is_unmet_once_it_closed(plan):
    ctx = Context.for_plan(plan, 110, as_of=AFTER_110)
    records = facts(("勞動局", "indicator", "舊指標", date(2019, 12, 31)))  # 108/12/31: before the period
    f = finding(ctx, records, "勞動局")
    assert (f.status, f.actual, f.required) == ("unmet", 0, 1)


def test_as_of_inside_the_window_is_in_progress(plan):
    # 110/06/30: the 109–110 window is still open, nothing added yet
    ctx = Context.for_plan(plan, 110, as_of=date(2021, 6, 30))
    f = finding(ctx, facts(), "勞動局")
    assert (f.status, f.actual) == ("in_progress", 0)
    # evaluated for 109 at the end of 109, the same window is still open
    ctx109 = Context.for_plan(plan, 109, as_of=date(2020, 12, 31))
    assert finding(ctx109, facts(), "勞動局").status == "in_progress"


def test_an_entry_dated_after_the_as_of_date_does_not_count_yet(plan):
    ctx = Context.for_plan(plan, 110, as_of=date(2021, 6, 30))  # 110/06/30
    records = facts(("勞動局", "item", "職災勞工人數 › 職業別", date(2021, 9, 1)))  # 110/09/01
    assert finding(ctx, records, "勞動局").actual == 0


def test_the_next_window_starts_afresh_in_111(plan):
    # added in 110: counts for 109–110, not for 111–112
    records = facts(("勞動局", "indicator", "職災勞工人數", date(2021, 5, 4)))  # 110/05/04
    ctx111 = Context.for_plan(plan, 111, as_of=date(2022, 10, 31))  # 111/10/31
    f = finding(ctx111, records, "勞動局")
    assert (f.status, f.actual) == ("in_progress", 0)
    assert "111–112 年" in f.detail
    ctx112 = Context.for_plan(plan, 112, as_of=date(2024, 1, 10))  # 113/01/10: window closed
    assert finding(ctx112, records, "勞動局").status == "unmet"


def test_another_units_entries_do_not_count(plan):
    ctx = Context.for_plan(plan, 110, as_of=AFTER_110)
    records = facts(("社會局", "indicator", "托育人數", date(2021, 5, 4)))
    assert finding(ctx, records, "勞動局").status == "unmet"


def test_groups_d_and_d1_are_not_applicable(plan):
    ctx = Context.for_plan(plan, 110, as_of=AFTER_110)
    findings = list(new_indicator(facts(), ctx))
    by_group: dict[str, set[str]] = {}
    for f in findings:
        if f.subject != "都委會":  # attached to 都發局 in A, with its own short duty list (below)
            by_group.setdefault(f.group, set()).add(f.status)
    assert by_group["D"] == {"not_applicable"}
    assert by_group["D1"] == {"not_applicable"}
    for group in ("A", "B", "B1", "C", "C1", "C2", "E1"):
        assert by_group[group] == {"unmet"}, group


def test_the_urban_planning_commission_has_no_statistics_duty(plan):
    ctx = Context.for_plan(plan, 110, as_of=AFTER_110)
    assert finding(ctx, facts(), "都委會").status == "not_applicable"


def test_every_unit_gets_one_finding(plan):
    ctx = Context.for_plan(plan, 110, as_of=AFTER_110)
    findings = list(new_indicator(facts(), ctx))
    assert sorted(f.subject for f in findings) == sorted(u.short for u in ctx.units)
