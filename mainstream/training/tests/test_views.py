"""Training pages: what each role sees, exports, and the background import's page (run in the request here)."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from mainstream.training import views
from mainstream.training.demo import demo_load
from mainstream.training.ids import check_digit
from mainstream.training.models import ImportJob, TrainingRecord


@pytest.fixture
def demo(registry):
    demo_load()


def login(client, user):
    client.force_login(user)
    return client


def test_index_lists_only_the_liaisons_units(client, make_user, demo):
    labor = login(client, make_user("liaison", "勞動局"))
    page = labor.get("/training/?year=111").content.decode()
    assert ">勞動局</a></th>" in page
    assert ">社會局</a></th>" not in page


def test_unit_page_lists_people_short_masked_and_exports(client, make_user, demo):
    social = login(client, make_user("liaison", "社會局"))
    response = social.get("/training/units/社會局/?year=111")
    assert response.status_code == 200
    page = response.content.decode()
    assert "進階課程尚差 0.5 小時" in page
    assert "****" in page
    xlsx = social.get("/training/units/社會局/?year=111&format=xlsx")
    assert xlsx.streaming  # the list of a unit of 30,000 people leaves as it is written (issue 16)
    sheet = load_workbook(io.BytesIO(b"".join(xlsx.streaming_content))).active
    rows = list(sheet.values)
    assert rows[0][0] == "身分證字號（遮蔽）" and any("進階課程尚差" in str(r[6]) for r in rows[1:])
    assert all(str(r[0]).endswith("****") for r in rows[1:])
    ods = social.get("/training/units/社會局/?year=111&format=ods")
    assert ods.status_code == 200 and b"".join(ods.streaming_content)[:2] == b"PK"


def test_a_liaison_never_sees_another_units_page(client, make_user, demo):
    labor = login(client, make_user("liaison", "勞動局"))
    assert labor.get("/training/units/社會局/?year=111").status_code == 403
    assert labor.get("/training/units/社會局/?year=111&format=xlsx").status_code == 403


def test_oversight_shares(client, make_user, demo):
    personnel = login(client, make_user("oversight", "人事處", tools=["training"]))
    page = personnel.get("/training/oversight/personnel/?year=111").content.decode()
    assert "主管人員" in page and "數位時數" in page and "衛生局" in page
    workers = personnel.get("/training/oversight/workers/?year=111").content.decode()
    assert "職工" in workers and "勞動局111年性別意識培力課程" in workers
    assert personnel.get("/training/oversight/press/?year=111&format=xlsx").status_code == 200
    assert personnel.get("/training/oversight/editors/?year=111&format=ods").status_code == 200
    assert personnel.get("/training/oversight/nothing/").status_code == 404


def test_a_liaison_sees_only_its_rows_in_a_share(client, make_user, demo):
    labor = login(client, make_user("liaison", "勞動局"))
    page = labor.get("/training/oversight/personnel/?year=111").content.decode()
    assert "勞動局" in page and "衛生局" not in page


def test_courses_are_scoped(client, make_user, demo):
    labor = login(client, make_user("liaison", "勞動局"))
    page = labor.get("/training/courses/?year=111").content.decode()
    assert "勞動局111年" in page and "衛生局111年" not in page


def test_upload_runs_a_job_and_the_status_never_shows_an_id(client, make_user, registry, monkeypatch, tmp_path):
    monkeypatch.setattr(views, "BACKGROUND", False)
    labor = login(client, make_user("liaison", "勞動局"))
    good = check_digit("A12345678")
    wrong = good[:-1] + str((int(good[-1]) + 1) % 10)
    header = "身分證字號,姓名,服務機關,課程名稱,學習時數,上課日期,學習方式,課程類別\n"
    bad = io.BytesIO((header + f"{wrong},王,勞動局,CEDAW,2,111/3/5,數位,基礎\n").encode())
    bad.name = "bad.csv"
    response = labor.post("/training/import/", {"file": bad, "year": "111"})
    job = ImportJob.objects.get()
    assert response.status_code == 302 and response.url == f"/training/import/jobs/{job.pk}/"
    status = labor.get(f"/training/import/jobs/{job.pk}/status.json").json()
    assert status["status"] == "rejected" and status["errors"][0]["reason"] == "檢查碼錯誤"
    assert wrong not in str(status)
    ok = io.BytesIO((header + f"{good},王,勞動局,CEDAW,2,111/3/5,數位,基礎\n").encode())
    ok.name = "ok.csv"
    labor.post("/training/import/", {"file": ok, "year": "111"})
    assert TrainingRecord.objects.count() == 1
    other = login(client.__class__(), make_user("liaison", "社會局"))
    assert other.get(f"/training/import/jobs/{job.pk}/status.json").status_code == 404
    page = labor.get(f"/training/import/jobs/{job.pk}/").content.decode()
    assert "progress" in page and wrong not in page
