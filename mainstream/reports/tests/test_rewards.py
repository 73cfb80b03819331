"""Rewards (捌、一): the criteria are read from the plan file with errors that name line and field, and a
score is made of readable lines. Pure: no database."""

from __future__ import annotations

from types import SimpleNamespace as F

import pytest

from mainstream.plan.loader import PlanError
from mainstream.reports.rewards import UnitRecords, parse_criteria, rank_within_groups, score_unit

CRITERIA = """
rewards:
  clause: 捌、一
  every_years: 2
  rounds:
    - {first: 109, last: 110}
  weights:
    mechanism: 20
    measures: 10
  bonus:
    - {id: extra, kind: measures_beyond_quota, title: 具體措施超過應辦項數, per_item: 1, max: 3}
    - {id: on_time, kind: report_on_time, title: 成果報告如期公告, points: 2, deadline: "06-30"}
    - {id: penalty, kind: penalty, title: 懲處事由, points: -5}
"""
TOOLS = ("mechanism", "measures", "training")
NAMES = {"mechanism": "性別平等機制", "measures": "具體措施"}


def test_the_shipped_plan_file_has_valid_criteria(plan):
    from django.conf import settings

    from mainstream.reports.rewards import criteria_load

    criteria = criteria_load(settings.MAINSTREAM_PLAN_FILE)
    assert [r.key for r in criteria.rounds] == ["109-110", "111-112"]  # 「兩年辦理一次為原則」 over 109–112
    for key in ("109-110", "111-112"):
        round_criteria = criteria.for_round(key)
        assert set(round_criteria.weights) <= {t.code for t in plan.tools} and round_criteria.bonus
        # the weights are the office's decision for the round, not the plan's, and say so
        assert round_criteria.decided_by == "性平辦" and "非計畫所定" in round_criteria.decision


ROUNDS = """
rewards:
  every_years: 2
  weights: {mechanism: 20, measures: 10}
  rounds:
    - {first: 109, last: 110}
    - first: 111
      last: 112
      decided_by: 性平辦
      decision: 111 年 3 月 1 日簽准
      weights: {mechanism: 30, measures: 5}
"""


def test_a_round_with_its_own_weights_is_scored_by_them_and_others_by_the_sections():
    criteria = parse_criteria(ROUNDS, "plan.yaml", TOOLS)
    assert criteria.for_round("109-110").weights == {"mechanism": 20, "measures": 10}
    later = criteria.for_round("111-112")
    assert later.weights == {"mechanism": 30, "measures": 5} and later.decision == "111 年 3 月 1 日簽准"
    with pytest.raises(LookupError):
        criteria.for_round("113-114")


def test_a_round_without_any_weights_is_refused_with_its_line():
    text = ROUNDS.replace("  weights: {mechanism: 20, measures: 10}\n", "")
    with pytest.raises(PlanError, match=r"plan.yaml:5: rewards.rounds\[0\]: a round needs weights"):
        parse_criteria(text, "plan.yaml", TOOLS)


def test_an_unknown_tool_is_refused_with_its_line():
    text = CRITERIA.replace("    measures: 10", "    measurez: 10")
    with pytest.raises(PlanError, match=r"plan.yaml:9: rewards.weights.measurez: unknown tool 'measurez'"):
        parse_criteria(text, "plan.yaml", TOOLS)


def test_an_unknown_bonus_kind_is_refused_with_its_line():
    text = CRITERIA.replace("kind: penalty", "kind: lottery")
    with pytest.raises(PlanError, match=r"plan.yaml:13: rewards.bonus\[2\].kind: unknown kind 'lottery'"):
        parse_criteria(text, "plan.yaml", TOOLS)


def test_a_round_must_span_every_years():
    with pytest.raises(PlanError, match="a round spans 2 years"):
        parse_criteria(CRITERIA.replace("last: 110", "last: 111"), "plan.yaml", TOOLS)


def test_a_weight_must_be_a_number():
    with pytest.raises(PlanError, match="rewards.weights.mechanism: expected a number"):
        parse_criteria(CRITERIA.replace("mechanism: 20", "mechanism: many"), "plan.yaml", TOOLS)


def test_score_of_a_unit_line_by_line():
    criteria = parse_criteria(CRITERIA, "plan.yaml", TOOLS)
    findings = [
        # mechanism: 3 of 4 met over the two years (a filing counts as met; not applicable is not counted)
        F(tool="mechanism", status="met"),
        F(tool="mechanism", status="filed"),
        F(tool="mechanism", status="met"),
        F(tool="mechanism", status="unmet"),
        F(tool="mechanism", status="not_applicable"),
        # measures: 2 of 2 met
        F(tool="measures", status="met"),
        F(tool="measures", status="met"),
    ]
    records = UnitRecords("勞動局", "A", measures_beyond_quota=5, reports_on_time=1, penalties=1)
    score = score_unit(criteria, NAMES, findings, records)
    lines = {line.item: (line.points, line.basis) for line in score.lines}
    assert lines["性別平等機制"] == (15.0, "20 × 達成 3 / 4 項")
    assert lines["具體措施"] == (10.0, "10 × 達成 2 / 2 項")
    assert lines["具體措施超過應辦項數"][0] == 3  # 5 beyond the quota, capped at 3
    assert lines["成果報告如期公告"][0] == 2
    assert lines["懲處事由"][0] == -5
    assert score.computed == 25.0


def test_a_tool_without_duties_scores_its_full_weight():
    criteria = parse_criteria(CRITERIA, "plan.yaml", TOOLS)
    score = score_unit(criteria, NAMES, [F(tool="measures", status="unmet")], UnitRecords("都委會", "A"))
    lines = {line.item: line.points for line in score.lines}
    assert lines["性別平等機制"] == 20 and lines["具體措施"] == 0


def test_rank_within_group_with_jury_adjustment_and_ties():
    criteria = parse_criteria(CRITERIA, "plan.yaml", TOOLS)
    a = score_unit(criteria, NAMES, [], UnitRecords("勞動局", "A"))  # 30
    b = score_unit(criteria, NAMES, [F(tool="measures", status="unmet")], UnitRecords("社會局", "A"))  # 20
    c = score_unit(criteria, NAMES, [], UnitRecords("工務局", "B"))
    b.adjustment, b.adjustment_reason = 10, "評審肯定其創新措施"
    ranked = {s.unit: s.rank for s in rank_within_groups([a, b, c])}
    assert ranked == {"勞動局": 1, "社會局": 1, "工務局": 1}
