"""Imports are all or nothing, with row-level reasons (issue 2, item 8), on real files."""

import json

import pytest
from django.core.management import call_command

from mainstream.audit.models import AuditEvent
from mainstream.imports.services import import_file
from mainstream.imports.template_files import ods_build, xlsx_build
from mainstream.measures.models import Measure

HEADER = ["年度", "機關", "類別", "項目", "名稱", "辦理日期", "說明"]
GOOD = [
    ["110", "勞動局", "一", "2", "育兒友善職場", "110/3/5", "輔導 30 家企業"],
    ["110", "臺北市政府勞動局", "5", "1", "性別平等勞動講座", "110.04.01", ""],
    ["110", "社會局", "（四）", "1", "親子廁所", "1100601", ""],
    ["111", "社會局", "六", "3", "性平繪本", "2022-05-05", ""],
]


def write_csv(path, rows, encoding="utf-8"):
    path.write_bytes("\r\n".join(",".join(r) for r in rows).encode(encoding) + b"\r\n")
    return path


@pytest.fixture
def good_rows():
    return [HEADER, *GOOD]


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp950"])
def test_a_csv_in_utf8_or_big5_is_imported(registry, tmp_path, good_rows, encoding):
    path = write_csv(tmp_path / "m.csv", good_rows, encoding)
    result = import_file(kind="measures", path=path)
    assert result.ok, result.errors
    assert result.write.created == 4
    m = Measure.objects.get(title="親子廁所")
    assert (m.unit.short_name, m.year, m.category, m.item, m.date.isoformat()) == ("社會局", 110, 4, 1, "2021-06-01")
    assert Measure.objects.get(title="性別平等勞動講座").unit.short_name == "勞動局"  # by full name


def test_xlsx_and_ods_are_imported(registry, tmp_path, good_rows):
    (tmp_path / "m.xlsx").write_bytes(xlsx_build([("措施", good_rows)]))
    assert import_file(kind="measures", path=tmp_path / "m.xlsx").write.created == 4
    (tmp_path / "m.ods").write_bytes(
        ods_build([("措施", [HEADER, ["112", "工務局", "4", "1", "公園親子廁所", "112/1/2", ""]])])
    )
    result = import_file(kind="measures", path=tmp_path / "m.ods")
    assert result.ok, result.errors
    assert Measure.objects.filter(year=112, unit__short_name="工務局").count() == 1


def test_importing_the_same_file_twice_changes_nothing(registry, tmp_path, good_rows):
    path = write_csv(tmp_path / "m.csv", good_rows)
    import_file(kind="measures", path=path)
    events = AuditEvent.objects.count()
    again = import_file(kind="measures", path=path)
    assert (again.write.created, again.write.updated, again.write.unchanged) == (0, 0, 4)
    assert Measure.objects.count() == 4
    assert AuditEvent.objects.count() == events


def test_a_bad_file_is_rejected_whole_with_every_row_reason(registry, tmp_path):
    rows = [
        HEADER,
        ["110", "勞動局", "一", "2", "好的一列", "110/3/5", ""],
        ["110", "不存在局", "一", "2", "未知機關", "110/3/5", ""],
        ["110", "勞動局", "七", "1", "未知類別", "110/3/5", ""],
        ["110", "勞動局", "一", "9", "未知項目", "110/3/5", ""],
        ["110", "勞動局", "二", "1", "", "110/3/5", ""],
        ["110", "勞動局", "二", "1", "日期錯", "110/2/30", ""],
        ["110", "勞動局", "一", "2", "好的一列", "110/3/5", ""],
    ]
    result = import_file(kind="measures", path=write_csv(tmp_path / "bad.csv", rows))
    assert not result.ok
    found = {(e.row, e.column) for e in result.errors}
    assert found == {(3, "機關"), (4, "類別"), (5, "項目"), (6, "名稱"), (7, "辦理日期"), (8, "")}
    reasons = {e.row: e.reason for e in result.errors}
    assert "查無機關「不存在局」" in reasons[3]
    assert "與第 2 列重複" in reasons[8]
    assert Measure.objects.count() == 0
    assert AuditEvent.objects.filter(action__startswith="import").count() == 0


def test_a_missing_column_is_named(registry, tmp_path):
    rows = [["年度", "機關", "類別", "名稱"], ["110", "勞動局", "一", "x"]]
    result = import_file(kind="measures", path=write_csv(tmp_path / "m.csv", rows))
    assert [(e.row, e.column, e.reason) for e in result.errors] == [(1, "項目", "缺少此欄位")]


def test_the_command_exits_1_and_lists_the_reasons(registry, tmp_path, capsys):
    rows = [HEADER, ["110", "勞動局", "一", "2", "x", "昨天", ""]]
    path = write_csv(tmp_path / "bad.csv", rows)
    with pytest.raises(SystemExit) as exit_:
        call_command("import_file", "measures", str(path))
    assert exit_.value.code == 1
    err = capsys.readouterr().err
    assert "整檔退回" in err and "第 2 列「辦理日期」" in err
    assert Measure.objects.count() == 0


def test_the_command_reports_json(registry, tmp_path, capsys, good_rows):
    call_command("import_file", "measures", str(write_csv(tmp_path / "m.csv", good_rows)), "--format", "json")
    out = json.loads(capsys.readouterr().out)
    assert out["ok"] and out["created"] == 4


def test_a_liaison_cannot_import_rows_of_another_unit(make_user, tmp_path):
    labor = make_user("liaison", "勞動局")
    rows = [
        HEADER,
        ["110", "勞動局", "一", "2", "自己的", "110/3/5", ""],
        ["110", "社會局", "一", "2", "別人的", "110/3/5", ""],
    ]
    result = import_file(kind="measures", path=write_csv(tmp_path / "m.csv", rows), by=labor)
    assert [(e.row, e.reason) for e in result.errors] == [(3, "您沒有匯入「社會局」資料的權限")]
    assert Measure.objects.count() == 0


def test_a_file_that_is_not_a_spreadsheet_is_refused(registry, tmp_path):
    path = tmp_path / "m.txt"
    path.write_text("hello")
    result = import_file(kind="measures", path=path)
    assert not result.ok and "不支援的檔案類型" in result.errors[0].reason
