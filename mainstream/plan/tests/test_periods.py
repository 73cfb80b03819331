"""Plan periods and amendments: every year is judged by the plan in force for it, a new plan is loaded as a file.

The successor here is derived from the bundled file the way the office is told to write one (docs/plan-successor.md):
a copy with the new period, the yearly lead units moved on, and one quota changed (職工 per year 1000 → 1200).
"""

from __future__ import annotations

import json
import re
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from mainstream.evaluation.services import context_build
from mainstream.plan.loader import DEFAULT_PLAN
from mainstream.plan.models import PlanVersion
from mainstream.plan.selectors import YearNotCovered, plan_in_force, plan_years
from mainstream.units.models import Unit

BUNDLED = DEFAULT_PLAN.read_text(encoding="utf-8")


def successor(text: str = BUNDLED, *, per_year: int = 1200) -> str:
    """113–116: the bundled plan four years on, with 職工 per_year changed."""
    out = text.replace('id: "109-112"', 'id: "113-116"').replace(
        "period: {start: 109, end: 112}", "period: {start: 113, end: 116}"
    )
    out = re.sub(r"\b(109|110|111|112): ", lambda m: f"{int(m.group(1)) + 4}: ", out)
    out = re.sub(r"\b(first|last): (109|110|111|112)\b", lambda m: f"{m.group(1)}: {int(m.group(2)) + 4}", out)
    assert "per_year: 1000" in out
    return out.replace("per_year: 1000", f"per_year: {per_year}")


def _write(tmp_path: Path, name: str, text: str) -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def _run(*args: str) -> str:
    out = StringIO()
    call_command(*args, stdout=out, stderr=StringIO())
    return out.getvalue()


def _evaluate(year: int, *rules: str) -> str:
    args = ["evaluate", "--year", str(year), "--as-of", f"{year + 1}/06/30", "--format", "json"]
    for rule in rules:
        args += ["--rule", rule]
    return _run(*args)


@pytest.mark.django_db(transaction=True)
def test_a_successor_judges_its_years_and_110_stays_byte_for_byte(tmp_path):
    """Done when: 110 keeps the 109–112 values, 113 takes the successor's; 108 and 117 are refused (exit 2)."""
    call_command("setup", demo=True, stdout=StringIO())
    before = _evaluate(110)
    assert len(json.loads(before)) > 500  # the demo's findings of every duty of every unit

    out = _run("plan", "add", _write(tmp_path, "plan-113-116.yaml", successor()))
    assert "113-116 第 1 版" in out and "113–116" in out

    assert _evaluate(110) == before  # byte for byte
    workers_110 = json.loads(_evaluate(110, "training.workers"))[0]
    workers_113 = json.loads(_evaluate(113, "training.workers"))[0]
    assert workers_110["required"] == 1000
    assert workers_113["required"] == 1200 and "1200" in workers_113["detail"]
    for year in (108, 117):
        with pytest.raises(CommandError) as err:
            _evaluate(year)
        assert err.value.returncode == 2
        assert f"{year} 年" in str(err.value) and "109–112" in str(err.value) and "113–116" in str(err.value)
    listing = _run("plan", "list")
    assert "109-112" in listing and "113-116" in listing and "113–116 年" in listing


@pytest.mark.django_db
def test_a_bad_plan_file_is_refused_with_line_and_field_and_nothing_is_stored(tmp_path):
    call_command("setup", stdout=StringIO())
    stored = PlanVersion.objects.count()
    bad = successor().replace("  measures.items:\n    tool: measures", "  measures.items:\n    tool: measurez")
    line = bad[: bad.index("tool: measurez")].count("\n") + 1
    with pytest.raises(CommandError) as err:
        _run("plan", "add", _write(tmp_path, "bad.yaml", bad))
    assert err.value.returncode == 1
    assert f"bad.yaml:{line}: duties.measures.items.tool: unknown tool 'measurez'" in str(err.value)
    assert PlanVersion.objects.count() == stored


@pytest.mark.django_db
def test_a_file_lacking_a_parameter_the_code_reads_is_refused(tmp_path):
    old = re.sub(r"\n      late_notice_hours: 24[^\n]*", "", successor())
    line = old[: old.index("  mechanism.taskforce.meetings:")].count("\n") + 1
    with pytest.raises(
        CommandError,
        match=rf"old\.yaml:{line}: duties\.mechanism\.taskforce\.meetings\.params: 缺少參數 late_notice_hours",
    ):
        _run("plan", "add", _write(tmp_path, "old.yaml", old))
    assert not PlanVersion.objects.filter(plan_id="113-116").exists()


@pytest.mark.django_db
def test_a_file_stored_before_a_new_parameter_takes_the_bundled_value(tmp_path):
    """A release adds a parameter; a successor stored by an earlier release lacks it and is still judged."""
    import hashlib

    call_command("setup", stdout=StringIO())
    old = re.sub(r"\n      late_notice_hours: 24[^\n]*", "", successor())
    PlanVersion.objects.create(
        plan_id="113-116",
        version=1,
        title="t",
        start=113,
        end=116,
        effective_from=113,
        text=old,
        sha256=hashlib.sha256(old.encode()).hexdigest(),
        source="old.yaml",
    )  # as an earlier release stored it
    plan = plan_in_force(113)
    assert plan.param("mechanism.taskforce.meetings", "late_notice_hours", "A", 113) == 24
    assert plan.param("training.workers", "per_year", None, 113) == 1200  # its own values kept


@pytest.mark.django_db
def test_overlapping_periods_are_refused_unless_the_later_amends_the_earlier(tmp_path):
    call_command("setup", stdout=StringIO())
    overlapping = BUNDLED.replace('id: "109-112"', 'id: "111-114"').replace(
        "period: {start: 109, end: 112}", "period: {start: 111, end: 114}"
    )
    overlapping = re.sub(r"\b109: [^,}]+, 110: [^,}]+, ", "", overlapping)  # lead units from 111 on
    with pytest.raises(CommandError, match=r"p\.yaml:15: plan\.period: 期間 111–114 與計畫 109-112（109–112）重疊"):
        _run("plan", "add", _write(tmp_path, "p.yaml", overlapping))
    amending = overlapping.replace('  id: "111-114"\n', '  id: "111-114"\n  amends: "109-112"\n')
    amending = amending.replace("per_year: 1000", "per_year: 900")
    _run("plan", "add", _write(tmp_path, "p.yaml", amending))
    assert plan_in_force(110).id == "109-112"
    assert plan_in_force(111).id == "111-114"
    assert plan_in_force(111).param("training.workers", "per_year", None, 111) == 900
    assert plan_years() == [109, 110, 111, 112, 113, 114]


@pytest.mark.django_db
def test_a_new_version_takes_effect_from_the_year_it_says(tmp_path):
    call_command("setup", stdout=StringIO())
    amended = BUNDLED.replace("per_year: 1000", "per_year: 1100")
    with pytest.raises(CommandError, match="plan.effective_from"):
        _run("plan", "add", _write(tmp_path, "v2.yaml", amended))
    amended = amended.replace(
        "  period: {start: 109, end: 112}\n", "  period: {start: 109, end: 112}\n  effective_from: 111\n"
    )
    out = _run("plan", "add", _write(tmp_path, "v2.yaml", amended))
    assert "109-112 第 2 版" in out
    assert _run("plan", "add", _write(tmp_path, "v2.yaml", amended)).startswith("109-112@2 已載入相同內容")
    assert plan_in_force(110).version == 1
    assert plan_in_force(111).version == 2
    assert plan_in_force(111).param("training.workers", "per_year", None, 111) == 1100
    diff = _run("plan", "diff", "109-112@1", "109-112@2")
    assert "~ training.workers.per_year（伍、二、(一)、4）：1000 → 1100" in diff
    assert "plan.effective_from：109 → 111" in diff


@pytest.mark.django_db
def test_diff_names_duties_added_and_removed_and_each_changed_parameter(tmp_path):
    text = successor()
    text = text.replace("  measures.categories:\n", "  measures.kinds:\n")  # one duty renamed: removed + added
    text = text.replace("min_items: {A: 7,", "min_items: {A: 8,")
    text = text.replace("  statistics: [主計處]\n", "  statistics: [主計處, 研考會]\n")
    out = _run("plan", "diff", str(DEFAULT_PLAN), _write(tmp_path, "s.yaml", text))
    assert "~ plan.period：109–112 → 113–116" in out
    assert "- 刪除應辦事項 measures.categories" in out
    assert "+ 新增應辦事項 measures.kinds" in out
    assert "~ measures.items.min_items[A]（陸、一、(一)）：7 → 8" in out
    assert "~ training.workers.per_year（伍、二、(一)、4）：1000 → 1200" in out
    assert "~ oversight.statistics（參、二）：主計處 → 主計處、研考會" in out
    assert "lead" not in out  # the lead units moved with the period: not a parameter


@pytest.mark.django_db
def test_a_unit_that_moves_group_keeps_its_old_group_in_past_years(tmp_path):
    call_command("setup", stdout=StringIO())
    text = successor()
    library = "      - {short: 圖書館, full: 臺北市立圖書館, level: 二級, aliases: [市立圖書館]}\n"
    assert library in text
    text = text.replace(library, "")
    text = text.replace(
        "      - {short: 都發局, full: 臺北市政府都市發展局, level: 一級, aliases: [都市發展局]}\n",
        "      - {short: 都發局, full: 臺北市政府都市發展局, level: 一級, aliases: [都市發展局]}\n" + library,
    )
    _run("plan", "add", _write(tmp_path, "s.yaml", text))
    assert context_build(year=110).unit("圖書館").group == "D"
    assert context_build(year=113).unit("圖書館").group == "A"
    call_command("setup", stdout=StringIO())  # every plan synced again, earliest first
    amended = BUNDLED.replace(
        "  period: {start: 109, end: 112}\n", "  period: {start: 109, end: 112}\n  effective_from: 112\n"
    )
    _run("plan", "add", _write(tmp_path, "v2.yaml", amended.replace("per_year: 1000", "per_year: 999")))
    assert context_build(year=110).unit("圖書館").group == "D"
    assert context_build(year=113).unit("圖書館").group == "A"
    assert Unit.objects.get(short_name="圖書館").group.code == "A"  # the registry's current group: the latest plan's


@pytest.mark.django_db
def test_each_reward_round_is_scored_by_the_criteria_of_its_plan(tmp_path):
    from mainstream.reports.rewards import criteria_for_round, rounds_known

    call_command("setup", stdout=StringIO())
    text = successor().replace("budget: 5, measures: 20}", "budget: 5, measures: 25}")
    _run("plan", "add", _write(tmp_path, "s.yaml", text))
    assert [r.key for r in rounds_known()] == ["109-110", "111-112", "113-114", "115-116"]
    assert criteria_for_round("111-112").weights["measures"] == 20
    assert criteria_for_round("113-114").weights["measures"] == 25
    with pytest.raises(LookupError):
        criteria_for_round("120-121")


@pytest.mark.django_db
def test_a_page_for_a_year_no_plan_covers_says_so(client, make_user):
    client.force_login(make_user("admin"))
    page = client.get(reverse("evaluation:scorecard") + "?year=117")
    assert page.status_code == 404
    text = page.content.decode()
    assert "117 年不在任何計畫的期間內" in text and "109–112" in text


def test_year_not_covered_names_the_year_and_the_periods():
    err = YearNotCovered(117, ["109-112（109–112 年）", "113-116（113–116 年）"])
    assert (
        str(err)
        == "117 年不在任何計畫的期間內，無法依計畫考核。已知計畫期間：109-112（109–112 年）、113-116（113–116 年）"
    )
