"""Training rules (伍、二) as readable cases: people and their hours in, findings out. No database."""

from __future__ import annotations

from datetime import date

import pytest

from mainstream.evaluation.engine import Context
from mainstream.training.rules import (
    CourseFact,
    PersonHours,
    RateFact,
    TrainingFacts,
    gender_staff,
    general,
    own_course,
    physical_rate,
    press,
    supervisor,
    workers,
)

GENERAL, SUPERVISOR, GENDER, WORKER, PRESS, EDITOR = (
    "general",
    "supervisor",
    "gender_staff",
    "worker",
    "press",
    "social_editor",
)


def person(unit: str, *categories: str, hours: float = 0, advanced: float = 0, physical: float = 0) -> PersonHours:
    return PersonHours(unit, frozenset(categories), hours, advanced, physical)


@pytest.fixture
def ctx(plan) -> Context:
    return Context.for_plan(plan, 111, as_of=date(2023, 1, 10))  # after the end of 111


def of(findings, unit: str):
    return next(f for f in findings if f.units == (unit,))


def test_general_staff_each_need_three_hours(ctx):
    facts = TrainingFacts(
        people=(
            person("勞動局", GENERAL, hours=3),  # done
            person("勞動局", GENERAL, hours=2.5),  # short by half an hour
            person("勞動局", GENERAL, hours=6),  # done
            person("社會局", GENERAL, hours=3),  # done
        )
    )
    findings = list(general(facts, ctx))
    labor = of(findings, "勞動局")
    assert (labor.status, labor.actual, labor.required) == ("unmet", 2, 3)
    assert "未完成 1 人" in labor.detail and "67%" in labor.detail
    assert of(findings, "社會局").status == "met"
    assert of(findings, "衛生局").status == "unmet"  # nothing imported at all
    assert of(findings, "都委會").status == "unmet"  # 都委會 owes hours too (參、三、(三))


def test_open_year_is_in_progress(plan):
    ctx = Context.for_plan(plan, 111, as_of=date(2022, 6, 30))
    facts = TrainingFacts(people=(person("勞動局", GENERAL, hours=1),))
    assert of(list(general(facts, ctx)), "勞動局").status == "in_progress"


def test_supervisor_who_is_also_press_liaison_counts_the_same_hours_for_both(ctx):
    """伍、二、(一)、5: press hours 可計入前開 1 至 3 類時數 — three hours satisfy both categories."""
    facts = TrainingFacts(
        people=(
            person("觀傳局", SUPERVISOR, PRESS, hours=3),
            person("觀傳局", EDITOR, hours=3),
            person("觀傳局", GENERAL, hours=3),
        )
    )
    assert of(list(supervisor(facts, ctx)), "觀傳局").status == "met"
    found = of(list(press(facts, ctx)), "觀傳局")
    assert (found.status, found.actual, found.required) == ("met", 2, 2)


def test_supervisor_with_two_hours_fails_both_categories(ctx):
    facts = TrainingFacts(people=(person("觀傳局", SUPERVISOR, PRESS, hours=2),))
    assert of(list(supervisor(facts, ctx)), "觀傳局").status == "unmet"
    assert of(list(press(facts, ctx)), "觀傳局").status == "unmet"


def test_gender_staff_need_eighteen_hours_six_advanced(ctx):
    facts = TrainingFacts(
        people=(
            person("社會局", GENDER, hours=18, advanced=5.5),  # 18 hours but only 5.5 advanced: short
            person("勞動局", GENDER, hours=18, advanced=6),  # exactly enough
            person("衛生局", GENDER, hours=17.5, advanced=12),  # advanced enough but 17.5 hours: short
        )
    )
    findings = list(gender_staff(facts, ctx))
    assert of(findings, "社會局").status == "unmet"
    assert "進階 6 小時以上" in of(findings, "社會局").detail
    assert of(findings, "勞動局").status == "met"
    assert of(findings, "衛生局").status == "unmet"


def test_category_absent_from_roster_is_not_applicable(ctx):
    facts = TrainingFacts(people=(person("勞動局", GENERAL, hours=3),))
    assert of(list(press(facts, ctx)), "勞動局").status == "not_applicable"


def test_workers_a_thousand_a_year_or_four_thousand_over_four_years(plan):
    ctx = Context.for_plan(plan, 111, as_of=date(2023, 1, 10))
    enough_this_year = TrainingFacts(workers={111: (3.0,) * 1000})
    found = next(workers(enough_this_year, ctx))
    assert (found.subject_type, found.status, found.actual) == ("government", "met", 1000)
    # 999 this year, physical hours under 3 do not count; the period total 3,999 < 4,000: still open until 112
    short = TrainingFacts(workers={109: (3.0,) * 1500, 110: (3.0,) * 1500, 111: (3.0,) * 999 + (2.5,) * 50})
    found = next(workers(short, ctx))
    assert (found.status, found.actual) == ("in_progress", 999)
    # over four years 4,000: met even though 111 alone was short
    total = TrainingFacts(workers={109: (3.0,) * 2000, 110: (3.0,) * 1500, 111: (3.0,) * 500})
    assert next(workers(total, ctx)).status == "met"
    after = Context.for_plan(plan, 112, as_of=date(2024, 1, 10))
    assert next(workers(TrainingFacts(workers={112: (3.0,) * 10}), after)).status == "unmet"


def test_physical_rate_below_thirty_percent_must_improve_on_the_year_before(ctx):
    staff = [person("勞動局", GENERAL, hours=3, physical=0)] * 8 + [person("勞動局", GENERAL, hours=3, physical=2)] * 2
    facts = TrainingFacts(
        people=tuple(staff)  # 勞動局 20% this year
        + (person("社會局", GENERAL, physical=1),) * 3
        + (person("社會局", GENERAL),) * 7  # 社會局 30%
        + (person("衛生局", GENERAL, physical=1),) * 1
        + (person("衛生局", GENERAL),) * 9,  # 衛生局 10%
        previous_rates={"勞動局": RateFact(10, 1), "衛生局": RateFact(10, 2)},  # 10% and 20% in 110
    )
    findings = list(physical_rate(facts, ctx))
    labor = of(findings, "勞動局")  # below 30% but improved from 10% to 20%
    assert labor.status == "met" and "已逐年提升" in labor.detail
    assert of(findings, "社會局").status == "met"  # 30% reached
    health = of(findings, "衛生局")  # fell from 20% to 10%
    assert health.status == "unmet" and "未較前一年度提升" in health.detail
    assert of(findings, "松山區公所").status == "not_applicable"  # 伍、二、(三)、3
    assert of(findings, "都委會").status == "not_applicable"


def test_own_course_joint_only_where_the_plan_allows(ctx):
    facts = TrainingFacts(
        courses=(
            CourseFact("性別主流化實體課程", organiser="勞動局", joint=("社會局", "主計處", "家庭教育中心", "圖書館")),
            CourseFact("數位課程", organiser="衛生局", physical=False),
            CourseFact("區公所聯合課程", organiser="松山區公所", joint=("信義區公所",)),
        )
    )
    findings = list(own_course(facts, ctx))
    assert of(findings, "勞動局").status == "met"
    assert of(findings, "社會局").status == "unmet"  # A 群 must run its own
    assert of(findings, "主計處").status == "met"  # C 群 may run it jointly
    assert of(findings, "家庭教育中心").status == "met"  # named in 伍、二、(三)、2
    assert of(findings, "圖書館").status == "unmet"  # 圖書館同 A 群
    assert of(findings, "衛生局").status == "unmet"  # an online course is not a physical one
    assert of(findings, "信義區公所").status == "met"  # district offices jointly (伍、二、(三)、3)
    assert of(findings, "都委會").status == "not_applicable"
