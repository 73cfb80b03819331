"""Reports pages: scoping, narrative carried into the document, adoption, publication, the public zone."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from mainstream.measures.models import Measure
from mainstream.reports import services
from mainstream.reports.models import Report


@pytest.fixture
def labor_measure(registry):
    return Measure.objects.create(unit=registry["勞動局"], year=110, title="職場平權講座", category=5, item=1)


def test_liaison_sees_own_report_not_another_units(client, make_user, labor_measure):
    client.force_login(make_user("liaison", "勞動局"))
    page = client.get("/reports/勞動局/110/result/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "臺北市政府勞動局 110 年度" in text
    assert "職場平權講座" in text and "具體措施 #" in text  # the number's source is named
    assert client.get("/reports/社會局/110/result/").status_code == 403
    assert client.get("/reports/社會局/110/result/download.ods").status_code == 403
    assert client.post("/reports/社會局/110/result/narrative/", {"title": "x", "body": "y"}).status_code == 403
    assert not Report.objects.filter(unit__short_name="社會局").exists()
    index = client.get("/reports/?year=110").content.decode()
    assert "勞動局" in index and "社會局" not in index


def test_liaison_cannot_see_city_report_rewards_or_record_penalties(client, make_user, registry):
    client.force_login(make_user("liaison", "勞動局"))
    assert client.get("/reports/city/110/").status_code == 403
    assert client.get("/reports/rewards/110-111/").status_code == 403
    client.post(
        "/reports/penalties/record/",
        {"year": "110", "ground": "cedaw", "unit": registry["勞動局"].pk, "description": "x", "evidence": "y"},
    )
    from mainstream.reports.models import PenaltyGround

    assert not PenaltyGround.objects.exists()


def test_narrative_is_carried_into_the_document(client, make_user, labor_measure):
    client.force_login(make_user("liaison", "勞動局"))
    client.post("/reports/勞動局/110/result/narrative/", {"title": "推動亮點", "body": "本局推動職場友善措施。"})
    report = Report.objects.get(unit__short_name="勞動局", year=110, kind="result_report")
    doc = services.document_for(report)
    texts = [b.text for b in doc.blocks]
    assert "一、推動亮點" in texts and "本局推動職場友善措施。" in texts


def test_adopt_then_publish_and_only_published_is_public(client, make_user, registry, labor_measure):
    user = make_user("liaison", "勞動局")
    report = services.report_open(unit=registry["勞動局"], year=110, kind=Report.Kind.RESULT, by=user)
    with pytest.raises(ValidationError):
        services.report_publish(report=report, by=user, pdf=False)  # not adopted yet
    assert client.get("/zone/勞動局/").status_code == 200
    assert client.get(f"/zone/documents/{report.pk}/").status_code == 404
    assert client.get(f"/zone/documents/{report.pk}/file.odt").status_code == 404
    services.report_adopt(
        report=report, adopted_on=date(2022, 3, 1), meeting_title="111 年第 1 次性平小組會議", by=user
    )
    assert client.get(f"/zone/documents/{report.pk}/").status_code == 404  # adopted, not yet published
    services.report_publish(report=report, by=user, pdf=False)
    page = client.get(f"/zone/documents/{report.pk}/")
    assert page.status_code == 200 and "職場平權講座" in page.content.decode()
    assert client.get(f"/zone/documents/{report.pk}/file.odt").status_code == 200
    assert "110 年度成果報告" in client.get("/zone/勞動局/").content.decode()
    assert "勞動局 110 年度成果報告" in client.get("/zone/").content.decode()
    # the published document is frozen: a later record does not change it
    Measure.objects.create(unit=registry["勞動局"], year=110, title="事後新增措施", category=4, item=1)
    assert "事後新增措施" not in client.get(f"/zone/documents/{report.pk}/").content.decode()
    services.report_unpublish(report=report, by=user)
    assert client.get(f"/zone/documents/{report.pk}/").status_code == 404
    assert client.get(f"/zone/documents/{report.pk}/file.odt").status_code == 404


def test_another_units_liaison_cannot_adopt_or_publish(make_user, registry):
    other = make_user("liaison", "社會局")
    report = services.report_open(unit=registry["勞動局"], year=110, kind=Report.Kind.RESULT)
    with pytest.raises(PermissionDenied):
        services.report_adopt(report=report, adopted_on=date(2022, 3, 1), meeting_title="會議", by=other)
    services.report_adopt(report=report, adopted_on=date(2022, 3, 1), meeting_title="會議")
    with pytest.raises(PermissionDenied):
        services.report_publish(report=report, by=other, pdf=False)


def test_work_plan_is_drafted_from_duties_and_previous_year(make_user, registry, labor_measure):
    user = make_user("liaison", "勞動局")
    report = services.report_open(unit=registry["勞動局"], year=111, kind=Report.Kind.PLAN, by=user)
    items = {(i.tool, i.title): i for i in report.planned_items.all()}
    assert items[("measures", "推展性別平等工作策略及具體措施項數")].planned == 7  # A群: 7 項 (陸、一、(一))
    assert items[("mechanism", "性平小組有效會議次數")].planned == 4  # A群: 每年 4 次
    assert ("measures", "職場平權講座") in items  # what the unit did in 110


def test_plan_items_are_editable_and_compared(client, make_user, registry):
    client.force_login(make_user("liaison", "勞動局"))
    client.post("/reports/勞動局/111/plan/items/", {"tool": "training", "title": "自辦實體課程", "planned": "2"})
    report = Report.objects.get(unit__short_name="勞動局", year=111, kind="work_plan")
    assert report.planned_items.filter(title="自辦實體課程", planned=2).exists()
    page = client.get("/reports/勞動局/111/compare/").content.decode()
    assert "自辦實體課程：2" in page


def test_city_report_shows_charts_and_year_on_year_change(client, make_user, registry):
    Measure.objects.create(unit=registry["勞動局"], year=110, title="措施一", category=1, item=1)
    client.force_login(make_user("admin"))
    page = client.get("/reports/city/110/").content.decode()
    assert "<svg" in page and "<title>推展性別平等工作策略及具體措施 各群組達成率</title>" in page
    assert "與 109 年相比" in page


def test_feedback_office_publishes_units_answer_office_sees_per_unit(client, make_user, registry):
    office = make_user("admin")
    q = services.questionnaire_create(
        year=110, title="110 年回饋", intro="", by=office, questions=[("整體滿意度", "scale", []), ("建議", "text", [])]
    )
    labor = make_user("liaison", "勞動局")
    with pytest.raises(ValidationError):
        services.feedback_submit(questionnaire=q, unit=registry["勞動局"], answers={}, by=labor)  # not published
    services.questionnaire_publish(questionnaire=q, by=office)
    q1, q2 = q.questions.all()
    client.force_login(labor)
    client.post(
        f"/reports/feedback/{q.pk}/answer/", {"unit": registry["勞動局"].pk, f"a{q1.pk}": "4", f"a{q2.pk}": "多辦課程"}
    )
    with pytest.raises(PermissionDenied):
        services.feedback_submit(questionnaire=q, unit=registry["社會局"], answers={q1.pk: "5"}, by=labor)
    client.force_login(office)
    page = client.get(f"/reports/feedback/{q.pk}/").content.decode()
    assert "勞動局" in page and "多辦課程" in page
    social = make_user("liaison", "社會局")
    client.force_login(social)
    assert "多辦課程" not in client.get(f"/reports/feedback/{q.pk}/").content.decode()
