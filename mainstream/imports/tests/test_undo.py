"""Imports that warn and can be undone (issue 16, item 4): people on no roster are counted and listed (masked) in
the import's summary and counted by the office's rule; the office undoes an import as a whole (audited); every
import's summary can be read later."""

from __future__ import annotations

import csv
from datetime import date

import pytest
from django.urls import reverse

from mainstream.audit.models import AuditEvent
from mainstream.imports.models import ImportRun
from mainstream.imports.services import UndoRefused, import_file, import_undo
from mainstream.training.bench import generate_unit
from mainstream.training.ids import id_mask
from mainstream.training.importer import training_import

pytestmark = pytest.mark.django_db


@pytest.fixture
def office(make_user):
    return make_user("admin", "性平辦")


def _staff_file(path, rows):
    with path.open("w", encoding="utf-8", newline="") as f:
        out = csv.writer(f)
        out.writerow(["身分證字號", "姓名", "服務機關", "人員類別", "年度"])
        out.writerows(rows)


def _ids(export):
    with export.open(encoding="utf-8") as f:
        return [(row[1], row[2]) for row in list(csv.reader(f))[1:]]


def test_people_on_no_roster_are_counted_and_listed_masked(registry, office, client, tmp_path):
    export = tmp_path / "labor.csv"
    generate_unit(export, unit="臺北市政府勞動局", people=40, year=111)
    people = _ids(export)
    roster = tmp_path / "staff.csv"
    _staff_file(roster, [[pid, name, "勞動局", "一般公務人員", "111"] for pid, name in people[:15]])
    assert import_file(kind="staff", path=roster, by=office).ok
    result = training_import(path=export, by=office)
    assert result.ok and result.off_roster == 25 and result.off_roster_rule == "計為該機關一般公務人員"
    run = ImportRun.objects.get(pk=result.run_id)
    assert run.summary["off_roster"] == 25 and len(run.summary["off_roster_sample"]) == 25
    assert all("****" in p for p in run.summary["off_roster_sample"])
    # exactly the 25 people of the export on no roster, by masked number then name
    assert run.summary["off_roster_sample"] == sorted(f"{id_mask(pid)} {name}" for pid, name in people[15:])
    event = AuditEvent.objects.filter(action="import.training").latest("id")
    assert "未列名冊 25 人" in event.summary

    client.force_login(office)
    page = client.get(reverse("imports:run", args=[run.pk])).content.decode()
    assert "未列於人員名冊者 25 人（共 40 人）" in page
    assert not any(pid in page for pid, _ in people)  # never an ID number in clear
    listing = client.get(reverse("imports:runs"), {"kind": "training"}).content.decode()
    assert "未列名冊 25 人" in listing
    unit_page = client.get("/training/units/勞動局/", {"year": "111"}).content.decode()
    assert "有 25 人有訓練紀錄但未列於任何人員名冊" in unit_page


def test_the_office_rule_decides_whether_they_count(registry, office, client, tmp_path):
    from mainstream.evaluation.stored import findings_stored

    export = tmp_path / "labor.csv"
    generate_unit(export, unit="臺北市政府勞動局", people=30, year=111)
    assert training_import(path=export, by=office).ok

    def general():
        found = findings_stored(year=111, as_of=date(2023, 1, 10), unit="勞動局", rules=["training.general"])
        return found[0].required

    assert general() == 30  # counted as general staff of 勞動局 (the default rule)
    client.force_login(office)
    client.post(reverse("training:policy"), {"off_roster": "exclude"})
    assert general() == 0  # left out until a roster lists them; the stored verdicts follow at once
    assert AuditEvent.objects.filter(action="training.policy").exists()


def test_the_office_undoes_a_training_import_as_a_whole(registry, office, client, tmp_path):
    from mainstream.training.models import Person, TrainingRecord

    first, second = tmp_path / "a.csv", tmp_path / "b.csv"
    generate_unit(first, unit="臺北市政府勞動局", people=20, year=111, seed=1)
    generate_unit(second, unit="臺北市政府勞動局", people=30, year=111, seed=2)
    assert training_import(path=first, by=office).ok
    result = training_import(path=second, by=office)
    assert TrainingRecord.objects.count() == 50
    client.force_login(office)
    response = client.post(reverse("imports:run", args=[result.run_id]), {"reason": "匯錯年度"}, follow=True)
    assert "已撤銷此次匯入" in response.content.decode()
    assert TrainingRecord.objects.count() == 20 and Person.objects.count() == 20
    run = ImportRun.objects.get(pk=result.run_id)
    assert run.undone_at is not None and run.undo_reason == "匯錯年度"
    assert AuditEvent.objects.filter(action="import.undo").count() == 1
    again = client.post(reverse("imports:run", args=[result.run_id]), {"reason": "再一次"}, follow=True)
    assert "此次匯入已撤銷" in again.content.decode()


def _measures_file(path, rows):
    with path.open("w", encoding="utf-8", newline="") as f:
        out = csv.writer(f)
        out.writerow(["年度", "機關", "類別", "項目", "名稱", "辦理日期", "說明"])
        out.writerows(rows)


def test_undoing_a_generic_import_deletes_what_it_created_and_restores_what_it_changed(registry, office, tmp_path):
    from mainstream.measures.models import Measure

    a, b = tmp_path / "a.csv", tmp_path / "b.csv"
    _measures_file(a, [["110", "勞動局", "一", "1", "托育補助", "110/03/05", "第一版"]])
    assert import_file(kind="measures", path=a, by=office).ok
    _measures_file(
        b,
        [
            ["110", "勞動局", "一", "1", "托育補助", "110/03/05", "第二版"],
            ["110", "勞動局", "二", "1", "職場平權", "110/04/01", ""],
        ],
    )
    result = import_file(kind="measures", path=b, by=office)
    assert result.write.created == 1 and result.write.updated == 1
    import_undo(run=ImportRun.objects.get(pk=result.run_id), reason="誤傳", by=office)
    assert list(Measure.objects.values_list("title", "description")) == [("托育補助", "第一版")]


def test_an_import_changed_since_is_refused_and_a_liaison_cannot_undo(registry, office, make_user, client, tmp_path):
    from mainstream.measures.models import Measure
    from mainstream.measures.services import MeasureData, measure_record

    a = tmp_path / "a.csv"
    _measures_file(a, [["110", "勞動局", "一", "1", "托育補助", "110/03/05", ""]])
    result = import_file(kind="measures", path=a, by=office)
    m = Measure.objects.get()
    measure_record(data=MeasureData(m.unit, 110, "托育補助", 1, 1, date(2021, 3, 5), "後來補充"), by=office)
    with pytest.raises(UndoRefused, match="已再修改"):
        import_undo(run=ImportRun.objects.get(pk=result.run_id), reason="x", by=office)
    assert Measure.objects.count() == 1
    liaison = make_user("liaison", "勞動局")
    client.force_login(liaison)
    assert client.post(reverse("imports:run", args=[result.run_id]), {"reason": "x"}).status_code in (403, 404)
