"""Impact pages: scoping, the timeline, the expert registry, files, exports, the office's confirmation."""

import io
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from mainstream.impact.models import Assessment, Expert
from mainstream.impact.services import AssessmentData, assessment_record

PDF = b"%PDF-1.4\n% form\n"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def cases(registry):
    expert = Expert.objects.create(name="王小明", qualification="臺北市性別人才資料庫")
    labor, _ = assessment_record(
        data=AssessmentData(
            registry["勞動局"],
            "就業服務自治條例修正案",
            "自治條例",
            "法案",
            gathered_on=date(2021, 2, 1),
            form_filled_on=date(2021, 2, 20),
            participation="專家學者",
            expert=expert,
            participation_on=date(2021, 3, 1),
        ),
        upload=SimpleUploadedFile("form.pdf", PDF),
    )
    library, _ = assessment_record(
        data=AssessmentData(
            registry["圖書館"],
            "防疫期間閱覽開放措施",
            "重大施政計畫",
            "一般",
            participation="性平小組",
            adoption="全部參採",
            urgent=True,
        )
    )
    return labor, library


def test_a_liaison_sees_only_its_units_cases_and_forms(client, make_user, cases):
    labor, library = cases
    client.force_login(make_user("liaison", "勞動局"))
    page = client.get("/impact/").content.decode()
    assert "就業服務自治條例修正案" in page and "防疫期間閱覽開放措施" not in page
    assert client.get(f"/impact/{labor.pk}/").status_code == 200
    assert client.get(f"/impact/{library.pk}/").status_code == 403
    assert b"".join(client.get(f"/impact/{labor.pk}/file/").streaming_content) == PDF
    assert client.get(f"/impact/{library.pk}/file/").status_code == 403
    assert client.get(f"/impact/{library.pk}/edit/").status_code == 403
    assert client.post(f"/impact/{library.pk}/suggestions/", {"text": "x", "adopted": "1"}).status_code == 403


def test_the_timeline_shows_where_a_case_stands_and_what_is_missing(client, make_user, cases):
    client.force_login(make_user("liaison", "勞動局"))
    page = client.get(f"/impact/{cases[0].pk}/").content.decode()
    assert "專家學者 王小明（臺北市性別人才資料庫）" in page
    assert "缺：尚未填寫參採情形" in page and "待法務局審核" in page


def test_a_suggestion_not_adopted_needs_a_reason(client, make_user, cases):
    labor = cases[0]
    client.force_login(make_user("liaison", "勞動局"))
    client.post(f"/impact/{labor.pk}/suggestions/", {"text": "增列性別統計", "adopted": "0", "reason": ""})
    assert not labor.suggestions.exists()
    client.post(f"/impact/{labor.pk}/suggestions/", {"text": "增列性別統計", "adopted": "0", "reason": "已有統計"})
    assert labor.suggestions.get().reason == "已有統計"


def test_only_the_office_confirms_an_urgent_case_and_the_report_stays_due(client, make_user, cases):
    library = cases[1]
    client.force_login(make_user("liaison", "圖書館"))
    assert client.post(f"/impact/{library.pk}/confirm/", {"confirmed_on": "110/07/01"}).status_code == 403
    client.force_login(make_user("admin"))
    client.post(f"/impact/{library.pk}/confirm/", {"confirmed_on": "110/07/01"})
    library.refresh_from_db()
    assert library.completed_on == date(2021, 7, 1) and library.report_due
    assert "性平小組報告待辦" in client.get("/impact/?status=report_due").content.decode()


def test_the_registry_refuses_an_expert_without_a_qualification(client, make_user, registry):
    client.force_login(make_user("liaison", "勞動局"))
    assert client.post("/impact/experts/", {"name": "張三", "qualification": "臺北市性別人才資料庫"}).status_code == 403
    client.force_login(make_user("admin"))
    page = client.post("/impact/experts/", {"name": "張三", "qualification": ""}).content.decode()
    assert "沒有資格" in page and not Expert.objects.filter(name="張三").exists()
    client.post("/impact/experts/", {"name": "張三", "qualification": "女權會委員"})
    assert Expert.objects.get(name="張三").qualification == "女權會委員"


def test_a_liaison_records_a_case_for_its_unit_only(client, make_user, registry):
    client.force_login(make_user("liaison", "勞動局"))
    data = {"title": "職訓中心整建", "type": "公共工程中程計畫", "form": "一般", "gathered_on": "110/02/01"}
    client.post("/impact/new/", {**data, "unit": registry["社會局"].pk})
    assert not Assessment.objects.exists()
    assert client.post("/impact/new/", {**data, "unit": registry["勞動局"].pk}).status_code == 302
    assert Assessment.objects.get().gathered_on == date(2021, 2, 1)


@pytest.mark.parametrize("fmt", ["xlsx", "ods"])
def test_the_list_exports_what_it_shows(client, make_user, cases, fmt):
    client.force_login(make_user("liaison", "勞動局"))
    response = client.get(f"/impact/?format={fmt}")
    assert response.status_code == 200
    if fmt == "xlsx":
        from openpyxl import load_workbook

        rows = list(load_workbook(io.BytesIO(response.content)).active.values)
        assert rows[0][:2] == ("機關", "案名") and [r[1] for r in rows[1:]] == ["就業服務自治條例修正案"]
    else:
        assert response.content[:2] == b"PK"


def test_the_demo_has_a_case_in_every_step(registry):
    from mainstream.analysis.demo import demo_load as analysis_demo
    from mainstream.impact.demo import demo_load
    from mainstream.impact.workflow import current_step

    analysis_demo()
    demo_load()
    demo_load()  # idempotent
    assert {current_step(c) for c in Assessment.objects.all()} == {1, 2, 3, 4, 5, 6, 7}
    assert Assessment.objects.filter(urgent=True, office_confirmed_on__isnull=False, reported_on__isnull=True).exists()


def test_the_office_editing_a_confirmed_case_keeps_its_confirmation(client, make_user, registry, cases):
    library = cases[1]
    client.force_login(make_user("admin"))
    client.post(f"/impact/{library.pk}/confirm/", {"confirmed_on": "110/07/01"})
    response = client.post(
        f"/impact/{library.pk}/edit/",
        {
            "unit": registry["圖書館"].pk,
            "title": "防疫期間閱覽開放措施（修正）",
            "type": "重大施政計畫",
            "form": "一般",
            "participation": "性平小組",
            "adoption": "全部參採",
            "urgent": "on",
        },
    )
    assert response.status_code == 302
    library.refresh_from_db()
    assert library.title.endswith("（修正）") and library.office_confirmed_on == date(2021, 7, 1)
    assert Assessment.objects.count() == 2
