"""The plan file: the shipped one is complete, and a broken one is refused with file, line and field."""

from pathlib import Path

import pytest

from mainstream.plan.loader import DEFAULT_PLAN, PlanError, load_plan, parse_plan

SHIPPED = DEFAULT_PLAN.read_text(encoding="utf-8")


def test_the_shipped_plan_holds_the_registry_of_3_3():
    plan = load_plan()
    assert list(plan.groups) == ["A", "B", "B1", "C", "C1", "C2", "D", "D1", "E1"]
    assert plan.groups["A"].units[:2] == ("勞動局", "社會局")
    assert len(plan.groups["A"].units) == 11
    assert len(plan.groups["D1"].units) == 12
    assert plan.groups["D1"].units[-1] == "北投區公所"
    assert plan.unit_by_name("臺北市政府勞動局").short == "勞動局"
    assert plan.unit_by_name("觀光傳播局").short == "觀傳局"
    assert plan.office.short == "性平辦"
    assert plan.oversight["training"] == ("人事處", "公訓處", "秘書處", "觀傳局")


def test_uc_is_attached_to_udd_with_only_its_special_duties():
    """參、三、(三): 都委會 only needs a liaison, training and a gender budget."""
    plan = load_plan()
    special = plan.units["都委會"]
    assert special.attached_to == "都發局"
    assert plan.applies(special, "mechanism.liaisons")
    assert not plan.applies(special, "measures.items")
    assert plan.applies(plan.units["勞動局"], "measures.items")


def test_six_measure_categories_with_their_25_items():
    plan = load_plan()
    assert [len(c.items) for c in plan.measure_categories] == [4, 5, 4, 4, 5, 3]
    assert plan.measure_categories[0].clause == "陸、二、(一)"


def test_quotas_are_per_group_with_their_clause():
    plan = load_plan()
    assert plan.param("measures.categories", "min_categories", "A", 110) == 5
    assert plan.param("measures.items", "min_items", "D", 110) == 5
    assert plan.duty("measures.categories").clause_for("A") == "陸、一、(一)"
    assert plan.duty("measures.categories").clause_for("E1") == "陸、一、(五)"


def test_a_rolling_amendment_is_a_dated_entry():
    text = SHIPPED.replace(
        "min_items: {A: 7,", "min_items: {A: [{from: 109, value: 7}, {from: 111, value: 8, clause: 拾}],"
    )
    plan = parse_plan(text)
    assert plan.param("measures.items", "min_items", "A", 110) == 7
    assert plan.param("measures.items", "min_items", "A", 111) == 8
    assert plan.duty("measures.items").params["min_items"].at("A", 112).clause == "拾"


def _line_of(text: str, needle: str) -> int:
    return text[: text.index(needle)].count("\n") + 1


def test_an_unknown_group_is_named_with_its_line():
    """Groups come from the file: a parameter naming a group the file does not declare is an error, with its line."""
    text = SHIPPED.replace("min_items: {A: 7, B: 5,", "min_items: {A: 7, B9: 5,")
    with pytest.raises(PlanError) as err:
        parse_plan(text, source="bad.yaml")
    assert f"bad.yaml:{_line_of(text, 'min_items: {A: 7, B9')}:" in str(err.value)
    assert "duties.measures.items.params.min_items" in str(err.value)
    assert "B9" in str(err.value)


def test_the_groups_are_the_files_own():
    """No fixed list of group codes: a successor may rename or add groups."""
    text = SHIPPED.replace("  - code: B\n", "  - code: B2\n").replace("B: ", "B2: ")
    plan = parse_plan(text)
    assert "B2" in plan.groups and "B" not in plan.groups
    assert plan.param("measures.items", "min_items", "B2", 110) == 5


def test_a_duty_of_an_unknown_tool_is_refused():
    text = SHIPPED.replace("  measures.items:\n    tool: measures", "  measures.items:\n    tool: measurez")
    with pytest.raises(PlanError, match=r"duties\.measures\.items\.tool: unknown tool 'measurez'"):
        parse_plan(text)


def test_a_missing_field_is_named():
    text = SHIPPED.replace("    title: 推展性別平等工作策略及具體措施項數\n", "")
    with pytest.raises(PlanError, match=r"duties\.measures\.items: missing field 'title'"):
        parse_plan(text)


def test_a_dated_entry_outside_the_period_is_refused():
    text = SHIPPED.replace("min_items: {A: 7,", "min_items: {A: [{from: 120, value: 8}],")
    with pytest.raises(PlanError, match="outside the plan period"):
        parse_plan(text)


def test_no_quota_is_written_in_python_rules():
    """The plan is data: rule modules read quotas from the plan file, never a literal."""
    root = Path(__file__).resolve().parents[2]
    for rules in root.glob("*/rules.py"):
        source = rules.read_text(encoding="utf-8")
        for quota in ("min_categories", "min_items", "min_total"):
            assert f"{quota} =" not in source, rules


def test_every_declared_parameter_is_read_by_some_code():
    """A parameter the plan file declares but no code reads is either used or removed (plan check warns of keys)."""
    root = Path(__file__).resolve().parents[2]
    sources = "\n".join(
        p.read_text(encoding="utf-8")
        for p in [*root.rglob("*.py"), *root.rglob("*.html")]
        if "tests" not in p.parts and "plan" not in p.relative_to(root).parts[:1]
    )
    unread = [
        f"{duty.id}.{name}"
        for duty in load_plan().duties.values()
        for name in duty.params
        if f'"{name}"' not in sources and f"'{name}'" not in sources
    ]
    assert unread == []


def test_no_group_code_is_written_in_code():
    """The groups are the plan file's own: code and templates never name one (demo data and tests may)."""
    import re

    root = Path(__file__).resolve().parents[2]
    codes = "|".join(re.escape(c) for c in load_plan().groups)
    pattern = re.compile(rf"""(group|code)\W{{0,3}}\s*[!=]=\s*["']({codes})["']|["'](B1|C1|C2|D1|E1)["']""")
    found = [
        f"{p.relative_to(root)}:{n}"
        for p in [*root.rglob("*.py"), *root.rglob("*.html")]
        if not ({"tests", "migrations"} & set(p.parts)) and p.name not in ("demo.py", "bench.py")
        for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1)
        if pattern.search(line)
    ]
    assert found == []
