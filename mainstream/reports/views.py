"""Report pages (log-in): result reports, work plans, comparison, city-wide report, penalty grounds,
rewards, feedback. Each view adapts the request to one selector or service; access is decided in
units.access (through the selectors and services)."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from mainstream import roc
from mainstream.evaluation.presentation import STATUS_LABELS
from mainstream.evaluation.selectors import default_as_of
from mainstream.links import redirect_target
from mainstream.plan.selectors import plan_in_force, plan_year_problem, plan_years
from mainstream.units.access import access_for, require_admin, units_visible_to

from . import exports, selectors, services
from .models import NarrativeSection, PenaltyGround, PlannedItem, Question, Questionnaire, Report
from .sections import TOOL_APPS

KINDS = {"result": Report.Kind.RESULT, "plan": Report.Kind.PLAN}


def _year(value, default: int | None = None) -> int:  # type: ignore[no-untyped-def]
    years = plan_years()
    try:
        year = (
            roc.parse_year(value)
            if value
            else (default or min(max(roc.roc_year_of(default_as_of()) - 1, years[0]), years[-1]))
        )
    except ValueError:
        raise Http404("年度錯誤") from None
    if year not in years:
        raise Http404(plan_year_problem(year))
    return year


def _errors(view):  # type: ignore[no-untyped-def]
    """Show a service's ValidationError as a message and go back."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):  # type: ignore[no-untyped-def]
        try:
            return view(request, *args, **kwargs)
        except ValidationError as exc:
            messages.error(request, "；".join(exc.messages))
            return redirect(redirect_target(request, request.META.get("HTTP_REFERER"), reverse("reports:index")))

    return wrapper


def _report(request, short: str, year: int, kind: str, create: bool = False) -> tuple:  # type: ignore[no-untyped-def]
    if kind not in KINDS:
        raise Http404()
    unit = selectors.unit_get_visible(request.user, short)
    year = _year(str(year))
    report = Report.objects.filter(unit=unit, year=year, kind=KINDS[kind]).first()
    if report is None and create:
        report = services.report_open(unit=unit, year=year, kind=KINDS[kind], by=request.user)
    return unit, year, report


@login_required
def index(request):  # type: ignore[no-untyped-def]
    year = _year(request.GET.get("year"))
    units = list(units_visible_to(request.user).filter(kind="executing"))
    reports = {(r.unit_id, r.kind): r for r in selectors.report_list(request.user, year=year)}
    rows = [(u, reports.get((u.id, Report.Kind.RESULT)), reports.get((u.id, Report.Kind.PLAN))) for u in units]
    access = access_for(request.user)
    return render(
        request,
        "reports/index.html",
        {
            "year": year,
            "years": plan_years(),
            "rows": rows,
            "read_all": access.read_all,
            "is_admin": access.is_admin,
            "rounds": _rounds(),
        },
    )


def _rounds():  # type: ignore[no-untyped-def]
    """Every reward round the stored plans name."""
    from .rewards import rounds_known

    return rounds_known()


@login_required
def detail(request, short: str, year: int, kind: str):  # type: ignore[no-untyped-def]
    unit, year, report = _report(request, short, year, kind)
    doc = services.document_for(report) if report else _compose(kind, unit.short_name, year)
    access = access_for(request.user)
    return render(
        request,
        "reports/detail.html",
        {
            "unit": unit,
            "year": year,
            "kind": kind,
            "report": report,
            "doc": doc,
            "can_write": access.can_write_unit(unit.id),
            "confirms": access.confirms_publication,
            "tools": [plan_in_force(year).tool(t) for t in TOOL_APPS],
            "meetings": services.meetings_for(report or Report(unit=unit, year=year, kind=KINDS[kind])),
            "formats": exports.FORMATS,
        },
    )


def _compose(kind: str, short: str, year: int):  # type: ignore[no-untyped-def]
    from .compose import plan_document, result_document

    return (result_document if kind == "result" else plan_document)(short, year, None)


def _download(doc, fmt: str, stem: str) -> HttpResponse:  # type: ignore[no-untyped-def]
    if fmt not in exports.FORMATS:
        raise Http404()
    try:
        data = exports.render(doc, fmt)
    except exports.ExportError as exc:
        return HttpResponse(str(exc), status=503, content_type="text/plain; charset=utf-8")
    response = HttpResponse(data, content_type=exports.MIME[fmt])
    from urllib.parse import quote

    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(stem)}.{fmt}"
    return response


@login_required
def download(request, short: str, year: int, kind: str, fmt: str):  # type: ignore[no-untyped-def]
    unit, year, report = _report(request, short, year, kind)
    doc = services.document_for(report) if report else _compose(kind, unit.short_name, year)
    return _download(doc, fmt, f"{unit.short_name}-{year}-{kind}")


@login_required
@require_POST
@_errors
def narrative_save(request, short: str, year: int, kind: str):  # type: ignore[no-untyped-def]
    unit, year, report = _report(request, short, year, kind, create=True)
    pk = request.POST.get("section")
    section = get_object_or_404(NarrativeSection, pk=pk, report=report) if pk else None
    if request.POST.get("delete") and section is not None:
        services.narrative_delete(section=section, by=request.user)
        messages.success(request, "已刪除段落")
    else:
        order = request.POST.get("order", "0")
        services.narrative_save(
            report=report,
            title=request.POST.get("title", ""),
            body=request.POST.get("body", ""),
            order=int(order) if order.isdigit() else 0,
            section=section,
            by=request.user,
        )
        messages.success(request, "已儲存段落")
    return redirect("reports:detail", short=unit.short_name, year=year, kind=kind)


@login_required
@require_POST
@_errors
def item_save(request, short: str, year: int):  # type: ignore[no-untyped-def]
    unit, year, report = _report(request, short, year, "plan", create=True)
    pk = request.POST.get("item")
    item = get_object_or_404(PlannedItem, pk=pk, report=report) if pk else None
    if request.POST.get("delete") and item is not None:
        services.planned_item_delete(item=item, by=request.user)
    elif request.POST.get("redraft"):
        n = services.plan_draft(report=report, by=request.user)
        messages.success(request, f"已重新擬訂 {n} 項")
    else:
        planned = request.POST.get("planned", "").strip()
        if planned and not planned.isdigit():
            raise ValidationError("預定數量須為整數")
        services.planned_item_save(
            report=report,
            tool=request.POST.get("tool", ""),
            title=request.POST.get("title", ""),
            planned=int(planned) if planned else None,
            detail=request.POST.get("detail", ""),
            item=item,
            by=request.user,
        )
        messages.success(request, "已儲存項目")
    return redirect("reports:detail", short=unit.short_name, year=year, kind="plan")


@login_required
@require_POST
@_errors
def adopt(request, short: str, year: int, kind: str):  # type: ignore[no-untyped-def]
    unit, year, report = _report(request, short, year, kind, create=True)
    _adopt(request, report)
    return redirect("reports:detail", short=unit.short_name, year=year, kind=kind)


def _adopt(request, report: Report) -> None:  # type: ignore[no-untyped-def]
    meeting = None
    if request.POST.get("meeting"):
        meeting = next((m for m in services.meetings_for(report) if str(m.pk) == request.POST["meeting"]), None)
        if meeting is None:
            raise ValidationError("該會議不是本機關性平小組的會議")
    adopted_on = None
    if request.POST.get("adopted_on"):
        try:
            adopted_on = roc.parse_date(request.POST["adopted_on"])
        except ValueError as exc:
            raise ValidationError(str(exc)) from exc
    services.report_adopt(
        report=report,
        adopted_on=adopted_on,
        meeting=meeting,
        meeting_title=request.POST.get("meeting_title", ""),
        by=request.user,
    )
    messages.success(request, "已登錄通過")


@login_required
@require_POST
@_errors
def publish(request, pk: int):  # type: ignore[no-untyped-def]
    report = selectors.report_get(request.user, pk)
    if request.POST.get("unpublish"):
        services.report_unpublish(report=report, by=request.user)
        messages.success(request, "已撤回公告")
    elif report.kind == Report.Kind.CITY or access_for(request.user).confirms_publication:
        services.report_publish(report=report, by=request.user)
        messages.success(request, "已確認並公告於性別平等專區")
    else:
        services.report_publish_request(report=report, by=request.user)
        messages.success(request, "已申請公告，待性平辦或管考單位確認")
    if report.kind == Report.Kind.CITY:
        return redirect("reports:city", year=report.year)
    kind = "result" if report.kind == Report.Kind.RESULT else "plan"
    return redirect("reports:detail", short=report.unit.short_name, year=report.year, kind=kind)


@login_required
def compare(request, short: str, year: int):  # type: ignore[no-untyped-def]
    """The scorecard's plan-vs-result view: planned items against the year's findings, per tool."""
    from mainstream.evaluation.stored import findings_stored

    unit, year, plan_report = _report(request, short, year, "plan")
    findings = findings_stored(year=year, unit=unit.short_name)
    items = list(plan_report.planned_items.all()) if plan_report else []
    plan = plan_in_force(year)
    rows = []
    for tool in TOOL_APPS:
        rows.append(
            {
                "tool": plan.tool(tool),
                "items": [i for i in items if i.tool == tool],
                "findings": [(f, plan.duties.get(f.rule)) for f in findings if f.tool == tool],
            }
        )
    return render(
        request,
        "reports/compare.html",
        {"unit": unit, "year": year, "rows": rows, "report": plan_report, "labels": STATUS_LABELS},
    )


# -- the city-wide report ---------------------------------------------------------------------------


def _require_read_all(request) -> None:  # type: ignore[no-untyped-def]
    if not access_for(request.user).read_all:
        raise PermissionDenied("僅性平辦及管考單位可檢視全府報告")


@login_required
def city(request, year: int):  # type: ignore[no-untyped-def]
    from .compose import city_document

    _require_read_all(request)
    year = _year(str(year))
    report = Report.objects.filter(kind=Report.Kind.CITY, year=year).first()
    doc = services.document_for(report) if report else city_document(year, None)
    return render(
        request,
        "reports/city.html",
        {
            "year": year,
            "report": report,
            "doc": doc,
            "formats": exports.FORMATS,
            "is_admin": access_for(request.user).is_admin,
            "years": plan_years(),
        },
    )


@login_required
def city_download(request, year: int, fmt: str):  # type: ignore[no-untyped-def]
    from .compose import city_document

    _require_read_all(request)
    year = _year(str(year))
    report = Report.objects.filter(kind=Report.Kind.CITY, year=year).first()
    doc = services.document_for(report) if report else city_document(year, None)
    return _download(doc, fmt, f"臺北市-{year}-city")


@login_required
@require_POST
@_errors
def city_adopt(request, year: int):  # type: ignore[no-untyped-def]
    require_admin(request.user)
    report = services.report_open(
        unit=selectors.office_unit(), year=_year(str(year)), kind=Report.Kind.CITY, by=request.user
    )
    _adopt(request, report)
    return redirect("reports:city", year=report.year)


# -- penalty grounds (捌、二) ------------------------------------------------------------------------


@login_required
def penalties(request):  # type: ignore[no-untyped-def]
    year = _year(request.GET.get("year"))
    access = access_for(request.user)
    day = selectors.penalties_on_day(request.user, year=year)
    return render(
        request,
        "reports/penalties.html",
        {
            "year": year,
            "years": plan_years(),
            "rows": day.rows,
            "pending": day.pending,
            "gone": day.gone,
            "as_of": day.as_of,
            "closed": day.as_of > roc.year_end(year),
            "is_admin": access.is_admin,
            "grounds": PenaltyGround.Ground,
            "outcomes": PenaltyGround.Outcome.choices,
            "units": units_visible_to(request.user).filter(kind="executing"),
        },
    )


@login_required
@require_POST
@_errors
def penalty_record(request):  # type: ignore[no-untyped-def]
    year = _year(request.POST.get("year"))
    if request.POST.get("from_rules"):
        n = services.penalty_meetings_record(year=year, by=request.user)
        n += services.penalty_publications_record(year=year, by=request.user)
        messages.success(request, f"已自考核結果帶入 {n} 件")
    else:
        from mainstream.units.models import Unit

        unit = get_object_or_404(Unit, pk=request.POST.get("unit") or 0)
        services.penalty_record(
            year=year,
            ground=request.POST.get("ground", ""),
            unit=unit,
            description=request.POST.get("description", ""),
            evidence=request.POST.get("evidence", ""),
            evidence_file=request.FILES.get("file"),
            by=request.user,
        )
        messages.success(request, "已登錄懲處事由")
    return redirect(f"/reports/penalties/?year={year}")


@login_required
@require_POST
@_errors
def penalty_outcome(request, pk: int):  # type: ignore[no-untyped-def]
    row = get_object_or_404(PenaltyGround, pk=pk)
    services.penalty_outcome(
        row=row, outcome=request.POST.get("outcome", ""), note=request.POST.get("note", ""), by=request.user
    )
    messages.success(request, "已登錄處理結果")
    return redirect(f"/reports/penalties/?year={row.year}")


@login_required
def penalty_file(request, pk: int):  # type: ignore[no-untyped-def]
    from mainstream.files import file_response

    row = get_object_or_404(selectors.penalty_list(request.user), pk=pk)
    return file_response(row.evidence_file)


# -- rewards (捌、一) --------------------------------------------------------------------------------


@login_required
def rewards(request, round_key: str):  # type: ignore[no-untyped-def]
    _require_read_all(request)
    from .rewards import criteria_for_round

    try:
        criteria = criteria_for_round(round_key)
        rnd = criteria.round(round_key)
    except LookupError:
        raise Http404("沒有這個評比期間") from None
    as_of = default_as_of()
    scores = selectors.reward_scores(round_key, as_of=as_of)
    plan = plan_in_force(rnd.first)
    groups = [
        (g, sorted([s for s in scores if s.group == code], key=lambda s: s.rank)) for code, g in plan.groups.items()
    ]
    return render(
        request,
        "reports/rewards.html",
        {
            "round": rnd,
            "as_of": as_of,
            "criteria": criteria,
            "groups": groups,
            "is_admin": access_for(request.user).is_admin,
            "tool_names": {t.code: t.name for t in plan.tools},
        },
    )


@login_required
@require_POST
@_errors
def reward_adjust(request, round_key: str):  # type: ignore[no-untyped-def]
    from mainstream.units.models import Unit

    unit = get_object_or_404(Unit, short_name=request.POST.get("unit", ""))
    try:
        points = Decimal(request.POST.get("points", ""))
    except InvalidOperation:
        raise ValidationError("調整分數須為數字") from None
    services.reward_adjust(
        round_key=round_key, unit=unit, points=points, reason=request.POST.get("reason", ""), by=request.user
    )
    messages.success(request, f"已登錄 {unit} 的評審調整")
    return redirect("reports:rewards", round_key=round_key)


# -- feedback (柒、二、(一)) --------------------------------------------------------------------------


@login_required
def feedback(request):  # type: ignore[no-untyped-def]
    return render(
        request,
        "reports/feedback.html",
        {
            "questionnaires": selectors.questionnaire_list(request.user),
            "is_admin": access_for(request.user).is_admin,
            "kinds": Question.Kind.choices,
            "years": plan_years(),
        },
    )


@login_required
@require_POST
@_errors
def feedback_create(request):  # type: ignore[no-untyped-def]
    questions = []
    for i in range(1, 6):
        text = request.POST.get(f"q{i}", "").strip()
        if text:
            choices = [c.strip() for c in request.POST.get(f"c{i}", "").split("、") if c.strip()]
            questions.append((text, request.POST.get(f"k{i}", "text"), choices))
    q = services.questionnaire_create(
        year=_year(request.POST.get("year")),
        title=request.POST.get("title", ""),
        intro=request.POST.get("intro", ""),
        questions=questions,
        by=request.user,
    )
    if request.POST.get("publish"):
        services.questionnaire_publish(questionnaire=q, by=request.user)
    messages.success(request, "已建立問卷")
    return redirect("reports:questionnaire", pk=q.pk)


@login_required
def questionnaire(request, pk: int):  # type: ignore[no-untyped-def]
    q = get_object_or_404(selectors.questionnaire_list(request.user), pk=pk)
    access = access_for(request.user)
    responses = list(selectors.feedback_responses(request.user, q))
    writable = [u for u in units_visible_to(request.user).filter(kind="executing") if access.can_write_unit(u.id)]
    mine = {r.unit_id: {a.question_id: a.value for a in r.answers.all()} for r in responses}
    return render(
        request,
        "reports/questionnaire.html",
        {
            "q": q,
            "questions": list(q.questions.all()),
            "responses": responses,
            "is_admin": access.is_admin,
            "writable": [] if access.is_admin else writable,
            "mine": mine,
        },
    )


@login_required
@require_POST
@_errors
def questionnaire_answer(request, pk: int):  # type: ignore[no-untyped-def]
    from mainstream.units.models import Unit

    q = get_object_or_404(Questionnaire, pk=pk, published_at__isnull=False)
    unit = get_object_or_404(Unit, pk=request.POST.get("unit") or 0)
    answers = {question.id: request.POST.get(f"a{question.id}", "").strip() for question in q.questions.all()}
    services.feedback_submit(questionnaire=q, unit=unit, answers=answers, by=request.user)
    messages.success(request, f"已送出 {unit} 的回饋（{roc.format_date(timezone.localdate())}）")
    return redirect("reports:questionnaire", pk=q.pk)


@login_required
@require_POST
@_errors
def questionnaire_publish(request, pk: int):  # type: ignore[no-untyped-def]
    q = get_object_or_404(Questionnaire, pk=pk)
    services.questionnaire_publish(questionnaire=q, by=request.user)
    messages.success(request, "已發布問卷")
    return redirect("reports:questionnaire", pk=q.pk)
