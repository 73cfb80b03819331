"""Gender budget pages: lines, totals by unit and year, a line's form, submission, 主計處's guidance.
Each view adapts the request to one selector or service."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from mainstream import roc
from mainstream.evaluation.presentation import STATUS_LABELS
from mainstream.evaluation.selectors import default_as_of, default_year
from mainstream.imports.schema import OUTCOME_MESSAGES
from mainstream.imports.template_files import export_format, spreadsheet_response
from mainstream.plan.selectors import plan_in_force, plan_years
from mainstream.units.access import access_for, units_visible_to
from mainstream.units.models import Unit

from .forms import BudgetLineForm, GuidanceForm
from .selectors import (
    LINE_STATUSES,
    budget_guidance_get,
    budget_guidance_list,
    budget_line_get,
    budget_line_list,
    budget_totals,
    budget_years_totals,
)
from .services import (
    TOOL,
    BudgetLineData,
    budget_guidance_set,
    budget_line_delete,
    budget_line_record,
    budget_submit,
)


def _int(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() else None


def _year(request) -> int:  # type: ignore[no-untyped-def]
    year = _int(request.GET.get("year")) or default_year()
    return year if year in plan_years() else default_year()


def _groups_not_bound(year: int) -> str:
    """「D群、D1組」: the groups the plan in force exempts from submitting a gender budget (伍、六)."""
    plan = plan_in_force(year)
    return "、".join(
        g.name for code, g in plan.groups.items() if not plan.param("budget.submitted", "applies", code, year)
    )


def _writable_units(user):  # type: ignore[no-untyped-def]
    access = access_for(user)
    units = units_visible_to(user).filter(kind="executing")
    if not access.write_all and TOOL not in access.write_tools:
        units = units.filter(id__in=access.write_units)
    return units


def _filters(request) -> dict:  # type: ignore[no-untyped-def]
    access = access_for(request.user)
    return {
        "years": plan_years(),
        "units": units_visible_to(request.user).filter(kind="executing"),
        "unit": request.GET.get("unit", ""),
        "status": request.GET.get("status", ""),
        "can_write": access.write_all or TOOL in access.write_tools or bool(access.write_units),
        "can_guide": access.can_write_unit(None, TOOL),
    }


@login_required
def index(request):  # type: ignore[no-untyped-def]
    year = _int(request.GET.get("year"))
    lines = budget_line_list(
        request.user, unit_id=_int(request.GET.get("unit")), year=year, status=request.GET.get("status", "")
    )
    fmt = export_format(request)
    if fmt:
        rows: list[list[object]] = [["年度", "機關", "計畫名稱", "金額", "性別目標說明", "新增", "提交"]]
        for line in lines:
            rows.append(
                [
                    line.year,
                    line.unit.short_name,
                    line.programme,
                    int(line.amount),
                    line.purpose,
                    "是" if line.new else "否",
                    "已提交" if line.submitted else "未提交",
                ]
            )
        return spreadsheet_response("性別預算", rows, filename="性別預算", fmt=fmt)
    return render(
        request,
        "budget/index.html",
        {
            **_filters(request),
            "lines": lines,
            "year": str(year or ""),
            "status_choices": LINE_STATUSES,
            "guidance": budget_guidance_get(year) if year else None,
            "by_year": budget_years_totals(request.user),
        },
    )


@login_required
def totals(request):  # type: ignore[no-untyped-def]
    """主計處's view: each unit's gender budget for a year and whether it is submitted (伍、六)."""
    year = _year(request)
    result = budget_totals(
        request.user,
        year=year,
        as_of=default_as_of(),
        unit_id=_int(request.GET.get("unit")),
        status=request.GET.get("status", ""),
    )
    fmt = export_format(request)
    if fmt:
        rows: list[list[object]] = [["機關", "群組", "項數", "新增項數", "金額", "提交日期", "狀態"]]
        for r in result.rows:
            rows.append(
                [
                    r.unit,
                    r.group,
                    r.lines,
                    r.new,
                    int(r.total),
                    roc.format_date(r.submitted_on),
                    STATUS_LABELS[r.status],
                ]
            )
        return spreadsheet_response("性別預算合計", rows, filename=f"性別預算合計_{year}", fmt=fmt)
    return render(
        request,
        "budget/totals.html",
        {
            **_filters(request),
            "totals": result,
            "year": year,
            "not_applicable": _groups_not_bound(year),
            "as_of_text": roc.format_date(result.as_of),
            "status_choices": {s: STATUS_LABELS[s] for s in ("met", "unmet", "in_progress", "not_applicable")},
            "by_year": budget_years_totals(request.user),
        },
    )


@login_required
def record(request, pk: int | None = None):  # type: ignore[no-untyped-def]
    units = _writable_units(request.user)
    if not units.exists():
        raise PermissionDenied("您沒有新增或修改性別預算的權限")
    initial: dict = {"year": _int(request.GET.get("year")) or default_year()}
    line = None
    if pk is not None:
        line = budget_line_get(request.user, pk)
        initial = {
            "unit": line.unit,
            "year": line.year,
            "programme": line.programme,
            "amount": line.amount,
            "purpose": line.purpose,
            "new": line.new,
        }
    form = BudgetLineForm(request.POST or None, units=units, initial=initial)
    if pk is not None:
        for name in ("unit", "year", "programme"):
            form.fields[name].disabled = True
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            line, outcome = budget_line_record(
                data=BudgetLineData(d["unit"], d["year"], d["programme"], d["amount"], d["purpose"], d["new"]),
                by=request.user,
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, OUTCOME_MESSAGES[outcome])
            return redirect(f"/budget/?year={line.year}&unit={line.unit_id}")
    return render(request, "budget/form.html", {"form": form, "editing": pk is not None, "line": line})


@login_required
@require_POST
def submit(request):  # type: ignore[no-untyped-def]
    unit = get_object_or_404(Unit, pk=_int(request.POST.get("unit")))
    year = _int(request.POST.get("year")) or 0
    try:
        _, new = budget_submit(unit=unit, year=year, by=request.user)
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    else:
        messages.success(request, f"{unit} {year} 年度性別預算已提交" if new else "此年度已提交")
    return redirect(f"/budget/?year={year}&unit={unit.pk}")


@login_required
def guidance(request):  # type: ignore[no-untyped-def]
    """主計處's compilation guidance per budget year (伍、六、(二)); 主計處 and the office edit it."""
    year = _year(request)
    current = budget_guidance_get(year)
    can_guide = access_for(request.user).can_write_unit(None, TOOL)
    form = GuidanceForm(request.POST or None, initial={"text": current.text if current else ""})
    if request.method == "POST":
        if not can_guide:
            raise PermissionDenied("僅主計處或性平辦可設定編列原則")
        if form.is_valid():
            try:
                budget_guidance_set(year=year, text=form.cleaned_data["text"], by=request.user)
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, f"已儲存 {year} 年度編列原則及注意事項")
                return redirect(f"/budget/guidance/?year={year}")
    return render(
        request,
        "budget/guidance.html",
        {
            "year": year,
            "years": plan_years(),
            "current": current,
            "all": budget_guidance_list(),
            "form": form if can_guide else None,
        },
    )


@login_required
@require_POST
def delete(request, pk: int):  # type: ignore[no-untyped-def]
    line = budget_line_get(request.user, pk)
    try:
        budget_line_delete(line=line, by=request.user)
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    else:
        messages.success(request, f"已刪除「{line.programme}」")
    return redirect(f"/budget/?year={line.year}&unit={line.unit_id}")
