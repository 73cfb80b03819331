"""Services, scoping and pages of the gender budget: a liaison of 勞動局 never sees or changes another unit's
budget; 主計處 (oversight of budget) sees every unit's totals and sets the guidance; an auditor only reads."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from mainstream.budget.models import BudgetGuidance, BudgetLine, BudgetSubmission
from mainstream.budget.services import BudgetLineData, budget_guidance_set, budget_line_record, budget_submit
from mainstream.evaluation.services import findings_evaluate


@pytest.fixture
def lines(registry):
    labor, _ = budget_line_record(
        data=BudgetLineData(registry["勞動局"], 111, "婦女再就業", Decimal(1_200_000), "提升女性勞參率", True)
    )
    social, _ = budget_line_record(
        data=BudgetLineData(registry["社會局"], 111, "托育公共化", Decimal(26_000_000), "減輕照顧負擔", False)
    )
    budget_submit(unit=registry["社會局"], year=111, on=date(2021, 8, 20))
    return {"labor": labor, "social": social}


def test_a_submission_needs_a_line_and_happens_once(registry, lines):
    with pytest.raises(ValidationError, match="尚無性別預算項目"):
        budget_submit(unit=registry["工務局"], year=111)
    submission, new = budget_submit(unit=registry["勞動局"], year=111, on=date(2021, 8, 14))
    assert new and submission.submitted_on == date(2021, 8, 14)
    assert budget_submit(unit=registry["勞動局"], year=111) == (submission, False)
    with pytest.raises(ValidationError, match="不可為負數"):
        budget_line_record(data=BudgetLineData(registry["勞動局"], 111, "負數", Decimal(-1), "x"))


def test_a_liaison_changes_only_its_own_budget(make_user, registry, lines):
    labor = make_user("liaison", "勞動局")
    with pytest.raises(PermissionDenied):
        budget_line_record(data=BudgetLineData(registry["社會局"], 111, "偷加", Decimal(1), "x"), by=labor)
    with pytest.raises(PermissionDenied):
        budget_submit(unit=registry["衛生局"], year=111, by=labor)
    with pytest.raises(PermissionDenied):
        budget_guidance_set(year=111, text="自訂原則", by=labor)
    budget_submit(unit=registry["勞動局"], year=111, by=labor)
    assert BudgetSubmission.objects.filter(unit__short_name="勞動局", submitted_by=labor).exists()


def test_accounting_and_the_office_set_the_guidance(make_user):
    accounting = make_user("oversight", "主計處", tools=["statistics", "budget"])
    budget_guidance_set(year=111, text="一、以具性別目標之計畫為範圍。", by=accounting)
    office = make_user("admin", "性平辦")
    budget_guidance_set(year=111, text="一、以具性別目標之計畫為範圍。\n二、註記新增。", by=office)
    assert BudgetGuidance.objects.get(year=111).text.endswith("註記新增。")
    personnel = make_user("oversight", "人事處", tools=["training"])
    with pytest.raises(PermissionDenied):
        budget_guidance_set(year=112, text="x", by=personnel)


def test_pages_scope_a_liaison_to_its_own_unit(client, make_user, lines):
    client.force_login(make_user("liaison", "勞動局"))
    page = client.get("/budget/").content.decode()
    assert "婦女再就業" in page and "托育公共化" not in page
    totals = client.get("/budget/totals/?year=111").content.decode()
    assert "26,000,000" not in totals and "1,200,000" in totals
    assert client.get(f"/budget/{lines['social'].pk}/edit/").status_code == 403
    assert client.post("/budget/submit/", {"unit": lines["social"].unit_id, "year": 111}).status_code == 403
    assert client.post("/budget/guidance/?year=111", {"text": "自訂"}).status_code == 403
    assert client.get("/budget/guidance/?year=111").status_code == 200
    response = client.post(
        "/budget/new/",
        {"unit": lines["social"].unit_id, "year": 111, "programme": "偷加", "amount": "1", "purpose": "x"},
    )
    assert response.status_code == 200 and not BudgetLine.objects.filter(programme="偷加").exists()


def test_a_liaison_submits_from_the_list(client, make_user, lines):
    client.force_login(make_user("liaison", "勞動局"))
    page = client.get(f"/budget/?year=111&unit={lines['labor'].unit_id}").content.decode()
    assert "提交 111 年度性別預算" in page
    assert client.post("/budget/submit/", {"unit": lines["labor"].unit_id, "year": 111}).status_code == 302
    assert BudgetSubmission.objects.filter(unit=lines["labor"].unit, year=111).exists()


def test_the_export_holds_only_what_the_user_may_read(client, make_user, lines):
    from openpyxl import load_workbook

    client.force_login(make_user("liaison", "勞動局"))
    rows = list(load_workbook(io.BytesIO(client.get("/budget/?format=xlsx").content)).active.values)
    assert rows[0] == ("年度", "機關", "計畫名稱", "金額", "性別目標說明", "新增", "提交")
    assert rows[1:] == [(111, "勞動局", "婦女再就業", 1200000, "提升女性勞參率", "是", "未提交")]
    ods = client.get("/budget/totals/?year=111&format=ods")
    assert ods["Content-Type"] == "application/vnd.oasis.opendocument.spreadsheet"


def test_accounting_sees_totals_by_unit_and_status_filters(client, make_user, lines):
    client.force_login(make_user("oversight", "主計處", tools=["budget"]))
    page = client.get("/budget/totals/?year=111").content.decode()
    assert "26,000,000" in page and "1,200,000" in page and "已提交 1 個機關" in page
    drafts = client.get("/budget/?year=111&status=draft").content.decode()
    assert "婦女再就業" in drafts and "托育公共化" not in drafts
    na = client.get("/budget/totals/?year=111&status=not_applicable").content.decode()
    assert "圖書館" in na and "勞動局</a>" not in na
    assert client.post("/budget/guidance/?year=112", {"text": "延續原則"}).status_code == 302
    assert BudgetGuidance.objects.get(year=112).text == "延續原則"


def test_an_auditor_reads_but_cannot_record(client, make_user, lines):
    client.force_login(make_user("auditor"))
    assert "托育公共化" in client.get("/budget/").content.decode()
    assert client.get("/budget/new/").status_code == 403
    assert "儲存" not in client.get("/budget/guidance/?year=111").content.decode()


def test_demo_is_idempotent_and_evaluates(registry):
    from mainstream.budget.demo import demo_load

    demo_load()
    count = (BudgetLine.objects.count(), BudgetSubmission.objects.count())
    demo_load()
    assert (BudgetLine.objects.count(), BudgetSubmission.objects.count()) == count
    at_end_of_110 = {
        f.subject: f.status for f in findings_evaluate(year=110, as_of=date(2022, 1, 10), rules=["budget.submitted"])
    }
    assert (at_end_of_110["勞動局"], at_end_of_110["工務局"], at_end_of_110["都委會"]) == ("met", "unmet", "met")
    assert at_end_of_110["松山區公所"] == "not_applicable"
    during_111 = {
        f.subject: f.status for f in findings_evaluate(year=111, as_of=date(2022, 10, 31), rules=["budget.submitted"])
    }
    assert (during_111["勞動局"], during_111["社會局"]) == ("met", "in_progress")  # 社會局: drafted, not submitted


def test_deleting_from_the_page_is_scoped(client, make_user, lines, registry):
    client.force_login(make_user("liaison", "勞動局"))
    assert client.post(f"/budget/{lines['social'].pk}/delete/").status_code == 403
    assert "刪除此預算項目" in client.get(f"/budget/{lines['labor'].pk}/edit/").content.decode()
    assert client.post(f"/budget/{lines['labor'].pk}/delete/").status_code == 302
    assert list(BudgetLine.objects.values_list("programme", flat=True)) == ["托育公共化"]
    client.force_login(make_user("oversight", "主計處", tools=["budget"]))
    client.post(f"/budget/{lines['social'].pk}/delete/")  # the only line of a submitted year stays
    assert BudgetLine.objects.filter(programme="托育公共化").exists()
