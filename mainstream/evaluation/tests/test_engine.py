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


def test_subjects_are_units_or_a_whole_group_as_the_plan_counts_them(plan):
    """analysis.count: D1 is judged as one group (伍、四、(二)、2、A); E1 over 111–112; 都委會 not at all."""
    subjects = {s.name: s for s in Context.for_plan(plan, 111).subjects("analysis.count")}
    d1 = subjects["D1組"]
    assert (d1.type, len(d1.units), d1.span) == ("group", 12, "111 年")
    assert "松山區公所" not in subjects
    assert subjects["財政局"].span == "111–112 年"
    assert subjects["勞動局"].units == ("勞動局",)
    assert not subjects["都委會"].applies
