"""List pages export what they show as ODS or XLSX (the same rows as the table)."""

from __future__ import annotations

from django.http import HttpResponse

from mainstream.imports.template_files import FORMATS, ods_build, xlsx_build


def spreadsheet_response(title: str, rows: list[list[object]], *, filename: str, fmt: str) -> HttpResponse:
    build = xlsx_build if fmt == "xlsx" else ods_build
    response = HttpResponse(build([(title, rows)]), content_type=FORMATS[fmt])
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{_quote(filename)}.{fmt}"
    return response


def export_format(request) -> str | None:  # type: ignore[no-untyped-def]
    fmt = request.GET.get("format", "")
    return fmt if fmt in FORMATS else None


def _quote(name: str) -> str:
    from urllib.parse import quote

    return quote(name)
