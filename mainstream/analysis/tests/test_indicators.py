"""Gender analyses built on gender statistics indicators (伍、三、(二)、2、C; 伍、四): the link is set in the form and
by the import's optional 統計指標 column, and each unit's public page lists its indicators, their tables and the
analyses built on them."""

from datetime import date

import pytest

from mainstream.analysis.models import Analysis
from mainstream.imports.services import import_file
from mainstream.statistics.models import Indicator, StatTable

HEADER = ["年度", "機關", "題目", "撰擬方式", "性別面向", "性平小組報告日期", "統計指標"]


def write_csv(path, rows):
    path.write_bytes("\r\n".join(",".join(f'"{c}"' for c in r) for r in rows).encode("utf-8") + b"\r\n")
    return path


@pytest.fixture
def indicators(registry):
    def make(unit, name):
        return Indicator.objects.create(unit=registry[unit], name=name, added_on=date(2021, 1, 1))

    return {
        "labour": make("勞動局", "勞動力參與率"),
        "labour_unemployed": make("勞動局", "失業率"),
        "social_unemployed": make("社會局", "失業率"),
        "social": make("社會局", "身心障礙者人數"),
    }


def test_the_import_links_an_analysis_to_indicators_by_name_or_unit_and_name(registry, indicators, tmp_path):
    rows = [
        HEADER,
        [
            "110",
            "勞動局",
            "中高齡女性再就業",
            "自行撰擬",
            "性別",
            "110/06/15",
            "勞動力參與率；失業率；社會局：身心障礙者人數",
        ],
    ]
    result = import_file(kind="analyses", path=write_csv(tmp_path / "a.csv", rows))
    assert result.ok, result.errors
    a = Analysis.objects.get()
    # a bare name is the report's own unit's first (勞動局's 失業率, not 社會局's)
    assert set(a.indicators.all()) == {indicators["labour"], indicators["labour_unemployed"], indicators["social"]}
    # an empty cell on a later import leaves the links as they are
    rows[1][-1] = ""
    assert import_file(kind="analyses", path=write_csv(tmp_path / "b.csv", rows)).ok
    assert a.indicators.count() == 3


def test_an_unknown_or_ambiguous_indicator_refuses_the_file_with_the_row(registry, indicators, tmp_path):
    rows = [
        HEADER,
        ["110", "勞動局", "甲", "自行撰擬", "性別", "", "勞動力參與率"],
        ["110", "文化局", "乙", "自行撰擬", "性別", "", "失業率"],
        ["110", "勞動局", "丙", "自行撰擬", "性別", "", "不存在的指標"],
    ]
    result = import_file(kind="analyses", path=write_csv(tmp_path / "a.csv", rows))
    assert not result.ok
    reasons = {(e.row, e.reason) for e in result.errors}
    assert any(r == 3 and "多個機關" in m and "機關：指標名稱" in m for r, m in reasons), reasons
    assert any(r == 4 and "查無性別統計指標「不存在的指標」" in m for r, m in reasons), reasons
    assert not Analysis.objects.exists()  # all or nothing


def test_the_form_sets_the_indicators_and_the_change_is_audited(client, make_user, registry, indicators):
    from mainstream.audit.models import AuditEvent

    client.force_login(make_user("liaison", "勞動局"))
    form = {
        "unit": registry["勞動局"].pk,
        "year": 110,
        "title": "職災勞工性別差異",
        "method": "委託研究",
        "dimensions": ["性別"],
        "indicators": [indicators["labour"].pk, indicators["social"].pk],
    }
    page = client.get("/analysis/new/").content.decode()
    assert "所據性別統計指標" in page and "勞動局：勞動力參與率" in page
    assert "社會局" not in page  # a liaison picks among its own unit's indicators
    assert client.post("/analysis/new/", form).status_code == 200  # another unit's: not a valid choice
    from mainstream.analysis.services import AnalysisData, analysis_record

    analysis_record(  # the office links 社會局's indicator to 勞動局's report
        data=AnalysisData(
            unit=registry["勞動局"],
            year=110,
            title="職災勞工性別差異",
            method="委託研究",
            dimensions=["性別"],
            indicators=[indicators["labour"], indicators["social"]],
        )
    )
    a = Analysis.objects.get()
    assert set(a.indicators.all()) == {indicators["labour"], indicators["social"]}
    edit = client.get(f"/analysis/{a.pk}/edit/").content.decode()
    assert f'value="{indicators["social"].pk}" selected' in edit and "社會局：身心障礙者人數" in edit
    # the liaison's edit form keeps the link the office set (shown, selected) and may drop it
    assert client.post(f"/analysis/{a.pk}/edit/", {**form, "title": "職災勞工性別差異"}).status_code == 302
    assert a.indicators.count() == 2
    form["indicators"] = [indicators["labour"].pk]
    assert client.post(f"/analysis/{a.pk}/edit/", form).status_code == 302
    assert list(a.indicators.all()) == [indicators["labour"]]
    event = AuditEvent.objects.filter(action="analysis.update").latest("id")
    assert event.changes["indicators"] == ["勞動力參與率、身心障礙者人數", "勞動力參與率"]
    assert "勞動力參與率" in client.get(f"/analysis/{a.pk}/").content.decode()


def test_the_unit_public_page_lists_indicators_tables_and_reported_analyses(client, registry, indicators):
    StatTable.objects.create(code="G0101", title="勞動力參與率按性別分", indicator=indicators["labour"])
    done = Analysis.objects.create(
        unit=registry["勞動局"], year=110, title="中高齡女性再就業", method="自行撰擬", reported_on=date(2021, 6, 15)
    )
    draft = Analysis.objects.create(unit=registry["社會局"], year=111, title="尚未提報之草稿", method="自行撰擬")
    done.indicators.add(indicators["labour"])
    draft.indicators.add(indicators["labour"])
    page = client.get("/zone/勞動局/").content.decode()
    assert "勞動力參與率" in page and "/zone/statistics/G0101/" in page
    assert "110 年「中高齡女性再就業」" in page
    assert "尚未提報之草稿" not in page  # only analyses reported to a task force are public


def test_the_demo_shows_analyses_on_the_pages_of_the_units_whose_indicators_they_use(client, registry):
    from mainstream.analysis.demo import demo_load as analysis_demo
    from mainstream.statistics.demo import demo_load as statistics_demo

    statistics_demo()  # INSTALLED_APPS order, as `mainstream setup --demo` runs them
    analysis_demo()
    labour = client.get("/zone/勞動局/").content.decode()
    assert "110 年「中高齡女性再就業之性別分析」" in labour and "職業災害勞工之性別差異" in labour
