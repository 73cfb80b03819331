"""陸、一: readable cases — the measures a unit recorded in, the findings out. No database."""

from datetime import date

from mainstream.evaluation.engine import Context
from mainstream.measures.rules import MeasureFact, MeasuresFacts, categories, items


def facts(*rows):
    """rows: (unit, category, item, title)"""
    return MeasuresFacts(tuple(MeasureFact(u, t, c, i) for u, c, i, t in rows))


def finding(rule, ctx, records, unit):
    return next(f for f in rule(records, ctx) if f.subject == unit)


def test_group_a_with_five_categories_and_seven_items_meets_both(plan):
    ctx = Context.for_plan(plan, 110, as_of=date(2022, 1, 10))
    records = facts(
        ("勞動局", 1, 2, "育兒友善"),
        ("勞動局", 1, 4, "男性育嬰"),
        ("勞動局", 2, 3, "KPI 分設男女"),
        ("勞動局", 3, 2, "補助工會"),
        ("勞動局", 4, 1, "哺集乳室"),
        ("勞動局", 5, 1, "講座"),
        ("勞動局", 5, 3, "婦女節"),
    )
    cat = finding(categories, ctx, records, "勞動局")
    assert (cat.status, cat.actual, cat.required, cat.clause) == ("met", 5, 5, "陸、一、(一)")
    num = finding(items, ctx, records, "勞動局")
    assert (num.status, num.actual, num.required) == ("met", 7, 7)


def test_group_a_with_seven_items_in_four_categories_misses_categories(plan):
    ctx = Context.for_plan(plan, 110, as_of=date(2022, 1, 10))
    records = facts(*[("勞動局", c, 1, f"措施{n}") for n, c in enumerate([1, 1, 2, 2, 3, 3, 4])])
    assert finding(categories, ctx, records, "勞動局").status == "unmet"
    assert finding(items, ctx, records, "勞動局").status == "met"


def test_group_b_needs_four_categories_and_five_items(plan):
    ctx = Context.for_plan(plan, 110, as_of=date(2022, 1, 10))
    records = facts(("工務局", 3, 1, "a"), ("工務局", 4, 1, "b"), ("工務局", 2, 3, "c"), ("工務局", 5, 2, "d"))
    f = finding(items, ctx, records, "工務局")
    assert (f.status, f.actual, f.required, f.clause) == ("unmet", 4, 5, "陸、一、(二)")
    assert finding(categories, ctx, records, "工務局").status == "met"


def test_d_needs_five_items_but_d1_and_e1_need_three(plan):
    ctx = Context.for_plan(plan, 110, as_of=date(2022, 1, 10))
    three = facts(*[(u, c, 1, f"{u}{c}") for u in ("圖書館", "松山區公所", "財政局") for c in (1, 2, 5)])
    assert finding(items, ctx, three, "圖書館").status == "unmet"
    assert finding(items, ctx, three, "松山區公所").status == "met"
    assert finding(items, ctx, three, "財政局").status == "met"
    assert finding(items, ctx, three, "財政局").clause == "陸、一、(五)"


def test_a_shortfall_is_in_progress_until_the_year_closes(plan):
    records = facts(("勞動局", 1, 1, "a"))
    during = Context.for_plan(plan, 111, as_of=date(2022, 10, 31))
    after = Context.for_plan(plan, 111, as_of=date(2023, 1, 1))
    assert finding(items, during, records, "勞動局").status == "in_progress"
    assert finding(items, after, records, "勞動局").status == "unmet"


def test_the_urban_planning_commission_is_not_applicable(plan):
    """參、三、(三): 都委會 has no measures duty."""
    ctx = Context.for_plan(plan, 110)
    f = finding(items, ctx, facts(), "都委會")
    assert f.status == "not_applicable"


def test_every_unit_of_the_plan_gets_a_finding(plan):
    ctx = Context.for_plan(plan, 110)
    subjects = {f.subject for f in categories(facts(), ctx)}
    assert subjects == {u.short for u in plan.executing_units()}
