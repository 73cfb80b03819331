"""Follow-up pages: the office's deadlines and settings, reminders (催辦) and their read receipts, calendar feeds.
Views adapt the request to one selector or service."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from mainstream import roc
from mainstream.listing import listing_of
from mainstream.plan.selectors import plan_in_force, plan_years
from mainstream.units.access import access_for

from . import selectors, services
from .calendar import calendar_text


def _year_as_of(params):  # type: ignore[no-untyped-def]
    from mainstream.evaluation.selectors import default_as_of, default_year

    try:
        year = roc.parse_year(params["year"]) if params.get("year") else default_year()
    except ValueError:
        year = default_year()
    if year not in plan_years():
        year = default_year()
    try:
        as_of = roc.parse_date(params["as_of"]) if params.get("as_of") else default_as_of()
    except ValueError:
        as_of = default_as_of()
    return year, as_of


def _require_office(request) -> None:  # type: ignore[no-untyped-def]
    if not access_for(request.user).is_admin:
        raise PermissionDenied("僅性平辦可設定期限及催辦")


def _key(row: selectors.DutyRow) -> str:
    return f"{row.unit}|{row.finding.rule}|{row.finding.subject}"


# -- deadlines and settings ------------------------------------------------------------------------
@login_required
def deadlines(request):  # type: ignore[no-untyped-def]
    """The office sets a deadline per year and duty (else the end of the duty's window) and its settings."""
    _require_office(request)
    year, _ = _year_as_of(request.GET if request.method == "GET" else request.POST)
    plan = plan_in_force(year)
    if request.method == "POST":
        try:
            if request.POST.get("what") == "settings":
                days = [
                    int(d) for d in request.POST.get("reminder_days", "").replace("，", ",").split(",") if d.strip()
                ]
                services.followup_settings_save(
                    due_soon_days=int(request.POST.get("due_soon_days") or 0), reminder_days=days, by=request.user
                )
                messages.success(request, "已儲存追蹤管考設定")
            else:
                text = request.POST.get("due", "").strip()
                services.deadline_set(
                    year=year,
                    rule=request.POST.get("rule", ""),
                    due=roc.parse_date(text) if text else None,
                    reason=request.POST.get("reason", ""),
                    by=request.user,
                )
                messages.success(request, "已儲存期限")
        except (ValueError, ValidationError) as exc:
            messages.error(request, "；".join(getattr(exc, "messages", [str(exc)])))
        return redirect(f"{reverse('followup:deadlines')}?year={year}")
    from .models import Deadline

    set_ = {d.rule: d for d in Deadline.objects.filter(year=year)}
    rows = []
    for rule, duty in plan.duties.items():
        ends = sorted({selectors.window_end(plan, rule, g, year) for g in plan.groups})
        rows.append(
            {
                "rule": rule,
                "title": duty.title,
                "tool": plan.tool(duty.tool).name,
                "clause": duty.clause.get("all") or "、".join(dict.fromkeys(duty.clause.values())),
                "window_end": "／".join(roc.format_date(d) for d in ends),
                "deadline": set_.get(rule),
            }
        )
    current = selectors.followup_settings()
    return render(
        request,
        "followup/deadlines.html",
        {
            "year": year,
            "years": plan_years(),
            "rows": rows,
            "settings": current,
            "reminder_days": "、".join(str(d) for d in current.reminder_days),
            "reminder_days_input": ",".join(str(d) for d in current.reminder_days),
        },
    )


# -- reminders -------------------------------------------------------------------------------------
@login_required
def reminder_new(request):  # type: ignore[no-untyped-def]
    """The office chooses units and their open duties (from the scorecard's filters) and sends a reminder."""
    _require_office(request)
    params = request.GET if request.method == "GET" else request.POST
    year, as_of = _year_as_of(params)
    filters = selectors.duty_filter_from(params, selectors.followup_settings().due_soon_days)
    rows = [
        r
        for r in selectors.duty_rows(request.user, year=year, as_of=as_of)
        if r.is_open and filters.keeps(r, status=False) and filters.keeps_status(r)
    ]
    rows = selectors.duty_rows_sort(rows, "unit")
    if request.method == "POST":
        chosen_units = set(request.POST.getlist("to"))
        chosen = set(request.POST.getlist("item"))
        picked = [r for r in rows if r.unit in chosen_units and _key(r) in chosen]
        try:
            sent = services.reminder_send(
                year=year, as_of=as_of, rows=picked, message=request.POST.get("message", ""), by=request.user
            )
        except ValidationError as exc:
            messages.error(request, "；".join(exc.messages))
        else:
            units = "、".join(r.unit.short_name for r in sent.reminders)
            mail = f"，並寄出電子郵件 {sent.emails} 封" if sent.emails else ""
            messages.success(request, f"已催辦 {units}（{len(picked)} 項），已通知其性平聯絡人{mail}")
            return redirect("followup:reminder_batch", batch=sent.batch)
    units: dict[str, list[dict]] = {}
    for r in rows:
        units.setdefault(r.unit, []).append({"row": r, "key": _key(r)})
    query = {"year": str(year), "as_of": roc.format_date(as_of), **filters.as_query()}
    return render(
        request,
        "followup/reminder_new.html",
        {
            "year": year,
            "as_of_text": roc.format_date(as_of),
            "units": list(units.items()),
            "count": len(rows),
            "hidden": query,
            "back": f"{reverse('evaluation:scorecard')}?{urlencode(query)}",
        },
    )


@login_required
def reminders(request):  # type: ignore[no-untyped-def]
    """Every reminder sent (the office and the units it was sent to), newest first."""
    rows = selectors.reminder_list(request.user, unit=request.GET.get("unit", ""))
    listing = listing_of(request, rows, sort="-sent", per_page=50)
    return render(request, "followup/reminders.html", {"listing": listing})


@login_required
def reminder_batch(request, batch: str):  # type: ignore[no-untyped-def]
    items = selectors.reminder_batch_get(request.user, batch)
    return render(request, "followup/reminder_batch.html", {"reminders": items, "batch": batch})


# -- calendar feeds --------------------------------------------------------------------------------
@login_required
def calendar(request):  # type: ignore[no-untyped-def]
    """The user's calendar subscription: make (or make anew) a secret address, or stop it."""
    from .models import CalendarToken

    token = ""
    if request.method == "POST":
        if request.POST.get("what") == "revoke":
            services.calendar_token_revoke(by=request.user)
            messages.success(request, "已停用行事曆訂閱網址")
            return redirect("followup:calendar")
        token = services.calendar_token_create(by=request.user)
    existing = CalendarToken.objects.filter(user=request.user).first()
    url = request.build_absolute_uri(reverse("followup:calendar_feed", args=[token])) if token else ""
    return render(request, "followup/calendar.html", {"url": url, "existing": existing})


def calendar_feed(request, token: str):  # type: ignore[no-untyped-def]
    """iCalendar (RFC 5545) feed of the user's due dates and task force meetings, opened by its secret address
    (calendar applications cannot log in)."""
    user = services.calendar_user(token)
    if user is None:
        raise Http404("查無此行事曆")
    response = HttpResponse(calendar_text(user, request), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="mainstream.ics"'
    response["Cache-Control"] = "private, max-age=900"
    return response
