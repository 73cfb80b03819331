"""The ``budget`` import on real files (CSV UTF-8 / CP950, XLSX, ODS): all or nothing; the file is the submission."""

from __future__ import annotations

from decimal import Decimal

import pytest

from mainstream.budget.models import BudgetLine, BudgetSubmission
from mainstream.imports.services import import_file
from mainstream.imports.template_files import ods_build, xlsx_build

HEADER = ["年度", "機關", "計畫名稱", "金額", "性別目標說明", "新增"]
ROWS = [
    ["111", "勞動局", "中高齡婦女再就業", "1200000", "提升中高齡女性勞參率", "是"],
    ["111", "勞動局", "職場托育補助", "800000", "支持育兒員工", "否"],
    ["111", "都委會", "都市計畫性別友善設計", "50000", "公共空間性別友善", "是"],
]


def write_csv(path, rows, encoding="utf-8"):
    path.write_bytes(
        "\r\n".join(",".join(f'"{c}"' if "," in c else c for c in r) for r in rows).encode(encoding) + b"\r\n"
    )
    return path


@pytest.mark.parametrize("encoding", ["utf-8", "cp950"])
def test_lines_are_recorded_and_each_unit_year_submitted(registry, tmp_path, encoding):
    result = import_file(kind="budget", path=write_csv(tmp_path / "b.csv", [HEADER, *ROWS], encoding))
    assert result.ok, result.errors
    assert result.write.created == 3
    line = BudgetLine.objects.get(programme="中高齡婦女再就業")
    assert (line.year, line.amount, line.new) == (111, Decimal(1200000), True)
    assert sorted(BudgetSubmission.objects.values_list("unit__short_name", "year")) == [
        ("勞動局", 111),
        ("都委會", 111),
    ]


def test_from_xlsx_and_ods_with_thousands_separators(registry, tmp_path):
    (tmp_path / "b.xlsx").write_bytes(
        xlsx_build([("預算", [HEADER, ["110", "社會局", "托育", "1,000,000", "托育", "否"]])])
    )
    assert import_file(kind="budget", path=tmp_path / "b.xlsx").ok
    (tmp_path / "b.ods").write_bytes(
        ods_build([("預算", [HEADER, ["110", "工務局", "親子廁所", 300000, "友善", "是"]])])
    )
    result = import_file(kind="budget", path=tmp_path / "b.ods")
    assert result.ok, result.errors
    assert BudgetLine.objects.get(programme="托育").amount == Decimal(1000000)
    assert BudgetSubmission.objects.count() == 2


def test_a_bad_file_is_rejected_whole(registry, tmp_path):
    rows = [
        HEADER,
        ROWS[0],
        ["111", "勞動局", "乙", "-5", "x", "否"],  # negative
        ["111", "勞動局", "丙", "12.5", "x", "否"],  # not an integer
        ["111", "勞動局", "丁", "100", "", "否"],  # no purpose
        ["111", "不存在局", "戊", "100", "x", "否"],  # unknown unit
        ["111", "勞動局", "中高齡婦女再就業", "100", "x", "否"],  # duplicate of row 2
        ["111", "勞動局", "己", "100", "x", "不知道"],  # bad yes/no
    ]
    result = import_file(kind="budget", path=write_csv(tmp_path / "b.csv", rows))
    assert not result.ok
    columns = {(e.row, e.column) for e in result.errors}
    assert {(3, "金額"), (4, "金額"), (5, "性別目標說明"), (6, "機關"), (8, "新增")} <= columns
    assert any(e.row == 7 and "重複" in e.reason for e in result.errors)
    assert BudgetLine.objects.count() == 0 and BudgetSubmission.objects.count() == 0


def test_a_year_outside_the_period_or_a_non_executing_unit_is_rejected(registry, tmp_path):
    rows = [HEADER, ROWS[0], ["113", "勞動局", "甲", "100", "x", "是"], ["111", "性平辦", "乙", "100", "x", "否"]]
    result = import_file(kind="budget", path=write_csv(tmp_path / "b.csv", rows))
    assert {(e.row, e.column) for e in result.errors} == {(3, "年度"), (4, "機關")}
    assert BudgetLine.objects.count() == 0


def test_a_missing_header_is_rejected(registry, tmp_path):
    result = import_file(kind="budget", path=write_csv(tmp_path / "b.csv", [HEADER[:5], ROWS[0][:5]]))
    assert not result.ok
    assert any("新增" in str(e) for e in result.errors)


def test_a_liaison_imports_only_for_its_own_unit(make_user, tmp_path):
    labor = make_user("liaison", "勞動局")
    result = import_file(kind="budget", path=write_csv(tmp_path / "b.csv", [HEADER, *ROWS]), by=labor)
    assert not result.ok and any(e.row == 4 for e in result.errors)  # 都委會's row
    assert BudgetLine.objects.count() == 0
    assert import_file(kind="budget", path=write_csv(tmp_path / "b.csv", [HEADER, *ROWS[:2]]), by=labor).ok


def test_the_lines_export_imports_again_unchanged(client, make_user, tmp_path):
    accounting = make_user("oversight", "主計處", tools=["budget"])
    assert import_file(kind="budget", path=write_csv(tmp_path / "b.csv", [HEADER, *ROWS]), by=accounting).ok
    client.force_login(accounting)
    for fmt in ("xlsx", "ods"):
        (tmp_path / f"out.{fmt}").write_bytes(client.get(f"/budget/?format={fmt}").content)
        again = import_file(kind="budget", path=tmp_path / f"out.{fmt}", by=accounting)
        assert again.ok, again.errors
        assert (again.write.created, again.write.unchanged) == (0, 3)
