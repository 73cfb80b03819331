"""主計處's yearly bilingual gender statistics chart book (伍、三、(二)、1、B) from the tables it selects.

Built as a :class:`~mainstream.reports.document.ReportDocument`, so the reports app's ODT and PDF writers
render it (CJK fonts, LibreOffice for the PDF).
"""

from __future__ import annotations

from mainstream.reports.charts import bar_chart
from mainstream.reports.document import ReportDocument
from mainstream.reports.sections import Table

from .models import StatTable
from .tables import stat_table_cube


def chartbook_build(*, year: int, codes: list[str]) -> ReportDocument:
    doc = ReportDocument(
        title=f"{year} 年臺北市性別統計圖表 Gender Statistics of Taipei City {year}", unit="主計處", year=year
    )
    doc.heading(f"{year} 年臺北市性別統計圖表 Gender Statistics of Taipei City, {year}")
    for code in codes:
        table = StatTable.objects.get(code=code)
        cube = stat_table_cube(table)
        if cube is None:
            continue
        doc.heading(f"{table.code} {table.title}", 2)
        if table.title_en:
            doc.para(table.title_en)
        header = [f"{d.label} {d.label_en}".strip() for d in cube.dimensions]
        out = Table(title=f"{table.title}（{cube.units}）", columns=[*header, "數值 Value"], note=cube.source)
        for combo, value, marker in cube.cells():
            labels = [
                f"{c.label} {c.label_en}".strip() if c.label_en and c.label_en != c.label else c.label for c in combo
            ]
            out.add([*labels, marker if value is None else value])
        doc.table(out)
        sex = next((d for d in cube.dimensions if d.role == "sex"), None)
        time = next((d for d in cube.dimensions if d.role == "time"), None)
        if sex and time and len(cube.dimensions) == 2 and cube.units.strip() == "%":
            female = next((c for c in sex.categories if c.label in ("女", "女性")), None)
            male = next((c for c in sex.categories if c.label in ("男", "男性")), None)
            if female and male:
                series = {}
                for combo, value, _marker in cube.cells():
                    series[
                        (combo[0].code, combo[1].code) if cube.dimensions[0] is sex else (combo[1].code, combo[0].code)
                    ] = value
                bars = [
                    (c.label, series.get((female.code, c.code)), series.get((male.code, c.code)))
                    for c in time.categories
                ]
                doc.chart(f"{table.title} {table.title_en}", bar_chart(table.title, bars, ("女 Female", "男 Male")))
    return doc


class ChartbookError(ValueError):
    """Codes that name no table, or no table chosen."""


def chartbook_check(*, codes: list[str]) -> None:
    """Codes that name tables, at least one (else ``ChartbookError`` with the reason)."""
    if not codes:
        raise ChartbookError("請至少選一張統計表")
    known = set(StatTable.objects.filter(code__in=codes).values_list("code", flat=True))
    unknown = [c for c in codes if c not in known]
    if unknown:
        raise ChartbookError(f"查無統計表：{'、'.join(unknown)}")


def chartbook_files(*, year: int, codes: list[str], pdf: bool = True) -> tuple[bytes, bytes | None]:
    """The chart book as ODT bytes and, when asked, PDF bytes (LibreOffice): what ``mainstream stats chartbook``
    writes to files and the chart-book page sends for download — one service for both."""
    from mainstream.reports.exports import odt_to_pdf, to_odt

    chartbook_check(codes=codes)
    odt = to_odt(chartbook_build(year=year, codes=list(dict.fromkeys(codes))))
    return odt, odt_to_pdf(odt) if pdf else None


def chartbook_document(user, params: dict, fmt: str) -> bytes:  # type: ignore[no-untyped-def]
    """The chart book made by ``mainstream worker`` (reports/jobs.py): for 主計處 and the office only."""
    from django.core.exceptions import PermissionDenied

    from mainstream.units.access import access_for

    if not access_for(user).can_write_unit(None, "statistics"):
        raise PermissionDenied("性別統計圖表由主計處或性平辦編製")
    try:
        odt, pdf = chartbook_files(year=params["year"], codes=params["codes"], pdf=fmt == "pdf")
    except ChartbookError as exc:
        from django.core.exceptions import ValidationError

        raise ValidationError(str(exc)) from exc
    return pdf if fmt == "pdf" and pdf is not None else odt
