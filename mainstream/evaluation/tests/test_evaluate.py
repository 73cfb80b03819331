"""`mainstream evaluate`: every unit of the plan, each finding with its clause (issue 2, Done when)."""

import json
from datetime import date

from django.core.management import call_command

from mainstream.measures.services import MeasureData, measure_record


def evaluate(capsys, *args):
    call_command("evaluate", *args)
    return json.loads(capsys.readouterr().out)


def test_json_has_both_core_rules_for_every_unit_with_a_clause(registry, plan, capsys):
    findings = evaluate(
        capsys,
        "--year",
        "110",
        "--format",
        "json",
        "--rule",
        "mechanism.liaisons",
        "--rule",
        "measures.categories",
        "--rule",
        "measures.items",
    )
    units = {u.short for u in plan.executing_units()}
    for rule in ("mechanism.liaisons", "measures.categories", "measures.items"):
        assert {f["subject"] for f in findings if f["rule"] == rule} == units
    assert all(f["clause"] and f["year"] == 110 for f in findings)
    keys = {
        "year",
        "subject",
        "subject_type",
        "units",
        "group",
        "tool",
        "rule",
        "clause",
        "status",
        "actual",
        "required",
        "detail",
    }
    assert keys <= set(findings[0])


def test_one_unit_by_full_name_and_an_ad_year(registry, capsys):
    measure_record(data=MeasureData(registry["勞動局"], 110, "a", 1, 1, date(2021, 1, 2)))
    findings = evaluate(
        capsys, "--year", "2021", "--unit", "臺北市政府勞動局", "--format", "json", "--rule", "measures.items"
    )
    assert [(f["subject"], f["status"], f["actual"], f["required"]) for f in findings] == [("勞動局", "unmet", 1, 7)]


def test_as_of_inside_the_year_gives_in_progress(registry, capsys):
    findings = evaluate(
        capsys,
        "--year",
        "111",
        "--unit",
        "勞動局",
        "--as-of",
        "111/06/30",
        "--format",
        "json",
        "--rule",
        "measures.items",
    )
    assert findings[0]["status"] == "in_progress"


def test_the_table_format_reads_in_chinese(registry, capsys):
    call_command("evaluate", "--year", "110", "--unit", "勞動局", "--rule", "measures.items")
    out = capsys.readouterr().out
    assert "勞動局" in out and "陸、一、(一)" in out and "未達成" in out
