"""Services, scoping and pages of the statistics catalogue: a liaison of 勞動局 never sees or changes
another unit's entries; 主計處 (oversight of statistics) reads and writes every unit's; an auditor only reads."""

from __future__ import annotations

import io
from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from mainstream.evaluation.services import findings_evaluate
from mainstream.statistics.models import Indicator
from mainstream.statistics.services import IndicatorData, indicator_delete, indicator_record

IND, ITEM, SUB = Indicator.Kind.INDICATOR, Indicator.Kind.ITEM, Indicator.Kind.SUBCLASS


@pytest.fixture
def catalogue(registry):
    labor, _ = indicator_record(
        data=IndicatorData(registry["勞動局"], IND, "職災勞工人數", date(2021, 3, 5), source="x")
    )
    social, _ = indicator_record(
        data=IndicatorData(registry["社會局"], IND, "身障者人數", date(2020, 1, 5), source="y")
    )
    return {"labor": labor, "social": social}


def test_items_and_sub_classifications_hang_under_their_parent(registry, catalogue):
    labor = registry["勞動局"]
    item, outcome = indicator_record(
        data=IndicatorData(labor, ITEM, "失能職災", date(2021, 4, 1), parent=catalogue["labor"])
    )
    sub, _ = indicator_record(data=IndicatorData(labor, SUB, "年齡", date(2021, 4, 1), parent=item))
    assert outcome == "created" and sub.path == "職災勞工人數 › 失能職災 › 年齡"
    with pytest.raises(ValidationError, match="須指明所屬指標"):
        indicator_record(data=IndicatorData(labor, ITEM, "無所屬", date(2021, 4, 1)))
    with pytest.raises(ValidationError, match="不可隸屬於複分類"):
        indicator_record(data=IndicatorData(labor, SUB, "區域", date(2021, 4, 1), parent=sub))
    with pytest.raises(ValidationError, match="不是勞動局的指標"):
        indicator_record(data=IndicatorData(labor, ITEM, "借用", date(2021, 4, 1), parent=catalogue["social"]))
    with pytest.raises(ValidationError, match="早於所屬指標"):
        indicator_record(data=IndicatorData(labor, ITEM, "太早", date(2020, 1, 1), parent=catalogue["labor"]))
    with pytest.raises(ValidationError, match="仍有項目或複分類"):
        indicator_delete(indicator=catalogue["labor"])
    indicator_delete(indicator=sub)
    assert not Indicator.objects.filter(name="年齡").exists()


def test_a_liaison_changes_only_its_own_catalogue(make_user, catalogue, registry):
    labor = make_user("liaison", "勞動局")
    with pytest.raises(PermissionDenied):
        indicator_record(data=IndicatorData(registry["社會局"], IND, "偷加", date(2021, 1, 1)), by=labor)
    with pytest.raises(PermissionDenied):
        indicator_delete(indicator=catalogue["social"], by=labor)
    accounting = make_user("oversight", "主計處", tools=["statistics"])
    indicator_record(data=IndicatorData(registry["社會局"], IND, "主計處代登", date(2021, 1, 1)), by=accounting)
    assert Indicator.objects.filter(name="主計處代登", unit__short_name="社會局").exists()


def test_pages_scope_a_liaison_to_its_own_unit(client, make_user, catalogue):
    client.force_login(make_user("liaison", "勞動局"))
    page = client.get("/statistics/entries/").content.decode()
    assert "職災勞工人數" in page and "身障者人數" not in page
    overview = client.get("/statistics/?year=110").content.decode()
    assert "勞動局" in overview and ">社會局<" not in overview
    assert client.get(f"/statistics/{catalogue['social'].pk}/").status_code == 403
    assert client.get(f"/statistics/{catalogue['social'].pk}/edit/").status_code == 403
    assert client.get(f"/statistics/{catalogue['labor'].pk}/").status_code == 200
    response = client.post(
        "/statistics/new/",
        {
            "unit": catalogue["social"].unit_id,
            "kind": IND,
            "name": "偷加",
            "added_on": "110/01/01",
            "sex_variable": "on",
        },
    )
    assert response.status_code == 200 and not Indicator.objects.filter(name="偷加").exists()  # not a choice


def test_the_export_holds_only_what_the_user_may_read(client, make_user, catalogue):
    from openpyxl import load_workbook

    client.force_login(make_user("liaison", "勞動局"))
    response = client.get("/statistics/entries/?format=xlsx")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    rows = list(load_workbook(io.BytesIO(response.content)).active.values)
    assert rows[0][:3] == ("機關", "指標名稱", "類型")
    assert [r[1] for r in rows[1:]] == ["職災勞工人數"]
    assert client.get("/statistics/?format=ods")["Content-Type"] == "application/vnd.oasis.opendocument.spreadsheet"


def test_accounting_sees_every_catalogue_and_who_is_due(client, make_user, catalogue):
    client.force_login(make_user("oversight", "主計處", tools=["statistics"]))
    page = client.get("/statistics/?year=110").content.decode()
    assert "社會局" in page and "工務局" in page and "應新增之機關" in page
    due = client.get("/statistics/?year=110&status=unmet").content.decode()
    assert "工務局" in due and 'href="/statistics/entries/?unit=' in due
    response = client.post(
        "/statistics/new/",
        {
            "unit": catalogue["social"].unit_id,
            "kind": ITEM,
            "parent": catalogue["social"].pk,
            "name": "就業人數",
            "added_on": "110/05/03",
            "sex_variable": "on",
        },
    )
    assert response.status_code == 302
    assert Indicator.objects.get(name="就業人數").parent == catalogue["social"]


def test_an_auditor_reads_but_cannot_record(client, make_user, catalogue):
    client.force_login(make_user("auditor"))
    assert "身障者人數" in client.get("/statistics/entries/").content.decode()
    assert client.get("/statistics/new/").status_code == 403


def test_entry_filters_by_year_kind_and_status(client, make_user, catalogue):
    client.force_login(make_user("auditor"))
    new_in_110 = client.get("/statistics/entries/?year=110&status=new").content.decode()
    assert "職災勞工人數" in new_in_110 and "身障者人數" in new_in_110  # 109 is in the 109–110 window
    new_in_111 = client.get("/statistics/entries/?year=111&status=new").content.decode()
    assert "職災勞工人數" not in new_in_111
    existing_111 = client.get("/statistics/entries/?year=111&status=existing").content.decode()
    assert "職災勞工人數" in existing_111
    assert "職災勞工人數" not in client.get("/statistics/entries/?kind=item").content.decode()


def test_demo_is_idempotent_and_evaluates(registry):
    from mainstream.statistics.demo import demo_load

    demo_load()
    count = Indicator.objects.count()
    demo_load()
    assert Indicator.objects.count() == count
    findings = {
        f.subject: f for f in findings_evaluate(year=110, as_of=date(2022, 1, 10), rules=["statistics.new_indicator"])
    }
    assert findings["勞動局"].status == "met"  # an indicator added in 109 counts for 110
    assert findings["工務局"].status == "unmet"
    assert findings["圖書館"].status == "not_applicable"


def test_deleting_from_the_page_is_scoped(client, make_user, catalogue):
    client.force_login(make_user("liaison", "勞動局"))
    assert client.post(f"/statistics/{catalogue['social'].pk}/delete/").status_code == 403
    assert client.get(f"/statistics/{catalogue['labor'].pk}/delete/").status_code == 405
    assert client.post(f"/statistics/{catalogue['labor'].pk}/delete/").status_code == 302
    assert list(Indicator.objects.values_list("name", flat=True)) == ["身障者人數"]
