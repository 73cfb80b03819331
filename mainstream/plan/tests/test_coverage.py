"""The obligations file (issue 11): every quote is the plan's own words, every rule it names is registered and every
registered rule covers some obligation, every record is a model, every interpretation is written in docs/."""

from __future__ import annotations

import json

import pytest
from django.apps import apps
from django.core.management import call_command
from django.core.management.base import CommandError

from mainstream.evaluation.engine import discover_rules
from mainstream.plan.coverage import (
    KINDS,
    CoverageError,
    coverage_load,
    interpretations_load,
    normalise,
    plan_text_path,
)
from mainstream.plan.loader import bundled_plan

COV = coverage_load("109-112")
PLAN_TEXT = normalise(plan_text_path("109-112").read_text(encoding="utf-8"))


def test_obligations_file_is_tied_to_the_bundled_plan():
    assert COV.plan == bundled_plan().id
    assert len(COV.obligations) >= 76  # an independent reading found 76; this reading splits some further


@pytest.mark.parametrize("ob", COV.obligations, ids=lambda o: o.id)
def test_quote_is_the_plans_own_words(ob):
    assert normalise(ob.quote) in PLAN_TEXT, f"{ob.id}: 「{ob.quote}」不是計畫原文"


def test_a_quote_not_in_the_plan_is_caught():
    assert normalise("各機關每年召開會議 5 次") not in PLAN_TEXT


def test_every_named_rule_is_registered():
    registered = set(discover_rules())
    unknown = {(o.id, r) for o in COV.obligations for r in o.rules if r not in registered}
    assert not unknown


def test_every_registered_rule_covers_some_obligation():
    """A new rule must say which obligation of the plan it judges."""
    missing = set(discover_rules()) - COV.rule_ids()
    assert not missing, f"規則未對應任何應辦義務：{sorted(missing)}"


def test_every_record_is_a_model():
    for ob in COV.obligations:
        for record in ob.records:
            app_label, model = record.split(".")
            assert apps.get_model(app_label, model) is not None, (ob.id, record)


def test_every_interpretation_anchor_exists_in_docs():
    anchors = {i.anchor for i in interpretations_load()}
    assert len(anchors) >= 15
    used = {o.interpretation for o in COV.obligations if o.interpretation}
    assert used <= anchors, used - anchors


def test_kinds_carry_what_they_need():
    for ob in COV.obligations:
        assert ob.kind in KINDS
        assert ob.bound, ob.id
        if ob.kind in ("partial", "cannot"):
            assert ob.note, ob.id


def test_convener_is_judged_by_its_rule_with_its_interpretation():
    ob = next(o for o in COV.obligations if o.id == "convener")
    assert ob.kind == "rule" and ob.rules == ("mechanism.taskforce.convener",)
    assert ob.interpretation == "convener"


def test_bad_file_is_refused(tmp_path, monkeypatch):
    import mainstream.plan.coverage as coverage

    (tmp_path / "obligations-x.yaml").write_text(
        "plan: x\nobligations:\n  - {id: a, clause: 伍, quote: q, bound: [A], kind: rule}\n", encoding="utf-8"
    )
    monkeypatch.setattr(coverage, "DATA", tmp_path)
    with pytest.raises(CoverageError, match="須列出規則"):
        coverage.coverage_load("x")
    with pytest.raises(CoverageError, match="查無"):
        coverage.coverage_load("../etc")


def test_command_json_fields_and_summary(capsys):
    call_command("plan", "coverage", "--format", "json")
    data = json.loads(capsys.readouterr().out)
    assert data["plan"] == "109-112"
    first = data["obligations"][0]
    assert list(first) == ["id", "clause", "quote", "bound", "kind", "rules", "records", "note", "interpretation"]
    assert data["summary"]["total"] == len(data["obligations"]) == len(COV.obligations)
    assert sum(data["summary"][k] for k in KINDS) == data["summary"]["total"]


def test_command_table_lists_each_obligation_and_counts(capsys):
    call_command("plan", "coverage")
    out = capsys.readouterr().out
    assert "mechanism.taskforce.convener" in out
    assert "「全體委員須符合三分之一性別比例原則」" in out
    counts = COV.counts()
    assert f"規則判定 {counts['rule']} 項" in out and f"共 {len(COV.obligations)} 項" in out


def test_command_unknown_plan_fails():
    with pytest.raises(CommandError, match="查無計畫"):
        call_command("plan", "coverage", "--plan", "999-999")


def test_the_special_units_duties_are_the_plan_files():
    ob = next(o for o in COV.obligations if o.id == "special-unit-duties")
    unit = bundled_plan().units["都委會"]
    assert set(ob.rules) == set(unit.duties or ())
