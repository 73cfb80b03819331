"""Downloadable templates per import kind: ODS (the format government systems must offer) and XLSX."""

from __future__ import annotations

import io
import re

from .schema import ImportKind

FORMATS = {
    "ods": "application/vnd.oasis.opendocument.spreadsheet",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
PLAIN_NUMBER = re.compile(r"[+-]?\d+(?:[.,]\d+)*%?")


def neutralise(value: object) -> object:
    """A cell value that no spreadsheet will run as a formula (formula or DDE injection, OWASP "CSV injection").

    Text starting with = + - @, a tab or a CR gets a leading apostrophe; the rest of the text is kept. Numbers stay
    numbers, and text that is only a number ("-2", "+3.5") is left as it is: it cannot be a formula. Every
    spreadsheet this project writes (list exports, report annexes, import templates) passes its cells through here.
    """
    if isinstance(value, str) and value.startswith(FORMULA_STARTS) and not PLAIN_NUMBER.fullmatch(value):
        return "'" + value
    return value


def _notes(kind: ImportKind) -> list[list[str]]:
    rows = [["欄位", "必要", "說明", "範例"]]
    for c in kind.columns:
        rows.append([c.name, "是" if c.required else "否", str(c.help), c.example])  # help may be composed lazily
    return rows


def template_build(kind: ImportKind, fmt: str) -> bytes:
    """A workbook: sheet 1 holds only the header row (fill it in), sheet 2 explains each column."""
    header = [c.name for c in kind.columns]
    if fmt == "xlsx":
        return xlsx_build([(kind.title, [header]), ("說明", _notes(kind))])
    if fmt == "ods":
        return ods_build([(kind.title, [header]), ("說明", _notes(kind))])
    raise ValueError(f"unknown format {fmt}")


def xlsx_build(sheets: list[tuple[str, list[list[object]]]]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    wb.remove(wb.active)
    for title, rows in sheets:
        ws = wb.create_sheet(title=title[:31])
        for row in rows:
            ws.append([neutralise(v) for v in row])
        for cell in ws[1] if rows else []:
            cell.font = Font(bold=True)
        for column in ws.columns:
            width = max((len(str(c.value or "")) for c in column), default=4)
            ws.column_dimensions[column[0].column_letter].width = min(60, max(8, width * 2 + 2))
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def ods_build(sheets: list[tuple[str, list[list[object]]]]) -> bytes:
    from odfdo import Cell, Document, Row, Table

    doc = Document("spreadsheet")
    body = doc.body
    body.clear()
    for title, rows in sheets:
        table = Table(title)
        for r, values in enumerate(rows):
            row = Row()
            for value in values:
                row.append_cell(Cell("" if value is None else neutralise(value)))
            table.set_row(r, row)
        body.append(table)
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def spreadsheet_response(title: str, rows: list[list[object]], *, filename: str, fmt: str):  # type: ignore[no-untyped-def]
    """A list page's rows as an ODS or XLSX download (one sheet named ``title``)."""
    from urllib.parse import quote

    from django.http import HttpResponse

    build = xlsx_build if fmt == "xlsx" else ods_build
    response = HttpResponse(build([(title, rows)]), content_type=FORMATS[fmt])
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}.{fmt}"
    return response


def export_format(request) -> str | None:  # type: ignore[no-untyped-def]
    """The export format a list page was asked for (?format=ods|xlsx), or None to show the page."""
    fmt = request.GET.get("format", "")
    return fmt if fmt in FORMATS else None
