"""伍、一、(一)、1 mechanism.liaisons: readable cases (liaisons in, findings out). No database."""

from datetime import date

from mainstream.evaluation.engine import Context
from mainstream.mechanism.rules import LiaisonFact, LiaisonFacts, liaisons

JOINED = date(2020, 2, 1)


def run(plan, *rows, year=110, as_of=date(2022, 1, 10)):
    """rows: (unit, name, role, joined_circle, left)"""
    ctx = Context.for_plan(plan, year, as_of=as_of)
    records = LiaisonFacts(tuple(LiaisonFact(*r) for r in rows))
    return {f.subject: f for f in liaisons(records, ctx)}


def test_group_a_with_a_staff_officer_and_a_supervisor_in_the_circle_meets(plan):
    f = run(plan, ("勞動局", "王承辦", "staff", JOINED, None), ("勞動局", "李科長", "supervisor", JOINED, None))[
        "勞動局"
    ]
    assert (f.status, f.actual, f.required, f.clause) == ("met", 2, 2, "伍、一、(一)、1")


def test_group_a_without_a_supervisor_is_unmet(plan):
    f = run(plan, ("勞動局", "王承辦", "staff", JOINED, None))["勞動局"]
    assert f.status == "unmet"
    assert "主管 0 人，應有 1 人" in f.detail


def test_a_liaison_outside_the_circle_fails_the_unit(plan):
    f = run(plan, ("社會局", "王承辦", "staff", JOINED, None), ("社會局", "李科長", "supervisor", None, None))["社會局"]
    assert f.status == "unmet"
    assert "未加入性平聯繫圈：李科長" in f.detail


def test_group_d_d1_and_e1_need_only_one(plan):
    found = run(
        plan,
        ("圖書館", "陳主任", "supervisor", JOINED, None),
        ("松山區公所", "林承辦", "staff", JOINED, None),
        ("財政局", "張承辦", "staff", JOINED, None),
    )
    assert found["圖書館"].status == "met"
    assert found["松山區公所"].status == "met"
    assert found["財政局"].status == "met"
    assert found["家庭教育中心"].status == "unmet"


def test_a_liaison_who_left_during_the_year_no_longer_counts(plan):
    f = run(
        plan, ("勞動局", "王承辦", "staff", JOINED, date(2021, 6, 30)), ("勞動局", "李科長", "supervisor", JOINED, None)
    )
    assert f["勞動局"].status == "unmet"


def test_the_urban_planning_commission_needs_one_liaison(plan):
    """參、三、(三): 都委會 only needs a liaison in the circle."""
    assert run(plan, ("都委會", "周承辦", "staff", JOINED, None))["都委會"].status == "met"


def test_before_the_year_ends_a_shortfall_is_in_progress(plan):
    f = run(plan, year=111, as_of=date(2022, 10, 31))["勞動局"]
    assert f.status == "in_progress"
