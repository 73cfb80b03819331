"""List exports to ODS and XLSX (the same rows the list page shows)."""

from __future__ import annotations

from django.http import HttpResponse

from mainstream.imports.template_files import ods_build, xlsx_build

CONTENT_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "ods": "application/vnd.oasis.opendocument.spreadsheet",
}


def export_response(fmt: str, sheet: str, filename: str, rows: list[list[object]]) -> HttpResponse:
    data = (xlsx_build if fmt == "xlsx" else ods_build)([(sheet, rows)])
    response = HttpResponse(data, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{filename}.{fmt}"
    return response
