"""Import templates carry drop-down lists for coded columns (issue 16, item 7): read back as other programs read them."""

from __future__ import annotations

import io
import re
import zipfile

import pytest

from mainstream.imports.schema import discover_kinds
from mainstream.imports.template_files import template_build


def _xlsx_lists(data: bytes) -> dict[str, list[str]]:
    """Header of each validated column → the values its drop-down offers (resolved through the 選項 sheet)."""
    from openpyxl import load_workbook

    wb = load_workbook(io.BytesIO(data))
    first, options = wb.worksheets[0], wb["選項"]
    header = [c.value for c in first[1]]
    out = {}
    for dv in first.data_validations.dataValidation:
        assert dv.type == "list" and dv.showErrorMessage
        m = re.fullmatch(r"'選項'!\$([A-Z]+)\$2:\$\1\$(\d+)", dv.formula1)
        assert m, dv.formula1
        values = [c.value for c in options[m.group(1)][1 : int(m.group(2))]]
        col = re.match(r"([A-Z]+)2:", str(dv.sqref)).group(1)
        out[header[ord(col) - ord("A")]] = values
    return out


@pytest.mark.django_db
def test_the_liaisons_template_offers_the_sexes_and_units_in_xlsx(registry):
    lists = _xlsx_lists(template_build(discover_kinds()["liaisons"], "xlsx"))
    assert lists["性別"] == ["男", "女", "其他"]
    assert "勞動局" in lists["機關"] and len(lists["機關"]) > 40  # the registry's units


@pytest.mark.django_db
def test_the_training_template_offers_modes_and_levels(registry):
    lists = _xlsx_lists(template_build(discover_kinds()["training"], "xlsx"))
    assert lists["學習方式"] == ["實體", "數位"]
    assert lists["課程類別"] == ["基礎", "進階"]


@pytest.mark.django_db
def test_the_ods_template_declares_content_validations_over_the_choices_sheet(registry):
    data = template_build(discover_kinds()["liaisons"], "ods")
    content = zipfile.ZipFile(io.BytesIO(data)).read("content.xml").decode()
    conditions = re.findall(r'table:condition="([^"]+)"', content)
    assert conditions and all("cell-content-is-in-list([$'選項'." in c.replace("&apos;", "'") for c in conditions)
    assert 'table:content-validation-name="choices0"' in content
    from odfdo import Document

    doc = Document(io.BytesIO(data))
    options = doc.body.get_table(name="選項")
    assert "性別" in [c.value for c in options.get_row(0).get_cells()]
