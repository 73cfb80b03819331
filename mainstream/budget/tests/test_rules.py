"""伍、六: readable cases — the gender budget submissions in, the finding out. No database.

Each submission: (unit, budget year, submitted on, number of lines, total NT$).
"""

from datetime import date
from decimal import Decimal

from mainstream.budget.rules import BudgetFacts, SubmissionFact, submitted
from mainstream.evaluation.engine import Context


def facts(*rows):
    """rows: (unit, year, submitted_on, lines, total)"""
    return BudgetFacts(tuple(SubmissionFact(u, y, d, n, Decimal(t)) for u, y, d, n, t in rows))


def finding(ctx, records, subject):
    return next(f for f in submitted(records, ctx) if f.subject == subject)


def test_a_unit_that_submitted_meets(plan):
    ctx = Context.for_plan(plan, 110, as_of=date(2022, 1, 10))
    records = facts(("勞動局", 110, date(2020, 8, 15), 3, 12_500_000))  # submitted 109/08/15
    f = finding(ctx, records, "勞動局")
    assert (f.status, f.actual, f.required, f.clause) == ("met", 1, 1, "伍、六")
    assert "109/08/15 提交" in f.detail and "12,500,000" in f.detail


def test_no_submission_is_unmet_after_the_year(plan):
    ctx = Context.for_plan(plan, 110, as_of=date(2022, 1, 10))
    f = finding(ctx, facts(), "勞動局")
    assert (f.status, f.actual) == ("unmet", 0)


def test_no_submission_yet_is_in_progress_during_the_year(plan):
    ctx = Context.for_plan(plan, 111, as_of=date(2022, 10, 31))  # 111/10/31
    assert finding(ctx, facts(), "勞動局").status == "in_progress"


def test_a_submission_for_another_year_does_not_count(plan):
    ctx = Context.for_plan(plan, 111, as_of=date(2023, 1, 10))
    records = facts(("勞動局", 110, date(2020, 8, 15), 3, 100))
    assert finding(ctx, records, "勞動局").status == "unmet"


def test_a_submission_after_the_as_of_date_does_not_count_yet(plan):
    ctx = Context.for_plan(plan, 111, as_of=date(2022, 3, 1))
    records = facts(("勞動局", 111, date(2022, 4, 1), 1, 100))
    assert finding(ctx, records, "勞動局").status == "in_progress"


def test_d_and_d1_are_not_applicable_and_the_others_are_due(plan):
    ctx = Context.for_plan(plan, 110, as_of=date(2022, 1, 10))
    by_group: dict[str, set[str]] = {}
    for f in submitted(facts(), ctx):
        by_group.setdefault(f.group, set()).add(f.status)
    assert by_group["D"] == {"not_applicable"}
    assert by_group["D1"] == {"not_applicable"}
    for group in ("A", "B", "B1", "C", "C1", "C2", "E1"):
        assert by_group[group] == {"unmet"}, group


def test_the_urban_planning_commission_must_submit_its_own(plan):
    # 參、三、(三): 都委會's few duties include 編列性別預算
    ctx = Context.for_plan(plan, 110, as_of=date(2022, 1, 10))
    records = facts(("都發局", 110, date(2020, 8, 15), 2, 500))
    assert finding(ctx, records, "都委會").status == "unmet"
    records = facts(("都委會", 110, date(2020, 8, 20), 1, 80_000))
    assert finding(ctx, records, "都委會").status == "met"
