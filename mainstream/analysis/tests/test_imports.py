"""The `analyses` import on real files: all or nothing, with row-level reasons."""

import pytest

from mainstream.analysis.models import Analysis
from mainstream.imports.services import import_file
from mainstream.imports.template_files import ods_build, xlsx_build

HEADER = [
    "年度",
    "機關",
    "題目",
    "撰擬方式",
    "性別面向",
    "交織因素",
    "資料來源為12區公所",
    "僅描述統計",
    "性平小組報告日期",
]
GOOD = [
    ["110", "勞動局", "中高齡女性再就業", "自行撰擬", "性別,性別認同", "年齡、障礙情形,單親", "否", "否", "110/06/15"],
    ["110", "信義區公所", "12 區里鄰長性別分析", "委託研究", "性別", "地區", "是", "否", ""],
    ["111", "社會局", "照顧者人數", "研究專章", "性別", "", "否", "是", "111/03/01"],
]


def write_csv(path, rows, encoding="utf-8"):
    path.write_bytes("\r\n".join(",".join(f'"{c}"' for c in r) for r in rows).encode(encoding) + b"\r\n")
    return path


@pytest.mark.parametrize("encoding", ["utf-8", "cp950"])
def test_a_csv_in_utf8_or_big5_is_imported(registry, tmp_path, encoding):
    result = import_file(kind="analyses", path=write_csv(tmp_path / "a.csv", [HEADER, *GOOD], encoding))
    assert result.ok, result.errors
    assert result.write.created == 3
    a = Analysis.objects.get(title="中高齡女性再就業")
    assert (a.unit.short_name, a.year, a.method, a.dimensions) == ("勞動局", 110, "自行撰擬", ["性別", "性別認同"])
    assert (a.factors, a.factors_other, a.reported_on.isoformat()) == (["年齡", "障礙情形"], "單親", "2021-06-15")
    assert a.counts
    d1 = Analysis.objects.get(title="12 區里鄰長性別分析")
    assert d1.district_data and d1.reported_on is None and not d1.counts
    descriptive = Analysis.objects.get(title="照顧者人數")
    assert descriptive.descriptive_only and descriptive.descriptive_reason and not descriptive.counts


@pytest.mark.parametrize("fmt", ["xlsx", "ods"])
def test_xlsx_and_ods_are_imported(registry, tmp_path, fmt):
    build = xlsx_build if fmt == "xlsx" else ods_build
    path = tmp_path / f"a.{fmt}"
    path.write_bytes(build([("性別分析", [HEADER, *GOOD])]))
    result = import_file(kind="analyses", path=path)
    assert result.ok, result.errors
    assert Analysis.objects.count() == 3


def test_one_bad_row_rejects_the_file_with_the_reasons(registry, tmp_path):
    bad = [
        *GOOD,
        ["110", "勞動局", "另一篇", "口述", "性別,年齡", "", "否", "否", "110/13/01"],
        ["110", "勞動局", "資料來源錯置", "自行撰擬", "性別", "", "是", "否", ""],
    ]
    result = import_file(kind="analyses", path=write_csv(tmp_path / "bad.csv", [HEADER, *bad]))
    assert not result.ok
    reasons = {(e.row, e.column) for e in result.errors}
    assert {(5, "撰擬方式"), (5, "性別面向"), (5, "性平小組報告日期"), (6, "資料來源為12區公所")} <= reasons
    assert Analysis.objects.count() == 0  # nothing written


def test_a_liaison_cannot_import_another_units_reports(registry, make_user, tmp_path):
    labor = make_user("liaison", "勞動局")
    result = import_file(kind="analyses", path=write_csv(tmp_path / "a.csv", [HEADER, *GOOD]), by=labor)
    assert not result.ok
    assert any("權限" in e.reason for e in result.errors)
    assert Analysis.objects.count() == 0


def test_a_liaison_cannot_lift_the_offices_descriptive_mark_by_importing(registry, make_user, tmp_path):
    from mainstream.analysis.services import analysis_mark_descriptive

    labor = make_user("liaison", "勞動局")
    office = make_user("admin")
    rows = [HEADER, GOOD[0]]
    assert import_file(kind="analyses", path=write_csv(tmp_path / "a.csv", rows), by=labor).ok
    a = Analysis.objects.get()
    analysis_mark_descriptive(analysis=a, descriptive_only=True, reason="僅列男女人數，無處境分析", by=office)
    again = import_file(kind="analyses", path=write_csv(tmp_path / "b.csv", rows), by=labor)
    assert again.ok
    a.refresh_from_db()
    assert a.descriptive_only and a.descriptive_reason == "僅列男女人數，無處境分析"
