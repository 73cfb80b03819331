"""The public zone pages (柒、一、(三)): no log-in; only published material is ever reachable."""

from __future__ import annotations

from collections import defaultdict

from django.http import Http404
from django.shortcuts import render

from mainstream.files import file_response
from mainstream.plan.selectors import plan_in_force_default
from mainstream.reports.document import ReportDocument
from mainstream.reports.models import Report
from mainstream.reports.sections import public_documents_for
from mainstream.reports.selectors import published_report_get, published_reports
from mainstream.units.models import Unit


def index(request):  # type: ignore[no-untyped-def]
    """The office's city-wide page: every unit's published plans and reports, and the city report, by year."""
    plan = plan_in_force_default()
    by_year: dict[int, list[Report]] = defaultdict(list)
    for r in published_reports():
        by_year[r.year].append(r)
    units = Unit.objects.filter(kind=Unit.Kind.EXECUTING).select_related("group")
    groups = [(g, [u for u in units if u.group and u.group.code == code]) for code, g in plan.groups.items()]
    return render(request, "portal/index.html", {"by_year": sorted(by_year.items(), reverse=True), "groups": groups})


def unit_page(request, short: str):  # type: ignore[no-untyped-def]
    unit = Unit.objects.filter(short_name=short).first()
    if unit is None:
        raise Http404("找不到此機關")
    by_year: dict[int, dict[str, list]] = defaultdict(lambda: {"reports": [], "documents": []})
    for r in published_reports(unit):
        by_year[r.year]["reports"].append(r)
    for d in public_documents_for(unit.short_name):
        by_year[d.year]["documents"].append(d)
    from mainstream.statistics.tables import unit_indicator_tables

    return render(
        request,
        "portal/unit.html",
        {"unit": unit, "by_year": sorted(by_year.items(), reverse=True), "indicators": unit_indicator_tables(unit)},
    )


def _published(pk: int) -> Report:
    try:
        return published_report_get(pk)
    except Report.DoesNotExist:
        raise Http404("找不到已公告的文件") from None


def report_page(request, pk: int):  # type: ignore[no-untyped-def]
    report = _published(pk)
    doc = ReportDocument.from_json(report.content)
    return render(request, "portal/report.html", {"report": report, "doc": doc})


def report_file(request, pk: int, fmt: str):  # type: ignore[no-untyped-def]
    report = _published(pk)
    field = {"odt": report.odt, "pdf": report.pdf, "ods": report.ods}.get(fmt)
    if not field:
        raise Http404("沒有此格式的檔案")
    return file_response(field, download_name=f"{report.unit.short_name}-{report.year}-{report.kind}.{fmt}")
