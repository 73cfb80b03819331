"""Gender impact assessment pages. Each view adapts the request to one selector or service."""

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
from mainstream.plan.selectors import plan_in_force, plan_year_default, plan_years
from mainstream.units.access import access_for, units_visible_to

from .forms import AssessmentForm, ConfirmForm, ExpertForm, SuggestionForm
from .selectors import STATUSES, assessment_get, assessment_list, case_status, expert_list
from .services import (
    AssessmentData,
    assessment_confirm,
    assessment_record,
    expert_record,
    reviewer_of,
    suggestion_record,
)
from .workflow import steps

TOOL = "impact"
EXPORT_HEADER = [
    "機關",
    "案名",
    "類型",
    "表單",
    "程序參與",
    "專家姓名",
    "參採情形",
    "未參採理由",
    "性平小組報告日期",
    "緊急案件",
    "性平辦確認日期",
    "完成年度",
    "主責管考單位",
    "進度",
]
CASE_FIELDS = (
    "unit",
    "title",
    "type",
    "form",
    "district_shared",
    "gathered_on",
    "gathered_note",
    "form_filled_on",
    "participation",
    "expert",
    "participation_on",
    "adoption",
    "not_adopted_reason",
    "adopted_on",
    "urgent",
    "meeting",
    "reported_on",
    "reviewed_on",
    "review_note",
)


def _int(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() else None


def _writable_units(user):  # type: ignore[no-untyped-def]
    access = access_for(user)
    units = units_visible_to(user).filter(kind="executing")
    if not access.write_all and TOOL not in access.write_tools:
        units = units.filter(id__in=access.write_units)
    return units


def _step_label(step: int) -> str:
    return "六步驟均已完成" if step == 7 else f"待辦第 {step} 步"


@login_required
def index(request):  # type: ignore[no-untyped-def]
    year, unit, status = request.GET.get("year"), request.GET.get("unit"), request.GET.get("status")
    cases = assessment_list(request.user, year=_int(year), unit_id=_int(unit), status=status)
    fmt = request.GET.get("format")
    if fmt in ("xlsx", "ods"):
        rows: list[list[object]] = [EXPORT_HEADER]
        for c in cases:
            rows.append(
                [
                    c.unit.short_name,
                    c.title,
                    c.type,
                    c.form,
                    c.participation,
                    c.expert.name if c.expert else "",
                    c.adoption,
                    c.not_adopted_reason,
                    roc.format_date(c.reported_on),
                    "是" if c.urgent else "否",
                    roc.format_date(c.office_confirmed_on),
                    c.year or "",
                    reviewer_of(c.type),
                    f"{STATUSES[c.status]}；{_step_label(c.step)}",
                ]
            )
        return spreadsheet_response("性別影響評估", rows, filename="性別影響評估", fmt=fmt)
    query = request.GET.copy()
    query.pop("format", None)
    for c in cases:
        c.step_label = _step_label(c.step)  # type: ignore[attr-defined]
    return render(
        request,
        "impact/index.html",
        {
            "cases": cases,
            "years": plan_years(),
            "statuses": STATUSES,
            "units": units_visible_to(request.user).filter(kind="executing"),
            "year": year,
            "unit": unit,
            "status": status,
            "query": query.urlencode(),
            "can_write": _writable_units(request.user).exists(),
        },
    )


@login_required
def detail(request, pk: int):  # type: ignore[no-untyped-def]
    case = assessment_get(request.user, pk)
    access = access_for(request.user)
    suggestions = list(case.suggestions.all())
    return render(
        request,
        "impact/detail.html",
        {
            "c": case,
            "steps": steps(case, suggestions),
            "suggestions": suggestions,
            "status": case_status(case),
            "status_label": STATUSES[case_status(case)],
            "reviewer": reviewer_of(case.type),
            "district": plan_in_force(
                roc.roc_year_of(case.completed_on) if case.completed_on else plan_year_default()
            ).district_label(),
            "can_write": access.can_write_unit(case.unit_id, TOOL),
            "can_confirm": access.is_admin and case.urgent,
            "suggestion_form": SuggestionForm(),
            "confirm_form": ConfirmForm(),
        },
    )


@login_required
def download(request, pk: int):  # type: ignore[no-untyped-def]
    case = assessment_get(request.user, pk)  # access is checked before the file is served
    return file_response(case.form_file, download_name=case.form_file_name or None)


@login_required
def record(request, pk: int | None = None):  # type: ignore[no-untyped-def]
    from mainstream.mechanism.models import Meeting

    units = _writable_units(request.user)
    initial = {}
    case = None
    if pk is not None:
        case = assessment_get(request.user, pk)
        if not access_for(request.user).can_write_unit(case.unit_id, TOOL):
            raise PermissionDenied("您沒有修改此機關資料的權限")
        initial = {f: getattr(case, f) for f in CASE_FIELDS}
    meetings = Meeting.objects.filter(taskforce__units__in=units).distinct().select_related("taskforce")
    form = AssessmentForm(request.POST or None, request.FILES or None, units=units, meetings=meetings, initial=initial)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            confirmed = case.office_confirmed_on if case is not None else None  # set on the confirm page only
            case, outcome = assessment_record(
                data=AssessmentData(**{f: d[f] for f in CASE_FIELDS}, office_confirmed_on=confirmed),
                upload=d["form_file"],
                by=request.user,
                instance=case,
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, OUTCOME_MESSAGES[outcome])
            return redirect("impact:detail", pk=case.pk)
    return render(request, "impact/form.html", {"form": form, "editing": pk is not None})


@login_required
@require_POST
def suggestion(request, pk: int):  # type: ignore[no-untyped-def]
    case = assessment_get(request.user, pk)
    form = SuggestionForm(request.POST)
    if form.is_valid():
        try:
            suggestion_record(
                assessment=case,
                text=form.cleaned_data["text"],
                adopted=form.cleaned_data["adopted"],
                reason=form.cleaned_data["reason"],
                by=request.user,
            )
        except ValidationError as exc:
            messages.error(request, "；".join(exc.messages))
        else:
            messages.success(request, "已新增程序參與意見")
    else:
        messages.error(request, "請填寫建議內容並選擇是否參採")
    return redirect("impact:detail", pk=case.pk)


@login_required
@require_POST
def confirm(request, pk: int):  # type: ignore[no-untyped-def]
    case = assessment_get(request.user, pk)
    form = ConfirmForm(request.POST)
    if form.is_valid():
        try:
            assessment_confirm(assessment=case, confirmed_on=form.cleaned_data["confirmed_on"], by=request.user)
        except ValidationError as exc:
            messages.error(request, "；".join(exc.messages))
        else:
            messages.success(request, "已確認完成評估；後續仍應提報性平小組")
    else:
        messages.error(request, "請填寫確認日期")
    return redirect("impact:detail", pk=case.pk)


@login_required
def experts(request):  # type: ignore[no-untyped-def]
    can_write = access_for(request.user).can_write_unit(None, TOOL)
    form = ExpertForm(request.POST or None) if can_write else None
    if request.method == "POST":
        if form is None:
            raise PermissionDenied("僅性平辦及主責管考單位可登錄專家學者")
        if form.is_valid():
            d = form.cleaned_data
            try:
                expert_record(name=d["name"], qualification=d["qualification"], note=d["note"], by=request.user)
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, f"已登錄專家學者「{d['name']}」")
                return redirect("impact:experts")
    return render(
        request, "impact/experts.html", {"experts": expert_list(request.user), "form": form, "can_write": can_write}
    )
