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
        rows.append([c.name, "是" if c.required else "否", str(c.help), str(c.example)])  # help, example may be lazy
    return rows


CHOICES_SHEET = "選項"
TEMPLATE_ROWS = 1000  # rows of the fill-in sheet that carry the drop-down lists


def _units() -> list[str]:
    from mainstream.units.models import Unit

    return list(Unit.objects.order_by("id").values_list("short_name", flat=True))


def template_choices(kind: ImportKind) -> list[tuple[int, str, list[str]]]:
    """(column index, header, allowed values) of each coded column; a 機關 column offers the registry's units."""
    out = []
    for i, c in enumerate(kind.columns):
        values = c.choice_list() or (_units() if c.name == "機關" else [])
        if values:
            out.append((i, c.name, values))
    return out


def template_build(kind: ImportKind, fmt: str) -> bytes:
    """A workbook: sheet 1 holds only the header row (fill it in; coded columns offer a drop-down list of their
    values, issue 16 item 7), sheet 2 explains each column, sheet 3 (選項) holds the lists."""
    header = [c.name for c in kind.columns]
    coded = template_choices(kind)
    sheets: list[tuple[str, list[list[object]]]] = [(kind.title, [header]), ("說明", _notes(kind))]
    if coded:
        depth = max(len(v) for _, _, v in coded)
        lists: list[list[object]] = [[name for _, name, _ in coded]]
        lists += [[v[r] if r < len(v) else None for _, _, v in coded] for r in range(depth)]
        sheets.append((CHOICES_SHEET, lists))
    if fmt == "xlsx":
        return xlsx_build(sheets, validations=coded)
    if fmt == "ods":
        return ods_build(sheets, validations=coded)
    raise ValueError(f"unknown format {fmt}")


def _letter(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(index + 1)


def xlsx_build(
    sheets: list[tuple[str, list[list[object]]]], *, validations: list[tuple[int, str, list[str]]] = ()
) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.worksheet.datavalidation import DataValidation

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
    first = wb.worksheets[0] if wb.worksheets else None
    for n, (index, name, values) in enumerate(validations):
        source = f"'{CHOICES_SHEET}'!${_letter(n)}$2:${_letter(n)}${len(values) + 1}"
        dv = DataValidation(type="list", formula1=source, allow_blank=True, showErrorMessage=True)
        dv.errorTitle, dv.error = "不在選項內", f"「{name}」請由下拉清單選擇"
        dv.add(f"{_letter(index)}2:{_letter(index)}{TEMPLATE_ROWS + 1}")
        first.add_data_validation(dv)  # type: ignore[union-attr]
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def ods_build(
    sheets: list[tuple[str, list[list[object]]]], *, validations: list[tuple[int, str, list[str]]] = ()
) -> bytes:
    from odfdo import Cell, Document, Element, Row, Table

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
    if validations:
        _ods_validations(body, sheets, validations, Element)
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def _ods_validations(body, sheets, validations, Element) -> None:  # type: ignore[no-untyped-def]
    """ODF content validations (table:content-validation, cell-content-is-in-list over the 選項 sheet) on the first
    sheet's rows 2..TEMPLATE_ROWS+1 of each coded column."""
    from xml.sax.saxutils import quoteattr

    parts = []
    for n, (_, name, values) in enumerate(validations):
        col = _letter(n)
        condition = f"of:cell-content-is-in-list([$'{CHOICES_SHEET}'.${col}$2:.${col}${len(values) + 1}])"
        parts.append(
            f'<table:content-validation table:name="choices{n}" table:condition={quoteattr(condition)} '
            'table:allow-empty-cell="true" table:display-list="unsorted">'
            '<table:error-message table:display="true" table:message-type="stop">'
            f"<text:p>「{name}」請由下拉清單選擇</text:p></table:error-message></table:content-validation>"
        )
    body.insert(Element.from_tag(f"<table:content-validations>{''.join(parts)}</table:content-validations>"), 0)
    table = body.get_elements("table:table")[0]
    width = len(sheets[0][1][0])
    by_index = {index: n for n, (index, _, _) in enumerate(validations)}
    cells = "".join(
        f'<table:table-cell table:content-validation-name="choices{by_index[i]}"/>'
        if i in by_index
        else "<table:table-cell/>"
        for i in range(width)
    )
    table.append(
        Element.from_tag(f'<table:table-row table:number-rows-repeated="{TEMPLATE_ROWS}">{cells}</table:table-row>')
    )


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
