"""The engine's status logic, independent of any tool: windows and the as-of date."""

from datetime import date

from mainstream.evaluation.engine import Context


def test_a_one_year_window_closes_at_the_end_of_the_year(plan):
    assert Context.for_plan(plan, 110, as_of=date(2021, 12, 31)).judge(False, "measures.items", "A") == "in_progress"
    assert Context.for_plan(plan, 110, as_of=date(2022, 1, 1)).judge(False, "measures.items", "A") == "unmet"
    assert Context.for_plan(plan, 110, as_of=date(2021, 6, 1)).judge(True, "measures.items", "A") == "met"


def test_a_two_year_duty_is_judged_over_its_window(plan):
    """statistics.new_indicator counts 109–110 and 111–112 (伍、三、(二)、2、A)."""
    ctx = Context.for_plan(plan, 111, as_of=date(2023, 3, 1))
    assert ctx.window("statistics.new_indicator", "A") == (111, 112)
    assert ctx.judge(False, "statistics.new_indicator", "A") == "in_progress"
    assert Context.for_plan(plan, 110, as_of=date(2022, 3, 1)).judge(False, "statistics.new_indicator", "A") == "unmet"
