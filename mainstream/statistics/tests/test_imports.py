"""The ``indicators`` import on real files (CSV UTF-8 / CP950, XLSX, ODS): all or nothing, with row reasons."""

from __future__ import annotations

from datetime import date

import pytest

from mainstream.imports.services import import_file
from mainstream.imports.template_files import ods_build, xlsx_build
from mainstream.statistics.models import Indicator

HEADER = [
    "機關",
    "指標名稱",
    "類型",
    "新增日期",
    "資料來源",
    "更新頻率",
    "國際指標",
    "含性別變項",
    "所屬指標",
    "所屬項目",
]
ROWS = [
    ["勞動局", "職業災害勞工人數", "指標", "110/03/05", "勞動檢查處", "年", "SDGs 8.8.1", "是", "", ""],
    ["勞動局", "年齡", "複分類", "110/03/05", "", "", "", "是", "職業災害勞工人數", ""],
    ["勞動局", "失能職災", "項目", "110/04/01", "", "", "", "是", "職業災害勞工人數", ""],
    ["勞動局", "教育程度", "複分類", "111/02/01", "", "", "", "是", "職業災害勞工人數", "失能職災"],
    ["臺北市政府社會局", "身心障礙者人數", "指標", "109/12/01", "社會局", "季", "", "否", "", ""],
]


def write_csv(path, rows, encoding="utf-8"):
    path.write_bytes("\r\n".join(",".join(r) for r in rows).encode(encoding) + b"\r\n")
    return path


@pytest.mark.parametrize("encoding", ["utf-8", "cp950"])
def test_indicators_items_and_sub_classifications_in_one_file(registry, tmp_path, encoding):
    result = import_file(kind="indicators", path=write_csv(tmp_path / "i.csv", [HEADER, *ROWS], encoding))
    assert result.ok, result.errors
    assert result.write.created == 5
    edu = Indicator.objects.get(name="教育程度")
    assert (edu.kind, edu.path, edu.added_on) == (
        "subclass",
        "職業災害勞工人數 › 失能職災 › 教育程度",
        date(2022, 2, 1),
    )
    top = Indicator.objects.get(name="職業災害勞工人數")
    assert (top.international, top.sex_variable, top.frequency) == ("SDGs 8.8.1", True, "年")
    assert Indicator.objects.get(name="身心障礙者人數").unit.short_name == "社會局"  # by full name
    again = import_file(kind="indicators", path=write_csv(tmp_path / "i.csv", [HEADER, *ROWS], encoding))
    assert again.ok and again.write.unchanged == 5


def test_from_xlsx_and_ods_and_a_parent_already_in_the_catalogue(registry, tmp_path):
    (tmp_path / "i.xlsx").write_bytes(xlsx_build([("指標", [HEADER, ROWS[0]])]))
    assert import_file(kind="indicators", path=tmp_path / "i.xlsx").write.created == 1
    (tmp_path / "i.ods").write_bytes(ods_build([("指標", [HEADER, ROWS[2]])]))  # the item: its indicator is stored
    result = import_file(kind="indicators", path=tmp_path / "i.ods")
    assert result.ok, result.errors
    assert Indicator.objects.get(name="失能職災").parent.name == "職業災害勞工人數"


def test_without_the_optional_parent_columns(registry, tmp_path):
    header = HEADER[:8]
    result = import_file(kind="indicators", path=write_csv(tmp_path / "i.csv", [header, ROWS[0][:8]]))
    assert result.ok, result.errors


def test_a_file_with_bad_rows_is_rejected_whole(registry, tmp_path):
    rows = [
        HEADER,
        ROWS[0],
        ["勞動局", "區域", "複分類", "110/03/05", "", "", "", "是", "", ""],  # no parent named
        ["勞動局", "性別", "分類", "110/03/05", "", "", "", "是", "", ""],  # not a kind
        ["勞動局", "新指標", "指標", "110/13/01", "", "", "", "也許", "", ""],  # bad date, no source, bad yes/no
        ["社會局", "婦女人數", "指標", "110/01/01", "社會局", "年", "", "是", "某指標", ""],  # indicator with a parent
        ["勞動局", "失業", "項目", "110/05/01", "", "", "", "是", "職業災害勞工人數", "某項目"],  # item under an item
    ]
    result = import_file(kind="indicators", path=write_csv(tmp_path / "i.csv", rows))
    assert not result.ok
    reasons = {(e.row, e.column): e.reason for e in result.errors}
    assert "必須填所屬指標" in reasons[(3, "所屬指標")]
    assert "不是可接受的值" in reasons[(4, "類型")]
    assert (5, "新增日期") in reasons and (5, "資料來源") in reasons and (5, "含性別變項") in reasons
    assert "不可填所屬指標" in reasons[(6, "所屬指標")]
    assert "請留空" in reasons[(7, "所屬項目")]
    assert Indicator.objects.count() == 0  # not even the good first row


def test_a_parent_that_does_not_exist_or_comes_later_rejects_the_file(registry, tmp_path):
    rows = [
        HEADER,
        ROWS[0],
        ["勞動局", "職業別", "項目", "110/03/05", "", "", "", "是", "不存在的指標", ""],  # unknown parent
        ["勞動局", "年資", "項目", "109/01/01", "", "", "", "是", "職業災害勞工人數", ""],  # before its indicator
        ["社會局", "年齡", "複分類", "110/03/05", "", "", "", "是", "職業災害勞工人數", ""],  # another unit's indicator
        ["性平辦", "某指標", "指標", "110/01/01", "性平辦", "年", "", "是", "", ""],  # not an executing unit
    ]
    result = import_file(kind="indicators", path=write_csv(tmp_path / "i.csv", rows))
    reasons = {(e.row, e.column): e.reason for e in result.errors}
    assert "查無「不存在的指標」" in reasons[(3, "所屬指標")]
    assert "早於所屬" in reasons[(4, "新增日期")]
    assert "社會局的性別統計查無" in reasons[(5, "所屬指標")]
    assert "不是執行辦理單位" in reasons[(6, "機關")]
    assert Indicator.objects.count() == 0


def test_a_liaison_imports_only_for_its_own_unit(make_user, tmp_path):
    labor = make_user("liaison", "勞動局")
    result = import_file(kind="indicators", path=write_csv(tmp_path / "i.csv", [HEADER, *ROWS]), by=labor)
    assert not result.ok
    assert any(e.row == 6 for e in result.errors)  # 社會局's row
    assert Indicator.objects.count() == 0
    accounting = make_user("oversight", "主計處", tools=["statistics"])
    assert import_file(kind="indicators", path=write_csv(tmp_path / "i.csv", [HEADER, *ROWS]), by=accounting).ok


def test_the_entries_export_imports_again_unchanged(client, make_user, tmp_path):
    accounting = make_user("oversight", "主計處", tools=["statistics"])
    assert import_file(kind="indicators", path=write_csv(tmp_path / "i.csv", [HEADER, *ROWS]), by=accounting).ok
    client.force_login(accounting)
    for fmt in ("xlsx", "ods"):
        (tmp_path / f"out.{fmt}").write_bytes(client.get(f"/statistics/entries/?format={fmt}").content)
        again = import_file(kind="indicators", path=tmp_path / f"out.{fmt}", by=accounting)
        assert again.ok, again.errors
        assert (again.write.created, again.write.unchanged) == (0, 5)
