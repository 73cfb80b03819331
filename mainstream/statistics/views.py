"""Gender statistics pages: 主計處's overview of every catalogue, the entries list, an entry, its form.
Each view adapts the request to one selector or service."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from mainstream import roc
from mainstream.evaluation.presentation import STATUS_LABELS
from mainstream.evaluation.selectors import default_as_of, default_year
from mainstream.imports.schema import OUTCOME_MESSAGES
from mainstream.imports.template_files import export_format, spreadsheet_response
from mainstream.plan.selectors import plan_in_force, plan_years
from mainstream.units.access import access_for, unit_records_visible_to, units_visible_to

from .forms import IndicatorForm
from .models import Indicator
from .selectors import ENTRY_STATUSES, catalogue_overview, indicator_get, indicator_list, window_of
from .services import TOOL, IndicatorData, indicator_delete, indicator_record


def _int(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() else None


def _year(request) -> int:  # type: ignore[no-untyped-def]
    year = _int(request.GET.get("year")) or default_year()
    return year if year in plan_years() else default_year()


def _filters(request) -> dict:  # type: ignore[no-untyped-def]
    return {
        "years": plan_years(),
        "units": units_visible_to(request.user).filter(kind="executing"),
        "unit": request.GET.get("unit", ""),
        "status": request.GET.get("status", ""),
    }


@login_required
def index(request):  # type: ignore[no-untyped-def]
    """Every catalogue the user may read and which units are due (伍、三、(二)、2、A)."""
    year = _year(request)
    overview = catalogue_overview(
        request.user,
        year=year,
        as_of=default_as_of(),
        unit_id=_int(request.GET.get("unit")),
        status=request.GET.get("status", ""),
    )
    fmt = export_format(request)
    if fmt:
        rows: list[list[object]] = [
            ["機關", "群組", "指標", "項目", "複分類", "含性別變項", "對應國際指標", "狀態", "說明"]
        ]
        for r in overview.rows:
            rows.append(
                [
                    r.unit,
                    r.group,
                    r.indicators,
                    r.items,
                    r.subclasses,
                    r.sex_variable,
                    r.international,
                    STATUS_LABELS[r.status],
                    r.finding.detail if r.finding else "",
                ]
            )
        return spreadsheet_response("性別統計", rows, filename=f"性別統計_{year}", fmt=fmt)
    return render(
        request,
        "statistics/index.html",
        {
            **_filters(request),
            "overview": overview,
            "year": year,
            "duty": plan_in_force(year).duty("statistics.new_indicator"),
            "as_of_text": roc.format_date(overview.as_of),
            "statuses": {s: STATUS_LABELS[s] for s in ("met", "unmet", "in_progress", "not_applicable")},
            "can_write": _can_write_any(request.user),
            "can_chartbook": access_for(request.user).can_write_unit(None, TOOL),
        },
    )


@login_required
def entries(request):  # type: ignore[no-untyped-def]
    year = _int(request.GET.get("year"))
    kind = request.GET.get("kind", "")
    qs = indicator_list(
        request.user,
        unit_id=_int(request.GET.get("unit")),
        year=year,
        kind=kind if kind in Indicator.Kind.values else "",
        status=request.GET.get("status", ""),
    )
    first, last = window_of(year or default_year())
    fmt = export_format(request)
    if fmt:
        rows: list[list[object]] = [
            [
                "機關",
                "指標名稱",
                "類型",
                "新增日期",
                "資料來源",
                "更新頻率",
                "國際指標",
                "含性別變項",
                "所屬指標",
                "所屬項目",
            ]
        ]
        for i in qs:
            chain = []
            p = i.parent
            while p is not None:
                chain.insert(0, p.name)
                p = p.parent
            rows.append(
                [
                    i.unit.short_name,
                    i.name,
                    i.get_kind_display(),
                    roc.format_date(i.added_on),
                    i.source,
                    i.frequency,
                    i.international,
                    "是" if i.sex_variable else "否",
                    chain[0] if chain else "",
                    chain[1] if len(chain) > 1 else "",
                ]
            )
        return spreadsheet_response("性別統計指標", rows, filename="性別統計指標", fmt=fmt)
    return render(
        request,
        "statistics/entries.html",
        {
            **_filters(request),
            "entries": qs,
            "year": str(year or ""),
            "kind": kind,
            "kinds": Indicator.Kind.choices,
            "entry_statuses": ENTRY_STATUSES,
            "window_start": roc.year_start(first),
            "window_years": last - first + 1,
            "can_write": _can_write_any(request.user),
        },
    )


@login_required
def detail(request, pk: int):  # type: ignore[no-untyped-def]
    indicator = indicator_get(request.user, pk)
    return render(
        request,
        "statistics/detail.html",
        {
            "i": indicator,
            "children": indicator.children.all(),
            "can_write": access_for(request.user).can_write_unit(indicator.unit_id, TOOL),
        },
    )


def _can_write_any(user) -> bool:  # type: ignore[no-untyped-def]
    access = access_for(user)
    return access.write_all or TOOL in access.write_tools or bool(access.write_units)


@login_required
def record(request, pk: int | None = None):  # type: ignore[no-untyped-def]
    access = access_for(request.user)
    if not _can_write_any(request.user):
        raise PermissionDenied("您沒有新增或修改性別統計的權限")
    units = units_visible_to(request.user).filter(kind="executing")
    if not access.write_all and TOOL not in access.write_tools:
        units = units.filter(id__in=access.write_units)
    parents = unit_records_visible_to(
        request.user,
        Indicator.objects.filter(unit__in=units).exclude(kind=Indicator.Kind.SUBCLASS).select_related("unit", "parent"),
    )
    initial: dict = {"sex_variable": True}
    existing = None
    if pk is not None:
        existing = indicator_get(request.user, pk)
        initial = {
            "unit": existing.unit,
            "kind": existing.kind,
            "parent": existing.parent,
            "name": existing.name,
            "added_on": existing.added_on,
            "source": existing.source,
            "frequency": existing.frequency,
            "international": existing.international,
            "sex_variable": existing.sex_variable,
        }
    form = IndicatorForm(request.POST or None, units=units, parents=parents, initial=initial)
    if existing is not None:
        for name in ("unit", "kind", "parent", "name"):
            form.fields[name].disabled = True  # what identifies the entry stays; the rest may change
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            indicator, outcome = indicator_record(
                data=IndicatorData(
                    d["unit"],
                    d["kind"],
                    d["name"],
                    d["added_on"],
                    d["parent"],
                    d["source"],
                    d["frequency"],
                    d["international"],
                    d["sex_variable"],
                ),
                by=request.user,
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, OUTCOME_MESSAGES[outcome])
            return redirect("statistics:detail", pk=indicator.pk)
    return render(request, "statistics/form.html", {"form": form, "editing": pk is not None})


@login_required
@require_POST
def delete(request, pk: int):  # type: ignore[no-untyped-def]
    indicator = indicator_get(request.user, pk)
    try:
        indicator_delete(indicator=indicator, by=request.user)
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
        return redirect("statistics:detail", pk=pk)
    messages.success(request, f"已刪除「{indicator.name}」")
    return redirect(f"/statistics/entries/?unit={indicator.unit_id}")


@login_required
def chartbook(request):  # type: ignore[no-untyped-def]
    """主計處's yearly bilingual chart book (伍、三、(二)、1、B): pick the tables, download ODT at once or have the PDF
    made by ``mainstream worker`` — the same service as ``mainstream stats chartbook``. The office and 主計處 only."""
    from django.http import HttpResponse
    from django.utils.http import content_disposition_header

    from mainstream.reports.exports import ExportError

    from .chartbook import ChartbookError, chartbook_files
    from .tables import stat_table_list

    if not access_for(request.user).can_write_unit(None, TOOL):
        raise PermissionDenied("性別統計圖表由主計處或性平辦編製")
    years = plan_years()
    data = request.POST if request.method == "POST" else request.GET
    year = _int(data.get("year")) or default_year()
    chosen = data.getlist("table")
    error = ""
    if request.method == "POST" and request.POST.get("format") == "pdf":  # LibreOffice: made by the worker
        from django.core.exceptions import ValidationError
        from django.shortcuts import redirect

        from mainstream.reports.jobs import document_job_start

        from .chartbook import chartbook_check

        try:
            chartbook_check(codes=chosen)
            job = document_job_start(
                kind="chartbook",
                params={"year": year, "codes": chosen},
                fmt="pdf",
                title=f"{year} 年臺北市性別統計圖表（PDF）",
                filename=f"{year}年臺北市性別統計圖表.pdf",
                by=request.user,
            )
        except (ChartbookError, ValidationError) as exc:
            error = " ".join(getattr(exc, "messages", [str(exc)]))
        else:
            return redirect("reports:document", pk=job.pk)
    elif request.method == "POST":  # ODT: made at once
        try:
            odt, _ = chartbook_files(year=year, codes=chosen, pdf=False)
        except (ChartbookError, ExportError) as exc:
            error = str(exc)
        else:
            response = HttpResponse(odt, content_type="application/vnd.oasis.opendocument.text")
            response["Content-Disposition"] = content_disposition_header(
                as_attachment=True, filename=f"{year}年臺北市性別統計圖表.odt"
            )
            return response
    return render(
        request,
        "statistics/chartbook.html",
        {"years": years, "year": year, "tables": stat_table_list(), "chosen": chosen, "error": error},
        status=400 if error else 200,
    )
