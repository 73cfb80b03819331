"""Write a :class:`ReportDocument` as ODT (editable), PDF (LibreOffice, CJK font) and ODS/XLSX annexes.

The ODT's styles use the Noto CJK fonts the project installs (fonts-noto-cjk via scripts/system-deps),
so the PDF that LibreOffice makes from it shows Chinese text with an embedded CJK font.
"""

from __future__ import annotations

import io
import shutil
import subprocess
import tempfile
import uuid
from pathlib import Path
from typing import Any

from mainstream.imports.template_files import neutralise

from .document import ReportDocument
from .sections import Table

FONT_SANS = "Noto Sans CJK TC"
FONT_SERIF = "Noto Serif CJK TC"
SOURCE_COLUMN = "資料來源"
MIME = {
    "odt": "application/vnd.oasis.opendocument.text",
    "ods": "application/vnd.oasis.opendocument.spreadsheet",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
}
FORMATS = tuple(MIME)


class ExportError(RuntimeError):
    pass


def _rows_with_sources(table: Table) -> tuple[list[str], list[list[Any]]]:
    columns = [*table.columns, SOURCE_COLUMN]
    rows = []
    for i, row in enumerate(table.rows):
        sources = table.sources[i] if i < len(table.sources) else []
        rows.append([("" if v is None else v) for v in row] + ["；".join(s.label for s in sources)])
    return columns, rows


def _cjk_fonts(document) -> None:  # type: ignore[no-untyped-def]
    """Make every text style of the document use the Noto CJK fonts (Latin, Asian and complex scripts)."""
    from odfdo import Element

    for part_name in ("styles.xml", "content.xml"):
        part = document.get_part(part_name)
        decls = part.get_element("//office:font-face-decls")
        if decls is not None:
            for name, generic in ((FONT_SANS, "swiss"), (FONT_SERIF, "roman")):
                decls.append(
                    Element.from_tag(
                        f'<style:font-face style:name="{name}" svg:font-family="&apos;{name}&apos;" '
                        f'style:font-family-generic="{generic}" style:font-pitch="variable"/>'
                    )
                )
    styles = document.get_part("styles.xml")
    for level in styles.get_elements("//text:outline-level-style"):
        level.set_attribute("style:num-format", "")  # headings carry the plan's own numbering (壹、一、)
        for attr in ("loext:num-list-format", "style:num-suffix"):
            if level.get_attribute(attr) is not None:
                level.del_attribute(attr)
    for layout in styles.get_elements("//style:page-layout-properties"):  # A4 landscape: wide tables
        for attr, value in (
            ("fo:page-width", "29.7cm"),
            ("fo:page-height", "21cm"),
            ("style:print-orientation", "landscape"),
            ("fo:margin-left", "1.5cm"),
            ("fo:margin-right", "1.5cm"),
            ("fo:margin-top", "1.5cm"),
            ("fo:margin-bottom", "1.5cm"),
        ):
            layout.set_attribute(attr, value)
    for default in styles.get_elements("//style:default-style[@style:family='paragraph']/style:text-properties"):
        default.set_attribute("fo:font-size", "10pt")
    for props in styles.get_elements("//style:text-properties"):
        for attr in ("style:font-name", "style:font-name-asian", "style:font-name-complex"):
            props.set_attribute(attr, FONT_SANS)
        props.set_attribute("style:language-asian", "zh")
        props.set_attribute("style:country-asian", "TW")


def to_odt(doc: ReportDocument) -> bytes:
    from odfdo import Document, Header, List, Paragraph
    from odfdo import Table as OdfTable

    document = Document("text")
    body = document.body
    body.clear()
    _cjk_fonts(document)
    document.get_part("meta.xml").set_title(doc.title)
    body.append(Header(1, doc.title))
    n_table = 0
    for block in doc.blocks:
        if block.type == "heading":
            body.append(Header(min(block.level + 1, 6), block.text))
        elif block.type == "para":
            body.append(Paragraph(block.text))
        elif block.type == "list":
            body.append(List([str(i) for i in block.items]))
        elif block.type == "chart":
            _odt_image(document, body, block.text, block.svg)
        elif block.type == "table" and block.table is not None:
            n_table += 1
            table = block.table
            body.append(Paragraph(f"表 {n_table}　{table.title}"))
            columns, rows = _rows_with_sources(table)
            odf = OdfTable(f"表{n_table}")
            odf.set_values([columns, *[[_cell(v) for v in r] for r in rows]])
            _column_widths(document, odf, f"表{n_table}", [columns, *rows])
            body.append(odf)
            if table.note:
                body.append(Paragraph(table.note))
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _width(value: Any) -> int:
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in str(value))


def _column_widths(document, odf, name: str, rows: list[list[Any]]) -> None:  # type: ignore[no-untyped-def]
    """Columns as wide as their longest text (within bounds), on a 26.7 cm line."""
    from odfdo import Column, Style

    n = len(rows[0])
    # short columns keep room for a unit name or a figure (5 CJK characters); long ones share the rest
    weights = [min(max(max(_width(r[i]) if i < len(r) else 0 for r in rows), 10), 40) for i in range(n)]
    total = sum(weights) or 1
    for column in odf.get_elements("table:table-column"):
        column.parent.delete(column)
    for i, w in enumerate(weights):
        style = Style("table-column", name=f"{name}C{i}", width=f"{26.7 * w / total:.2f}cm")
        document.insert_style(style, automatic=True)
        odf.insert(Column(style=f"{name}C{i}"), position=i)
    table_style = Style("table", name=f"{name}T", width="26.7cm", align="left")
    document.insert_style(table_style, automatic=True)
    odf.style = f"{name}T"


def _odt_image(document, body, title: str, svg: str) -> None:  # type: ignore[no-untyped-def]
    from odfdo import Frame, Paragraph

    if not svg:
        return
    path = Path(_svg_file(svg))
    try:
        name = document.add_file(path)  # read now (named by its content, typed by its suffix)
    finally:
        path.unlink(missing_ok=True)
    frame = Frame.image_frame(name, size=("16cm", "9cm"), anchor_type="as-char")
    para = Paragraph(title)
    body.append(para)
    holder = Paragraph("")
    holder.append(frame)
    body.append(holder)


def _svg_file(svg: str) -> str:
    path = Path(tempfile.gettempdir()) / f"chart-{uuid.uuid4().hex}.svg"
    path.write_text(svg, encoding="utf-8")
    return str(path)


def _cell(value: Any) -> Any:
    if isinstance(value, bool):
        return "是" if value else "否"
    return value if isinstance(value, (int, float)) else str(value)


def _sheet_cell(value: Any) -> Any:
    """A value for an ODS/XLSX sheet: numbers stay numbers; text a spreadsheet would run as a formula (= + - @ tab
    CR) is neutralised (issue 14). The ODT keeps the text as written: a text document runs no formulas."""
    return neutralise(_cell(value))


def _sheet_name(title: str, used: set[str]) -> str:
    base = "".join(c for c in title if c not in "[]*?:/\\'")[:28] or "表"
    name, n = base, 1
    while name in used:
        n += 1
        name = f"{base[:25]}_{n}"
    used.add(name)
    return name


def to_ods(doc: ReportDocument) -> bytes:
    from odfdo import Document
    from odfdo import Table as OdfTable

    document = Document("spreadsheet")
    body = document.body
    body.clear()
    _cjk_fonts(document)
    used: set[str] = set()
    for table in doc.tables():
        columns, rows = _rows_with_sources(table)
        sheet = OdfTable(_sheet_name(table.title, used))
        sheet.set_values(
            [
                [_sheet_cell(doc.title)],
                [_sheet_cell(table.title)],
                [_sheet_cell(c) for c in columns],
                *[[_sheet_cell(v) for v in r] for r in rows],
            ]
        )
        body.append(sheet)
    if not used:
        sheet = OdfTable("說明")
        sheet.set_values([[_sheet_cell(doc.title)], ["尚無資料"]])
        body.append(sheet)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def to_xlsx(doc: ReportDocument) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    wb.remove(wb.active)
    used: set[str] = set()
    for table in doc.tables() or [Table("說明", ["尚無資料"])]:
        ws = wb.create_sheet(_sheet_name(table.title, used))
        columns, rows = _rows_with_sources(table)
        ws.append([_sheet_cell(doc.title)])
        ws.append([_sheet_cell(table.title)])
        ws.append([_sheet_cell(c) for c in columns])
        for cell in ws[3]:
            cell.font = Font(bold=True, name=FONT_SANS)
        for r in rows:
            ws.append([_sheet_cell(v) for v in r])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def odt_to_pdf(odt: bytes, timeout: int = 180) -> bytes:
    """Convert with LibreOffice headless, in a profile of its own so that parallel calls do not collide."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        raise ExportError("找不到 LibreOffice（soffice），無法產生 PDF；請執行 make system-deps")
    with tempfile.TemporaryDirectory(prefix="mainstream-pdf-") as tmp:
        work = Path(tmp)
        src = work / "report.odt"
        src.write_bytes(odt)
        profile = (work / "profile").as_uri()
        cmd = [
            soffice,
            f"-env:UserInstallation={profile}",
            "--headless",
            "--norestore",
            "--convert-to",
            "pdf",
            "--outdir",
            str(work),
            str(src),
        ]
        result = subprocess.run(cmd, capture_output=True, timeout=timeout, check=False)
        pdf = work / "report.pdf"
        if result.returncode != 0 or not pdf.exists():
            raise ExportError(f"LibreOffice 轉檔失敗：{result.stderr.decode('utf-8', 'replace')[-500:]}")
        return pdf.read_bytes()


def render(doc: ReportDocument, fmt: str) -> bytes:
    if fmt == "odt":
        return to_odt(doc)
    if fmt == "pdf":
        return odt_to_pdf(to_odt(doc))
    if fmt == "ods":
        return to_ods(doc)
    if fmt == "xlsx":
        return to_xlsx(doc)
    raise ExportError(f"不支援的格式：{fmt}（可用：{'、'.join(FORMATS)}）")
