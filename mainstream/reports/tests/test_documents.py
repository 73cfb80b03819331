"""Documents: the ODT opens in LibreOffice and the PDF shows Chinese text; the annexes hold the tables
with their sources; the command writes each format."""

from __future__ import annotations

import io
import shutil
import subprocess
import zipfile

import pytest
from django.core.management import call_command

from mainstream.measures.models import Measure
from mainstream.reports import exports
from mainstream.reports.compose import result_document

needs_soffice = pytest.mark.skipif(
    not shutil.which("soffice") or not shutil.which("pdftotext"),
    reason="LibreOffice / poppler not installed (make system-deps)",
)


@pytest.fixture
def labor_110(registry):
    Measure.objects.create(unit=registry["勞動局"], year=110, title="職場平權講座", category=5, item=1)
    return result_document("勞動局", 110)


def test_odt_uses_a_cjk_font(labor_110):
    odt = exports.to_odt(labor_110)
    with zipfile.ZipFile(io.BytesIO(odt)) as z:
        styles = z.read("styles.xml").decode()
        content = z.read("content.xml").decode()
    assert 'style:font-name-asian="Noto Sans CJK TC"' in styles
    assert "臺北市政府勞動局 110 年度" in content
    assert "具體措施「職場平權講座」" in content  # sources travel with the numbers (named, not numbered)


@needs_soffice
def test_pdf_from_odt_shows_unit_name_and_clause(labor_110, tmp_path):
    pdf = exports.odt_to_pdf(exports.to_odt(labor_110))
    (tmp_path / "r.pdf").write_bytes(pdf)
    text = subprocess.run(["pdftotext", str(tmp_path / "r.pdf"), "-"], capture_output=True, check=True).stdout.decode()
    flat = "".join(text.split())
    assert "臺北市政府勞動局" in flat
    assert "陸、一、(一)" in flat  # the measures duty's clause for A群
    fonts = subprocess.run(["pdffonts", str(tmp_path / "r.pdf")], capture_output=True, check=False).stdout.decode()
    assert "CJK" in fonts


def test_ods_and_xlsx_annexes_hold_every_table_with_sources(labor_110):
    from openpyxl import load_workbook

    wb = load_workbook(io.BytesIO(exports.to_xlsx(labor_110)))
    listing = next(ws for ws in wb.worksheets if ws.title.startswith("具體措施一覽"))
    rows = list(listing.iter_rows(values_only=True))
    assert rows[2][-1] == "資料來源"
    assert any("職場平權講座" in str(r) and "具體措施「" in str(r[-1]) for r in rows[3:])
    with zipfile.ZipFile(io.BytesIO(exports.to_ods(labor_110))) as z:
        content = z.read("content.xml").decode()
    assert "具體措施一覽" in content and "職場平權講座" in content


def test_tool_without_records_shows_no_data_rather_than_being_left_out(labor_110):
    headings = [b.text for b in labor_110.blocks if b.type == "heading"]
    for tool in ("性別平等機制", "性別意識培力", "性別統計", "性別分析", "性別影響評估", "性別預算"):
        assert any(tool in h for h in headings), tool
    assert any(b.text == "尚無資料" for b in labor_110.blocks)


@needs_soffice
def test_report_command_writes_each_format(registry, tmp_path):
    for fmt in ("odt", "ods", "xlsx"):
        out = tmp_path / f"r.{fmt}"
        call_command("report", "result", unit="勞動局", year="110", format=fmt, output=str(out))
        assert out.read_bytes()[:2] == b"PK"
    out = tmp_path / "city.odt"
    call_command("report", "city", year="110", format="odt", output=str(out))
    assert out.stat().st_size > 0
    out = tmp_path / "plan.pdf"
    call_command("report", "plan", unit="客家事務委員會", year="111", format="pdf", output=str(out))
    assert out.read_bytes()[:4] == b"%PDF"


def test_report_command_refuses_an_unknown_unit(registry, tmp_path):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="找不到機關"):
        call_command("report", "result", unit="不存在局", year="110", format="odt", output=str(tmp_path / "x.odt"))
