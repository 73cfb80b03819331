"""Analysis pages: scoping (a liaison of 勞動局 never sees or changes another unit's reports), files, exports."""

import io
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from mainstream.analysis.models import Analysis
from mainstream.analysis.services import AnalysisData, analysis_record, cross_analysis_record

PDF = b"%PDF-1.4\n% test\n"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.MAINSTREAM_UPLOAD_MAX_BYTES = 1024


@pytest.fixture
def reports(registry):
    labor, _ = analysis_record(
        data=AnalysisData(
            registry["勞動局"], 110, "中高齡女性再就業", "自行撰擬", ["性別"], reported_on=date(2021, 6, 1)
        ),
        upload=SimpleUploadedFile("labor.pdf", PDF),
    )
    social, _ = analysis_record(
        data=AnalysisData(registry["社會局"], 110, "高齡獨居者照顧", "自行撰擬", ["性別"]),
        upload=SimpleUploadedFile("social.pdf", PDF),
    )
    return labor, social


def test_a_liaison_sees_only_its_units_reports_and_files(client, make_user, reports):
    labor_report, social_report = reports
    client.force_login(make_user("liaison", "勞動局"))
    page = client.get("/analysis/").content.decode()
    assert "中高齡女性再就業" in page and "高齡獨居者照顧" not in page
    assert client.get(f"/analysis/{labor_report.pk}/").status_code == 200
    assert client.get(f"/analysis/{social_report.pk}/").status_code == 403
    served = client.get(f"/analysis/{labor_report.pk}/file/")
    assert served.status_code == 200 and b"".join(served.streaming_content) == PDF
    assert client.get(f"/analysis/{social_report.pk}/file/").status_code == 403
    assert client.get(f"/analysis/{social_report.pk}/edit/").status_code == 403


def test_files_are_not_served_to_anonymous_users(client, reports):
    response = client.get(f"/analysis/{reports[0].pk}/file/")
    assert response.status_code == 302 and "/login" in response["Location"]


def test_a_liaison_cannot_record_for_another_unit(client, make_user, registry):
    client.force_login(make_user("liaison", "勞動局"))
    response = client.post(
        "/analysis/new/",
        {"unit": registry["社會局"].pk, "year": 110, "title": "x", "method": "自行撰擬", "dimensions": ["性別"]},
    )
    assert response.status_code == 200  # the form refuses the unit
    assert not Analysis.objects.exists()


def test_a_liaison_records_a_report_with_a_file(client, make_user, registry):
    client.force_login(make_user("liaison", "勞動局"))
    response = client.post(
        "/analysis/new/",
        {
            "unit": registry["勞動局"].pk,
            "year": 110,
            "title": "職災勞工性別差異",
            "method": "委託研究",
            "dimensions": ["性別", "性別特質"],
            "factors": ["移工"],
            "reported_on": "110/09/01",
            "file": SimpleUploadedFile("r.pdf", PDF),
        },
    )
    assert response.status_code == 302
    a = Analysis.objects.get()
    assert a.reported_on == date(2021, 9, 1) and a.file_name == "r.pdf" and a.counts


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("r.exe", b"MZ", "不接受"),
        ("r.pdf", b"%PDF" + b"x" * 2000, "上限"),
        ("r.pdf", b"not a pdf", "不是 PDF"),
    ],
)
def test_a_wrong_or_oversized_file_is_refused(client, make_user, registry, name, content, reason):
    client.force_login(make_user("liaison", "勞動局"))
    response = client.post(
        "/analysis/new/",
        {
            "unit": registry["勞動局"].pk,
            "year": 110,
            "title": "t",
            "method": "自行撰擬",
            "dimensions": ["性別"],
            "file": SimpleUploadedFile(name, content),
        },
    )
    assert response.status_code == 200 and reason in response.content.decode()
    assert not Analysis.objects.exists()


def test_only_the_office_or_accounting_marks_a_report_descriptive(client, make_user, reports):
    report = reports[0]
    client.force_login(make_user("liaison", "勞動局"))
    assert client.post(f"/analysis/{report.pk}/mark/", {"descriptive_only": "on", "reason": "x"}).status_code == 403
    client.force_login(make_user("oversight", "主計處", tools=["statistics", "analysis", "budget"]))
    client.post(f"/analysis/{report.pk}/mark/", {"descriptive_only": "on", "reason": ""})
    report.refresh_from_db()
    assert not report.descriptive_only  # a reason is required
    client.post(f"/analysis/{report.pk}/mark/", {"descriptive_only": "on", "reason": "僅列人數"})
    report.refresh_from_db()
    assert report.descriptive_only and report.descriptive_reason == "僅列人數" and not report.counts


@pytest.mark.parametrize("fmt", ["xlsx", "ods"])
def test_the_list_exports_what_it_shows(client, make_user, reports, fmt):
    client.force_login(make_user("liaison", "勞動局"))
    response = client.get(f"/analysis/?year=110&format={fmt}")
    assert response.status_code == 200
    data = response.content
    if fmt == "xlsx":
        from openpyxl import load_workbook

        rows = list(load_workbook(io.BytesIO(data)).active.values)
        assert rows[0][:3] == ("年度", "機關", "題目")
        assert [r[2] for r in rows[1:]] == ["中高齡女性再就業"]
    else:
        assert data[:2] == b"PK"


def test_filters_by_status(client, make_user, reports):
    client.force_login(make_user("admin"))
    page = client.get("/analysis/?status=pending").content.decode()
    assert "高齡獨居者照顧" in page and "中高齡女性再就業" not in page


def test_cross_analyses_are_seen_by_the_units_they_were_sent_to(client, make_user, registry):
    cross = cross_analysis_record(year=110, title="高齡者經濟安全", units=[registry["社會局"]])
    client.force_login(make_user("liaison", "勞動局"))
    assert "高齡者經濟安全" not in client.get("/analysis/cross/").content.decode()
    assert client.get(f"/analysis/cross/{cross.pk}/").status_code == 403
    client.force_login(make_user("liaison", "社會局"))
    assert client.get(f"/analysis/cross/{cross.pk}/").status_code == 200
    response = client.post(
        f"/analysis/cross/{cross.pk}/",
        {"unit": registry["社會局"].pk, "used": "1", "how": "納入方案", "recorded_on": "110/08/01"},
    )
    assert response.status_code == 302
    assert cross.uses.get().how == "納入方案"


def test_editing_a_title_changes_the_report_rather_than_adding_one(client, make_user, registry, reports):
    report = reports[0]
    client.force_login(make_user("liaison", "勞動局"))
    response = client.post(
        f"/analysis/{report.pk}/edit/",
        {
            "unit": registry["勞動局"].pk,
            "year": 110,
            "title": "中高齡女性再就業（修正）",
            "method": "自行撰擬",
            "dimensions": ["性別"],
            "reported_on": "110/06/01",
        },
    )
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.title == "中高齡女性再就業（修正）" and report.file_name == "labor.pdf"
    assert Analysis.objects.filter(unit=registry["勞動局"]).count() == 1
