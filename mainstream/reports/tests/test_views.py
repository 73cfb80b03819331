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
    assert "職場平權講座" in text and "具體措施「職場平權講座」" in text  # the number's source is named
    assert client.get("/reports/社會局/110/result/").status_code == 403
    assert client.get("/reports/社會局/110/result/download.ods").status_code == 403
    assert client.post("/reports/社會局/110/result/narrative/", {"title": "x", "body": "y"}).status_code == 403
    assert not Report.objects.filter(unit__short_name="社會局").exists()
    index = client.get("/reports/?year=110").content.decode()
    assert "勞動局" in index and "社會局" not in index


def test_liaison_cannot_see_city_report_rewards_or_record_penalties(client, make_user, registry):
    client.force_login(make_user("liaison", "勞動局"))
    assert client.get("/reports/city/110/").status_code == 403
    assert client.get("/reports/rewards/109-110/").status_code == 403
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
    office = make_user("admin", "性平辦")  # publication is confirmed by the office (test_publication.py)
    report = services.report_open(unit=registry["勞動局"], year=110, kind=Report.Kind.RESULT, by=user)
    with pytest.raises(ValidationError):
        services.report_publish(report=report, by=office, pdf=False)  # not adopted yet
    assert client.get("/zone/勞動局/").status_code == 200
    assert client.get(f"/zone/documents/{report.pk}/").status_code == 404
    assert client.get(f"/zone/documents/{report.pk}/file.odt").status_code == 404
    services.report_adopt(
        report=report, adopted_on=date(2022, 3, 1), meeting_title="111 年第 1 次性平小組會議", by=user
    )
    assert client.get(f"/zone/documents/{report.pk}/").status_code == 404  # adopted, not yet published
    services.report_publish(report=report, by=office, pdf=False)
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


@pytest.fixture
def social_records(registry):
    """社會局's report (adopted), a plan item and a penalty ground, none of which 勞動局's liaison may touch."""
    from mainstream.reports.models import PenaltyGround

    report = services.report_open(unit=registry["社會局"], year=110, kind=Report.Kind.RESULT)
    services.report_adopt(report=report, adopted_on=date(2022, 3, 1), meeting_title="會議")
    plan = services.report_open(unit=registry["社會局"], year=111, kind=Report.Kind.PLAN)
    ground = PenaltyGround.objects.create(
        year=110, ground="cedaw", unit=registry["社會局"], subject="社會局", description="社會局的事由", evidence="函"
    )
    return report, plan, ground


@pytest.mark.parametrize(
    "method,url",
    [
        ("get", "/reports/社會局/110/result/"),
        ("get", "/reports/社會局/110/result/download.odt"),
        ("get", "/reports/社會局/111/compare/"),
        ("post", "/reports/社會局/111/plan/items/"),
        ("post", "/reports/社會局/110/result/adopt/"),
        ("post", "/reports/社會局/110/result/narrative/"),
        ("post", "/reports/published/{report}/"),
        ("get", "/reports/penalties/{ground}/file/"),
        ("post", "/reports/penalties/{ground}/outcome/"),
        ("post", "/reports/rewards/109-110/adjust/"),
    ],
)
def test_a_liaison_of_labor_never_reaches_another_units_records(client, make_user, social_records, method, url):
    report, plan, ground = social_records
    client.force_login(make_user("liaison", "勞動局"))
    before = (report.status, plan.planned_items.count(), ground.outcome)
    response = getattr(client, method)(
        url.format(report=report.pk, ground=ground.pk),
        {
            "title": "x",
            "body": "y",
            "tool": "training",
            "outcome": "confirmed",
            "note": "n",
            "meeting_title": "m",
            "adopted_on": "111/3/1",
            "unit": "社會局",
            "points": "5",
            "reason": "r",
        },
    )
    assert response.status_code in (403, 404) or (response.status_code == 302 and "/login/" not in response.url)
    report.refresh_from_db()
    ground.refresh_from_db()
    assert (report.status, plan.planned_items.count(), ground.outcome) == before
    from mainstream.reports.models import RewardAdjustment

    assert not RewardAdjustment.objects.exists()


def test_penalty_list_shows_a_liaison_only_its_own_units_grounds(client, make_user, social_records):
    client.force_login(make_user("liaison", "勞動局"))
    assert "社會局的事由" not in client.get("/reports/penalties/?year=110").content.decode()
    client.force_login(make_user("auditor"))
    assert "社會局的事由" in client.get("/reports/penalties/?year=110").content.decode()


def test_office_records_penalty_grounds_with_evidence_and_outcome(client, make_user, registry):
    from mainstream.reports.models import PenaltyGround

    client.force_login(make_user("admin"))
    client.post(
        "/reports/penalties/record/",
        {
            "year": "111",
            "ground": "publication",
            "unit": registry["觀傳局"].pk,
            "description": "宣傳圖性別刻板",
            "evidence": "女權會決議確有不妥",
        },
    )
    row = PenaltyGround.objects.get()
    assert (row.ground, row.unit.short_name, row.outcome) == ("publication", "觀傳局", "pending")
    client.post(f"/reports/penalties/{row.pk}/outcome/", {"outcome": "confirmed", "note": ""})
    row.refresh_from_db()
    assert row.outcome == "pending"  # a note is required
    client.post(f"/reports/penalties/{row.pk}/outcome/", {"outcome": "confirmed", "note": "簽請議處"})
    row.refresh_from_db()
    assert row.outcome == "confirmed"
    with pytest.raises(ValidationError):
        services.penalty_record(year=111, ground="publication", unit=registry["觀傳局"], description="x", evidence="")


def test_rewards_page_shows_how_each_score_was_made_and_the_jury_adjustment(client, make_user, registry):
    Measure.objects.create(unit=registry["勞動局"], year=110, title="措施", category=1, item=1)
    client.force_login(make_user("admin"))
    client.post("/reports/rewards/109-110/adjust/", {"unit": "勞動局", "points": "2.5", "reason": "創新措施"})
    page = client.get("/reports/rewards/109-110/").content.decode()
    assert "2.5（創新措施）" in page
    assert "20 × 達成" in page  # the mechanism weight and its basis
    client.post("/reports/rewards/109-110/adjust/", {"unit": "勞動局", "points": "3", "reason": ""})
    from mainstream.reports.models import RewardAdjustment

    assert RewardAdjustment.objects.get().points == 2.5  # a reason is required


def test_penalty_ground_one_comes_from_the_meetings_rule_after_the_year_closed(make_user, registry, plan):
    """捌、二、(一): task forces with no valid meetings in 110 are recorded once, with the finding kept."""
    from mainstream.mechanism.services import taskforce_sync
    from mainstream.reports.models import PenaltyGround

    taskforce_sync(plan=plan)
    office = make_user("admin")
    assert services.penalty_meetings_record(year=110, as_of=date(2021, 6, 30), by=office) == 0  # year still open
    n = services.penalty_meetings_record(year=110, as_of=date(2022, 1, 5), by=office)
    assert n > 0
    labor = PenaltyGround.objects.get(year=110, unit__short_name="勞動局")
    assert labor.ground == "meetings"
    assert labor.finding["rule"] == "mechanism.taskforce.meetings" and labor.finding["status"] == "unmet"
    assert "伍、一、(二)、4" in labor.description
    assert services.penalty_meetings_record(year=110, as_of=date(2022, 1, 5), by=office) == 0  # idempotent
    with pytest.raises(PermissionDenied):
        services.penalty_meetings_record(year=110, by=make_user("liaison", "勞動局"))


def test_a_report_is_adopted_at_its_own_task_forces_meeting(registry, plan):
    from mainstream.mechanism.models import Meeting, TaskForce
    from mainstream.mechanism.services import taskforce_sync

    taskforce_sync(plan=plan)
    own = Meeting.objects.create(
        taskforce=TaskForce.objects.get(code="勞動局"), title="111 年第 1 次會議", date=date(2022, 2, 10)
    )
    other = Meeting.objects.create(
        taskforce=TaskForce.objects.get(code="社會局"), title="社會局會議", date=date(2022, 2, 11)
    )
    report = services.report_open(unit=registry["勞動局"], year=110, kind=Report.Kind.RESULT)
    with pytest.raises(ValidationError, match="不是本機關性平小組的會議"):
        services.report_adopt(report=report, meeting=other)
    services.report_adopt(report=report, meeting=own)
    report.refresh_from_db()
    assert (report.adopted_meeting, report.adopted_on, report.status) == (own, date(2022, 2, 10), "adopted")
    # 客委會 (B1組) shares its group's task force
    hakka = services.report_open(unit=registry["客委會"], year=110, kind=Report.Kind.RESULT)
    b1 = Meeting.objects.create(taskforce=TaskForce.objects.get(code="B1組"), title="B1組會議", date=date(2022, 3, 1))
    assert b1 in services.meetings_for(hakka)


def test_every_row_of_a_tool_table_names_its_source(registry):
    from mainstream.mechanism.models import Liaison
    from mainstream.reports.compose import findings_table, result_document

    Measure.objects.create(unit=registry["勞動局"], year=110, title="措施甲", category=1, item=1)
    Measure.objects.create(unit=registry["勞動局"], year=110, title="措施乙", category=4, item=2)
    Liaison.objects.create(
        unit=registry["勞動局"], name="王小明", sex="男", role="staff", joined_circle=date(2021, 1, 5)
    )
    doc = result_document("勞動局", 110)
    findings = findings_table([]).title
    tables = [t for t in doc.tables() if t.title != findings]
    assert tables
    for table in tables:
        for row, sources in table.lines:
            assert sources, f"{table.title}: {row} has no source"
    by_category = next(t for t in tables if t.title == "各類別辦理項數")
    assert [len(s) for _, s in by_category.lines] == [1, 1]  # each count lists the measures it counts


def test_rewards_page_says_the_weights_are_the_offices_decision_for_each_round(client, make_user, registry):
    """捌、一 sets the rounds (兩年辦理一次為原則); the points are the office's decision, marked as such."""
    client.force_login(make_user("admin"))
    for key in ("109-110", "111-112"):
        page = client.get(f"/reports/rewards/{key}/").content.decode()
        assert "配分及加減分為性平辦之決定，非計畫所定" in page and f"{key[:3]}–{key[4:]} 年獎勵" in page
