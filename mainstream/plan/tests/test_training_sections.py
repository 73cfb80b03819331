"""The training sections of the plan file (issue 10 item 3): the five classes of staff (伍、二、(一) 1–5) and the
categories in each, the words rosters use, and how courses are run — validated with line and field, and diffed."""

from __future__ import annotations

from dataclasses import replace

import pytest

from mainstream.plan.diff import plan_diff
from mainstream.plan.loader import DEFAULT_PLAN, PlanError, bundled_plan, parse_plan

SHIPPED = DEFAULT_PLAN.read_text(encoding="utf-8")


def line_of(text: str, needle: str) -> int:
    return text[: text.index(needle)].count("\n") + 1


def test_the_shipped_file_maps_six_categories_to_the_plans_five_classes():
    plan = bundled_plan()
    assert [(c.number, c.categories) for c in plan.staff_classes] == [
        (1, ("general",)),
        (2, ("supervisor",)),
        (3, ("gender_staff",)),
        (4, ("worker",)),
        (5, ("press", "social_editor")),
    ]
    assert plan.staff_category_code("機要人員") == "general"  # 伍、二、(一)、1「含機要人員」
    assert plan.staff_category_code("社群小編") == "social_editor"  # the plan's name of the category
    assert plan.staff_category_code("約聘人員") is None
    assert (plan.course_mode_name("physical"), plan.course_level_name("advanced")) == ("實體", "進階")
    assert plan.course_forms[0] == "講授" and "小旅行或實地踏查" in plan.course_forms


def test_a_category_in_no_class_is_refused_with_its_line():
    text = SHIPPED.replace(
        "categories: [press, social_editor], clause: 伍、二、(一)、5}", "categories: [press], clause: 伍、二、(一)、5}"
    )
    with pytest.raises(PlanError) as err:
        parse_plan(text, source="bad.yaml")
    assert f"bad.yaml:{line_of(text, 'staff_classes:') + 1}: staff_classes:" in str(err.value)  # the list's line
    assert "in none: social_editor" in str(err.value)


def test_an_unknown_category_in_a_class_or_an_alias_is_refused():
    text = SHIPPED.replace(
        "categories: [worker], clause: 伍、二、(一)、4}", "categories: [workers], clause: 伍、二、(一)、4}"
    )
    with pytest.raises(PlanError, match="unknown staff category 'workers'"):
        parse_plan(text, source="bad.yaml")
    text = SHIPPED.replace("  工友: worker\n", "  工友: janitor\n")
    with pytest.raises(PlanError) as err:
        parse_plan(text, source="bad.yaml")
    assert f"bad.yaml:{line_of(text, '工友: janitor')}: staff_category_aliases.工友:" in str(err.value)


def test_a_course_mode_without_a_stored_code_is_refused():
    text = SHIPPED.replace("  digital: 數位\n", "  online: 數位\n")
    with pytest.raises(PlanError, match="missing field 'digital'"):
        parse_plan(text, source="bad.yaml")


def test_plan_check_knows_the_new_sections():
    from mainstream.plan.loader import plan_warnings

    assert plan_warnings(SHIPPED, "plan.yaml") == []
    assert any(
        "staff_classes[0].numbr" in w
        for w in plan_warnings(SHIPPED.replace("{number: 1,", "{numbr: 1, number: 1,"), "p.yaml")
    )


def test_diff_shows_a_class_and_a_course_form_that_changed():
    a = bundled_plan()
    classes = list(a.staff_classes)
    classes[4] = replace(classes[4], name="新聞聯絡人及社群小編")
    b = replace(a, staff_classes=tuple(classes), course_forms=(*a.course_forms, "線上直播"))
    lines = [c.line() for c in plan_diff(a, b)]
    assert any(
        line.startswith("~ staff_classes[5]（伍、二、(一)、5）") and "新聞聯絡人及社群小編" in line for line in lines
    )
    assert any(line.startswith("~ course_forms") and "線上直播" in line for line in lines)
