"""伍、二、(三)、1 as readable cases: 「公訓處：每年辦理前開（一）受訓時數及訓練重點之 5 類人員課程，尤以後 4 類為重」.

Courses in, 公訓處's finding out. No database. The five classes and which stored categories each takes in are the
plan's ``staff_classes`` (新聞聯絡人 and 社群小編 are both class 5)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from mainstream.evaluation.engine import Context
from mainstream.training.rules import CourseFact, TrainingFacts, institute_all_categories

INSTITUTE = "公訓處"


def course(title: str, *categories: str, organiser: str = INSTITUTE, joint=(), day: date | None = None) -> CourseFact:
    return CourseFact(title, organiser, tuple(joint), True, None, tuple(categories), day)


def judge(plan, courses, *, year: int = 111, as_of: date = date(2023, 1, 10)):
    ctx = Context.for_plan(plan, year, as_of=as_of)
    return list(institute_all_categories(TrainingFacts(courses=tuple(courses)), ctx))


ALL_FIVE = [
    course("性別主流化概論", "general"),
    course("主管性別領導", "supervisor"),
    course("性別影響評估實務（進階）", "gender_staff"),
    course("職工性騷擾防治", "worker"),
    course("媒體文宣性別檢核", "press", "social_editor"),
]


def test_the_five_classes_and_their_categories_are_the_plans(plan):
    assert [c.number for c in plan.staff_classes] == [1, 2, 3, 4, 5]
    assert plan.staff_class_of("press") == plan.staff_class_of("social_editor")
    assert plan.staff_class_of("press").number == 5
    assert plan.param("training.institute_all_categories", "unit", None, 111) == INSTITUTE


def test_courses_for_all_five_classes_meet_the_duty(plan):
    [finding] = judge(plan, ALL_FIVE)
    assert finding.units == (INSTITUTE,)
    assert (finding.status, finding.actual, finding.required) == ("met", 5, 5)
    assert finding.clause == "伍、二、(三)、1"
    assert "第 5 類新聞聯絡人及經營本府社群媒體小編 1 班" in finding.detail
    assert "尤以第 2、3、4、5 類為重" in finding.detail


def test_class_five_is_reached_by_either_of_its_two_categories(plan):
    """「新聞聯絡人及經營本府社群媒體小編」 is one class: a course for 社群小編 alone covers it."""
    courses = [*ALL_FIVE[:4], course("社群小編文案性別平等", "social_editor")]
    [finding] = judge(plan, courses)
    assert finding.status == "met"


def test_a_missing_class_after_the_year_is_unmet_and_named(plan):
    [finding] = judge(plan, ALL_FIVE[:3])  # no course for 職工 nor for class 5
    assert (finding.status, finding.actual, finding.required) == ("unmet", 3, 5)
    assert "尚無第 4、5 類人員之課程" in finding.detail


def test_a_missing_class_while_the_year_is_open_is_in_progress(plan):
    [finding] = judge(plan, ALL_FIVE[:4], as_of=date(2022, 6, 30))
    assert finding.status == "in_progress"


def test_a_course_without_its_categories_counts_for_no_class_and_is_said(plan):
    courses = [*ALL_FIVE[:4], course("性別平等講座")]  # 對象類別 not filled in
    [finding] = judge(plan, courses)
    assert finding.status == "unmet"
    assert "1 班未填對象類別，未計入任何一類" in finding.detail


def test_joint_courses_count_and_other_units_courses_do_not(plan):
    courses = [
        *ALL_FIVE[:4],
        course("媒體識讀", "press", organiser="秘書處", joint=(INSTITUTE,)),  # run jointly with 公訓處: counts
        course("小編工作坊", "social_editor", organiser="觀傳局"),  # 觀傳局's own: not 公訓處's
    ]
    [finding] = judge(plan, courses)
    assert finding.status == "met"
    [alone] = judge(plan, [*ALL_FIVE[:4], courses[-1]])
    assert alone.status == "unmet"


def test_a_course_held_after_the_day_of_evaluation_does_not_count_yet(plan):
    late = course("年底媒體課程", "press", day=date(2022, 12, 1))
    [before] = judge(plan, [*ALL_FIVE[:4], late], as_of=date(2022, 11, 30))
    assert before.status == "in_progress" and "尚無第 5 類" in before.detail
    [after] = judge(plan, [*ALL_FIVE[:4], late], as_of=date(2022, 12, 1))
    assert after.status == "met"


def test_no_finding_when_the_plan_names_no_such_unit_in_force(plan):
    duty = plan.duties["training.institute_all_categories"]
    params = dict(duty.params)
    params["unit"] = replace(
        params["unit"], by_group={"all": (replace(params["unit"].by_group["all"][0], value="無此機關"),)}
    )
    other = replace(plan, duties={**plan.duties, duty.id: replace(duty, params=params)})
    assert judge(other, ALL_FIVE) == []


@pytest.mark.parametrize("year", [109, 112])
def test_every_year_of_the_plan_is_judged_on_its_own(plan, year):
    [finding] = judge(plan, ALL_FIVE, year=year, as_of=date(2024, 1, 1))
    assert finding.status == "met" and finding.subject == INSTITUTE
