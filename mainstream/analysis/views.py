"""Gender analysis pages. Each view adapts the request to one selector or service."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from mainstream import roc
from mainstream.files import file_response
from mainstream.imports.schema import OUTCOME_MESSAGES
from mainstream.imports.template_files import spreadsheet_response
from mainstream.plan.selectors import plan_in_force, plan_years
from mainstream.units.access import access_for, units_visible_to

from .forms import AnalysisForm, CrossAnalysisForm, CrossUseForm, MarkForm
from .models import ANALYSIS_STATUSES
from .selectors import analysis_get, analysis_list, cross_analysis_get, cross_analysis_list
from .services import (
    AnalysisData,
    analysis_mark_descriptive,
    analysis_record,
    can_mark,
    cross_analysis_record,
    cross_use_record,
)

TOOL = "analysis"
EXPORT_HEADER = [
    "年度",
    "機關",
    "題目",
    "撰擬方式",
    "性別面向",
    "交織因素",
    "資料來源為12區公所",
    "僅描述統計",
    "性平小組報告日期",
    "不列計理由",
    "後續運用",
    "運用日期",
    "狀態",
]


def _int(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() else None


def _writable_units(user):  # type: ignore[no-untyped-def]
    access = access_for(user)
    units = units_visible_to(user).filter(kind="executing")
    if not access.write_all and TOOL not in access.write_tools:
        units = units.filter(id__in=access.write_units)
    return units


@login_required
def index(request):  # type: ignore[no-untyped-def]
    year, unit, status = request.GET.get("year"), request.GET.get("unit"), request.GET.get("status")
    analyses = analysis_list(request.user, year=_int(year), unit_id=_int(unit), status=status)
    fmt = request.GET.get("format")
    if fmt in ("xlsx", "ods"):
        rows: list[list[object]] = [EXPORT_HEADER]
        for a in analyses:
            rows.append(
                [
                    a.year,
                    a.unit.short_name,
                    a.title,
                    a.method,
                    ",".join(a.dimensions),
                    ",".join([*a.factors, *([a.factors_other] if a.factors_other else [])]),
                    "是" if a.district_data else "否",
                    "是" if a.descriptive_only else "否",
                    roc.format_date(a.reported_on),
                    a.descriptive_reason,
                    a.followup,
                    roc.format_date(a.followup_on),
                    ANALYSIS_STATUSES[a.status],
                ]
            )
        return spreadsheet_response("性別分析", rows, filename="性別分析", fmt=fmt)
    query = request.GET.copy()
    query.pop("format", None)
    return render(
        request,
        "analysis/index.html",
        {
            "analyses": analyses,
            "years": plan_years(),
            "units": units_visible_to(request.user).filter(kind="executing"),
            "statuses": ANALYSIS_STATUSES,
            "year": year,
            "unit": unit,
            "status": status,
            "query": query.urlencode(),
            "can_write": _writable_units(request.user).exists(),
            "can_mark": can_mark(request.user),
        },
    )


@login_required
def detail(request, pk: int):  # type: ignore[no-untyped-def]
    a = analysis_get(request.user, pk)
    return render(
        request,
        "analysis/detail.html",
        {
            "a": a,
            "district": plan_in_force(a.year).group_called(plan_in_force(a.year).district_group()),
            "status_label": ANALYSIS_STATUSES[a.status],
            "can_write": access_for(request.user).can_write_unit(a.unit_id, TOOL),
            "can_mark": can_mark(request.user),
            "mark_form": MarkForm(initial={"descriptive_only": a.descriptive_only, "reason": a.descriptive_reason}),
        },
    )


@login_required
def download(request, pk: int):  # type: ignore[no-untyped-def]
    a = analysis_get(request.user, pk)  # access is checked before the file is served
    return file_response(a.file, download_name=a.file_name or None)


def _indicator_choices(user, analysis):  # type: ignore[no-untyped-def]
    """The statistics indicators the user may read (a liaison: its own unit's), plus those the report already
    builds on, so that editing never drops a link set by the office."""
    from django.db.models import Q

    from mainstream.statistics.models import Indicator
    from mainstream.units.access import unit_records_visible_to

    qs = Indicator.objects.filter(kind=Indicator.Kind.INDICATOR)
    visible = unit_records_visible_to(user, qs).values("id")
    linked = Q(analyses=analysis) if analysis is not None else Q(pk__in=[])
    return qs.filter(Q(id__in=visible) | linked).distinct().select_related("unit").order_by("unit__order", "name")


@login_required
def record(request, pk: int | None = None):  # type: ignore[no-untyped-def]
    from mainstream.mechanism.models import Meeting

    units = _writable_units(request.user)
    initial = {}
    a = None
    if pk is not None:
        a = analysis_get(request.user, pk)
        if not access_for(request.user).can_write_unit(a.unit_id, TOOL):
            raise PermissionDenied("您沒有修改此機關資料的權限")
        initial = {
            f: getattr(a, f)
            for f in (
                "unit",
                "year",
                "title",
                "method",
                "dimensions",
                "factors",
                "factors_other",
                "groups_needs",
                "data_source",
                "district_data",
                "meeting",
                "reported_on",
                "followup",
                "followup_on",
            )
        }
        initial["indicators"] = list(a.indicators.all())
    meetings = Meeting.objects.filter(taskforce__units__in=units).distinct().select_related("taskforce")
    form = AnalysisForm(
        request.POST or None,
        request.FILES or None,
        units=units,
        meetings=meetings,
        indicators=_indicator_choices(request.user, a),
        years=plan_years(),
        initial=initial,
    )
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            analysis, outcome = analysis_record(
                data=AnalysisData(
                    unit=d["unit"],
                    year=d["year"],
                    title=d["title"],
                    method=d["method"],
                    dimensions=d["dimensions"],
                    factors=d["factors"],
                    factors_other=d["factors_other"],
                    groups_needs=d["groups_needs"],
                    data_source=d["data_source"],
                    district_data=d["district_data"],
                    meeting=d["meeting"],
                    reported_on=d["reported_on"],
                    followup=d["followup"],
                    followup_on=d["followup_on"],
                    indicators=list(d["indicators"]),
                ),
                upload=d["file"],
                by=request.user,
                instance=a,
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, OUTCOME_MESSAGES[outcome])
            return redirect("analysis:detail", pk=analysis.pk)
    return render(request, "analysis/form.html", {"form": form, "editing": pk is not None})


@login_required
@require_POST
def mark(request, pk: int):  # type: ignore[no-untyped-def]
    a = analysis_get(request.user, pk)
    form = MarkForm(request.POST)
    if form.is_valid():
        try:
            analysis_mark_descriptive(
                analysis=a,
                descriptive_only=form.cleaned_data["descriptive_only"],
                reason=form.cleaned_data["reason"],
                by=request.user,
            )
        except ValidationError as exc:
            messages.error(request, "；".join(exc.messages))
        else:
            messages.success(request, "已更新列計標示")
    return redirect("analysis:detail", pk=a.pk)


@login_required
def cross_index(request):  # type: ignore[no-untyped-def]
    crosses = cross_analysis_list(request.user)
    form = None
    if can_mark(request.user):
        form = CrossAnalysisForm(
            request.POST or None,
            request.FILES or None,
            years=plan_years(),
            units=units_visible_to(request.user).filter(kind="executing"),
        )
        if request.method == "POST" and form.is_valid():
            d = form.cleaned_data
            try:
                cross = cross_analysis_record(
                    year=d["year"],
                    title=d["title"],
                    units=list(d["units"]),
                    sent_on=d["sent_on"],
                    upload=d["file"],
                    by=request.user,
                )
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, "已儲存綜合分析")
                return redirect("analysis:cross_detail", pk=cross.pk)
    elif request.method == "POST":
        raise PermissionDenied("僅性平辦及主計處可登錄綜合分析")
    return render(request, "analysis/cross_index.html", {"crosses": crosses, "form": form})


@login_required
def cross_detail(request, pk: int):  # type: ignore[no-untyped-def]
    cross = cross_analysis_get(request.user, pk)
    mine = _writable_units(request.user).filter(id__in=[u.id for u in cross.units.all()])
    form = CrossUseForm(request.POST or None, units=mine) if mine.exists() else None
    if request.method == "POST":
        if form is None:
            raise PermissionDenied("您沒有填報此分析運用情形的權限")
        if form.is_valid():
            d = form.cleaned_data
            try:
                cross_use_record(
                    cross=cross,
                    unit=d["unit"],
                    used=d["used"],
                    how=d["how"],
                    recorded_on=d["recorded_on"],
                    by=request.user,
                )
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, "已填報運用情形")
                return redirect("analysis:cross_detail", pk=cross.pk)
    access = access_for(request.user)
    uses = {u.unit_id: u for u in cross.uses.all()}
    rows = [(unit, uses.get(unit.id)) for unit in cross.units.all() if access.can_read_unit(unit.id)]
    return render(request, "analysis/cross_detail.html", {"cross": cross, "rows": rows, "form": form})


@login_required
def cross_download(request, pk: int):  # type: ignore[no-untyped-def]
    cross = cross_analysis_get(request.user, pk)
    return file_response(cross.file, download_name=cross.file_name or None)
