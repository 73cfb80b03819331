"""One verdict everywhere (issue 16, item 5): the scorecard, the penalty list and the result report show the same
verdicts for the same day of evaluation; documents state that day; a penalty candidate disappears when its ground
is gone; `mainstream evaluate` and `report` take the day from MAINSTREAM_AS_OF when no --as-of is given."""

from __future__ import annotations

import json
from datetime import date

import pytest
from django.core.management import call_command

from mainstream.evaluation.presentation import STATUS_LABELS, STATUS_SYMBOLS

pytestmark = pytest.mark.django_db

MEETINGS = "mechanism.taskforce.meetings"


@pytest.fixture
def labor_taskforce(plan, registry):
    from mainstream.mechanism.models import TaskForce
    from mainstream.mechanism.services import MemberData, member_record, taskforce_sync

    taskforce_sync(plan=plan)
    tf = TaskForce.objects.get(code="勞動局")
    for name, sex, kind in (("召集人", "男", "internal"), ("外一", "女", "external"), ("外二", "男", "external")):
        member_record(data=MemberData(tf, name, sex, kind, name == "召集人", "", "", None, (), date(2020, 1, 1)))
    return tf


def _valid_meeting(tf, day: date) -> None:
    from mainstream.mechanism.services import AttendanceData, MeetingData, attendance_record, meeting_record

    meeting, _ = meeting_record(data=MeetingData(tf, f"{day:%m%d} 會議", day))
    attendance_record(meeting=meeting, rows=[AttendanceData(m, "present") for m in tf.members.all()])


def _scorecard(client, year: int, unit: str) -> dict[tuple[str, str], str]:
    response = client.get("/scorecard/", {"year": str(year), "unit": unit})
    rows = response.context["listing"].page.paginator.object_list
    return {(r.title, r.finding.subject): r.status for r in rows}


def _report(unit: str, year: int) -> tuple[dict[tuple[str, str], str], str]:
    from mainstream.reports.compose import result_document

    doc = result_document(unit, year)
    table = doc.tables()[0]
    words = {f"{STATUS_SYMBOLS[s]} {STATUS_LABELS[s]}": s for s in STATUS_LABELS}
    verdicts = {(cells[1], cells[2]): words[cells[5]] for cells in table.rows}
    return verdicts, " ".join(b.text for b in doc.blocks if b.type == "para")


def _penalty_subjects(client, year: int) -> tuple[set[str], set[str]]:
    response = client.get("/reports/penalties/", {"year": str(year)})
    pending = {f.subject for f in response.context["pending"]}
    recorded = {r.subject for r in response.context["rows"] if r.ground == "meetings"}
    return pending | recorded, {r.subject for r in response.context["gone"]}


def test_scorecard_penalties_and_result_report_agree_on_a_running_year(settings, labor_taskforce, make_user, client):
    settings.MAINSTREAM_AS_OF = "111/10/31"
    for day in (date(2022, 2, 10), date(2022, 5, 10), date(2022, 8, 10)):
        _valid_meeting(labor_taskforce, day)  # three of four: the year is still running
    client.force_login(make_user("admin", "性平辦"))

    card = _scorecard(client, 111, "勞動局")
    report, text = _report("勞動局", 111)
    assert report == card
    assert "考核基準日：111/10/31" in text and "111 年度尚未結束" in text
    from mainstream.followup.selectors import duty_rows
    from mainstream.units.models import Role

    office = Role.objects.get(kind="admin").user
    rows = duty_rows(office, year=111, as_of=date(2022, 10, 31), unit="勞動局")
    assert [r.status for r in rows if r.finding.rule == MEETINGS] == ["in_progress"]  # 3 of 4, the year running
    assert sum(s == "in_progress" for s in card.values()) > 10

    late = {subject for (title, subject), status in card.items() if status == "unmet" and "開會" in title}
    candidates, _ = _penalty_subjects(client, 111)
    assert candidates == late == set()
    mechanism = client.get("/mechanism/penalties/", {"year": "111"})
    assert list(mechanism.context["grounds"]) == []


def test_a_closed_year_and_a_penalty_candidate_that_disappears_when_its_ground_is_gone(
    settings, labor_taskforce, make_user, client
):
    from mainstream.reports.services import penalty_meetings_record

    settings.MAINSTREAM_AS_OF = "111/10/31"
    for day in (date(2021, 2, 10), date(2021, 5, 10), date(2021, 8, 10)):
        _valid_meeting(labor_taskforce, day)
    office = make_user("admin", "性平辦")
    client.force_login(office)

    def meetings_verdict():
        from mainstream.followup.selectors import duty_rows

        rows = duty_rows(office, year=110, as_of=date(2022, 10, 31), unit="勞動局")
        return next(r.status for r in rows if r.finding.rule == MEETINGS)

    assert meetings_verdict() == "unmet"
    card, report = _scorecard(client, 110, "勞動局"), _report("勞動局", 110)[0]
    assert card == report
    candidates, gone = _penalty_subjects(client, 110)
    assert "勞動局" in candidates and not gone
    penalty_meetings_record(year=110, by=office)
    assert "勞動局" in _penalty_subjects(client, 110)[0]

    _valid_meeting(labor_taskforce, date(2021, 11, 10))  # the fourth valid meeting, recorded late
    assert meetings_verdict() == "met"
    candidates, gone = _penalty_subjects(client, 110)
    assert "勞動局" not in candidates and gone == {"勞動局"}
    assert _scorecard(client, 110, "勞動局") == _report("勞動局", 110)[0]


def test_evaluate_and_report_take_the_day_from_mainstream_as_of(settings, registry, capsys, tmp_path):
    settings.MAINSTREAM_AS_OF = "111/10/31"
    call_command("evaluate", "--year", "111", "--format", "json", "--rule", "measures.items")
    findings = json.loads(capsys.readouterr().out)
    assert {f["status"] for f in findings} - {"not_applicable"} == {"in_progress"}
    call_command("evaluate", "--year", "111", "--as-of", "112/01/01", "--format", "json", "--rule", "measures.items")
    assert {f["status"] for f in json.loads(capsys.readouterr().out)} - {"not_applicable"} == {"unmet"}

    out = tmp_path / "r.odt"
    call_command("report", "result", "--unit", "勞動局", "--year", "111", "--format", "odt", "--output", str(out))
    import re
    import zipfile

    text = re.sub(r"<[^>]+>", "", zipfile.ZipFile(out).read("content.xml").decode())
    assert "考核基準日：111/10/31" in text and "… 進行中" in text
