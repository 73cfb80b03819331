"""Pages of the mechanism. Each view adapts the request to one selector or service; scoping is in selectors."""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from mainstream import roc
from mainstream.files import file_response
from mainstream.plan.selectors import plan_years
from mainstream.units.access import access_for

from . import selectors
from .models import Attendance, Notice
from .services import (
    AttendanceData,
    MeetingData,
    agenda_item_add,
    attendance_record,
    meeting_create,
    meeting_update,
    minutes_upload,
    notice_acknowledge,
    notice_post,
)


def _year(request) -> int:  # type: ignore[no-untyped-def]
    from mainstream.evaluation.selectors import default_year

    try:
        year = roc.parse_year(request.GET["year"]) if request.GET.get("year") else default_year()
    except ValueError:
        year = default_year()
    return year if year in plan_years() else default_year()


def _as_of() -> date:
    from mainstream.evaluation.selectors import default_as_of

    return default_as_of()


@login_required
def index(request):  # type: ignore[no-untyped-def]
    year = _year(request)
    return render(
        request,
        "mechanism/index.html",
        {
            "taskforces": selectors.taskforce_list(request.user),
            "year": year,
            "years": plan_years(),
            "unread": len(selectors.notices_unread(request.user)),
            "is_admin": access_for(request.user).is_admin,
        },
    )


@login_required
def taskforce(request, code: str):  # type: ignore[no-untyped-def]
    year = _year(request)
    page = selectors.taskforce_page_get(request.user, code, year=year, as_of=_as_of())
    return render(
        request,
        "mechanism/taskforce.html",
        {
            "page": page,
            "years": plan_years(),
            "can_write": selectors.taskforce_can_write(request.user, page.taskforce),
        },
    )


def _meeting_data(request, taskforce) -> MeetingData:  # type: ignore[no-untyped-def]
    text = request.POST.get("date", "").strip()
    try:
        day = roc.parse_date(text)
    except ValueError as exc:
        raise ValidationError(f"開會日期：{exc}" if text else "請填寫開會日期") from exc
    return MeetingData(
        taskforce,
        request.POST.get("title", "").strip(),
        day,
        request.POST.get("result_report") == "on",
        request.POST.get("work_plan") == "on",
    )


@login_required
def meeting_new(request, code: str):  # type: ignore[no-untyped-def]
    """Enter a meeting of a task force (then its attendance, on the meeting's page)."""
    tf = selectors.taskforce_get(request.user, code)
    if not selectors.taskforce_can_write(request.user, tf):
        raise PermissionDenied("您沒有此性平小組的修改權限")
    form = {"title": "", "date": "", "result_report": False, "work_plan": False}
    if request.method == "POST":
        form = {k: request.POST.get(k, "") for k in ("title", "date")}
        form.update(
            result_report=request.POST.get("result_report") == "on", work_plan=request.POST.get("work_plan") == "on"
        )
        try:
            m = meeting_create(data=_meeting_data(request, tf), by=request.user)
        except ValidationError as exc:
            messages.error(request, "；".join(exc.messages))
        else:
            messages.success(request, f"已新增會議「{m.title}」，請登錄出席情形")
            return redirect("mechanism:meeting", meeting_id=m.id)
    return render(request, "mechanism/meeting_form.html", {"taskforce": tf, "form": form, "meeting": None})


@login_required
def meeting_edit(request, meeting_id: int):  # type: ignore[no-untyped-def]
    m = selectors.meeting_get(request.user, meeting_id)
    if not selectors.taskforce_can_write(request.user, m.taskforce):
        raise PermissionDenied("您沒有此性平小組的修改權限")
    kinds = set(m.agenda.values_list("kind", flat=True))
    form = {
        "title": m.title,
        "date": roc.format_date(m.date),
        "result_report": "result_report" in kinds,
        "work_plan": "work_plan" in kinds,
    }
    if request.method == "POST":
        form = {k: request.POST.get(k, "") for k in ("title", "date")}
        form.update(
            result_report=request.POST.get("result_report") == "on", work_plan=request.POST.get("work_plan") == "on"
        )
        try:
            meeting_update(meeting=m, data=_meeting_data(request, m.taskforce), by=request.user)
        except ValidationError as exc:
            messages.error(request, "；".join(exc.messages))
        else:
            messages.success(request, "已修改會議")
            return redirect("mechanism:meeting", meeting_id=m.id)
    return render(request, "mechanism/meeting_form.html", {"taskforce": m.taskforce, "form": form, "meeting": m})


def _attendance_rows(request, page) -> list[AttendanceData]:  # type: ignore[no-untyped-def]
    rows = []
    for member, _ in page.rows:
        status = request.POST.get(f"status-{member.id}", "")
        if not status:
            continue
        opinion = request.POST.get(f"opinion-{member.id}", "").strip()
        try:
            opinion_on = roc.parse_date(opinion) if opinion else None
        except ValueError as exc:
            raise ValidationError(f"{member.name}：書面意見日期「{opinion}」無法辨識（{exc}）") from exc
        rows.append(AttendanceData(member, status, opinion_on, request.POST.get(f"minutes-{member.id}") == "on"))
    return rows


@login_required
def meeting(request, meeting_id: int):  # type: ignore[no-untyped-def]
    page = selectors.meeting_page_get(request.user, meeting_id)
    if request.method == "POST":
        try:
            result = attendance_record(meeting=page.meeting, rows=_attendance_rows(request, page), by=request.user)
        except ValidationError as exc:
            messages.error(request, "；".join(exc.messages))
        else:
            messages.success(request, f"已儲存出席情形（新增 {result.created}、修改 {result.updated}）")
            return redirect("mechanism:meeting", meeting_id=meeting_id)
        page = selectors.meeting_page_get(request.user, meeting_id)
    year = roc.roc_year_of(page.meeting.date)
    return render(
        request,
        "mechanism/meeting.html",
        {
            "page": page,
            "year": year,
            "statuses": _statuses(year),
            "can_write": selectors.taskforce_can_write(request.user, page.meeting.taskforce),
            "members_json": [{"id": m.id, "name": m.name, "kind": m.kind} for m, _ in page.rows],
        },
    )


@login_required
@require_POST
def minutes(request, meeting_id: int):  # type: ignore[no-untyped-def]
    m = selectors.meeting_get(request.user, meeting_id)
    uploaded = request.FILES.get("minutes")
    if uploaded is None:
        messages.error(request, "請選擇會議紀錄檔案")
    else:
        try:
            minutes_upload(meeting=m, uploaded=uploaded, by=request.user)
        except ValidationError as exc:
            messages.error(request, "；".join(exc.messages))
        else:
            messages.success(request, "已上傳會議紀錄")
    return redirect("mechanism:meeting", meeting_id=meeting_id)


@login_required
def minutes_file(request, meeting_id: int):  # type: ignore[no-untyped-def]
    m = selectors.meeting_get(request.user, meeting_id)
    return file_response(m.minutes, download_name=m.minutes_name or None)


def _ics_text(text: str) -> str:
    return text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def _ics_fold(line: str) -> str:
    """Fold a content line at 75 octets (RFC 5545, 3.1) without splitting a character."""
    out, current = [], ""
    for ch in line:
        if len((current + ch).encode()) > (75 if not out else 74):
            out.append(current)
            current = ""
        current += ch
    out.append(current)
    return "\r\n ".join(out)


@login_required
def calendar(request, code: str):  # type: ignore[no-untyped-def]
    """iCalendar (RFC 5545) feed of a task force's meetings, as all-day events."""
    meetings = selectors.meetings_for_feed(request.user, code)
    host = request.get_host()
    stamp = "20200101T000000Z"
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Taipei City Government//mainstream//ZH-TW",
        "CALSCALE:GREGORIAN",
        f"X-WR-CALNAME:{_ics_text(code)} 性平小組會議",
    ]
    for m in meetings:
        end = date.fromordinal(m.date.toordinal() + 1)
        lines += [
            "BEGIN:VEVENT",
            f"UID:mechanism-meeting-{m.id}@{host}",
            f"DTSTAMP:{stamp}",
            f"DTSTART;VALUE=DATE:{m.date:%Y%m%d}",
            f"DTEND;VALUE=DATE:{end:%Y%m%d}",
            f"SUMMARY:{_ics_text(f'{m.taskforce.name} 性平小組 {m.title}')}",
            f"URL:{request.build_absolute_uri(reverse('mechanism:meeting', args=[m.id]))}",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    response = HttpResponse(
        "\r\n".join(_ics_fold(x) for x in lines) + "\r\n", content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = 'inline; filename="taskforce-meetings.ics"'
    return response


@login_required
def penalties(request):  # type: ignore[no-untyped-def]
    if not access_for(request.user).is_admin:
        raise PermissionDenied("僅性平辦可查看懲處事由")
    year = _year(request)
    grounds = selectors.penalty_grounds_meetings(year, as_of=_as_of())
    return render(
        request,
        "mechanism/penalties.html",
        {
            "year": year,
            "years": plan_years(),
            "grounds": grounds,
            "closed": _as_of() > roc.year_end(year),
            "as_of": _as_of(),
        },
    )


@login_required
def notices(request):  # type: ignore[no-untyped-def]
    is_admin = access_for(request.user).is_admin
    if request.method == "POST":
        try:
            notice_post(
                kind=request.POST.get("kind", ""),
                title=request.POST.get("title", ""),
                body=request.POST.get("body", ""),
                link=request.POST.get("link", ""),
                by=request.user,
            )
        except ValidationError as exc:
            messages.error(request, "；".join(exc.messages))
        else:
            messages.success(request, "已發布訊息")
            return redirect("mechanism:notices")
    return render(
        request,
        "mechanism/notices.html",
        {
            "unread": selectors.notices_unread(request.user),
            "all": selectors.notice_list(request.user),
            "is_admin": is_admin,
            "kinds": [(v, label) for v, label in Notice.Kind.choices if v != Notice.Kind.REMINDER],
        },
    )


@login_required
@require_POST
def notice_read(request, notice_id: int):  # type: ignore[no-untyped-def]
    notice_acknowledge(notice=selectors.notice_get(request.user, notice_id), by=request.user)
    return redirect("mechanism:notices")


@login_required
def notice_readers(request, notice_id: int):  # type: ignore[no-untyped-def]
    notice, read, unread = selectors.notice_readers_get(request.user, notice_id)
    return render(request, "mechanism/notice_readers.html", {"notice": notice, "read": read, "unread": unread})


@login_required
@require_POST
def agenda_add(request, meeting_id: int):  # type: ignore[no-untyped-def]
    m = selectors.meeting_get(request.user, meeting_id)
    try:
        agenda_item_add(
            meeting=m, title=request.POST.get("title", ""), link=request.POST.get("link", "").strip(), by=request.user
        )
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    else:
        messages.success(request, "已新增議程")
    return redirect("mechanism:meeting", meeting_id=meeting_id)


@login_required
def liaisons(request):  # type: ignore[no-untyped-def]
    from mainstream.evaluation.selectors import default_as_of

    return render(
        request, "mechanism/liaisons.html", {"liaisons": selectors.liaison_list(request.user), "today": default_as_of()}
    )


@login_required
def liaison(request, liaison_id: int):  # type: ignore[no-untyped-def]
    return render(request, "mechanism/liaison.html", {"liaison": selectors.liaison_get(request.user, liaison_id)})


def _statuses(year: int) -> list[tuple[str, str]]:
    """出席情形 choices, the late notice with the hours of the plan in force for the meeting's year (伍、一、(二)、4、A)."""
    from mainstream.plan.selectors import YearNotCovered, plan_in_force

    try:
        hours = plan_in_force(year).param("mechanism.taskforce.meetings", "late_notice_hours", None, year)
    except YearNotCovered:
        hours = None
    late = Attendance.Status.LATE_NOTICE
    return [
        (value, f"會前 {hours} 小時內告知" if value == late and hours is not None else str(label))
        for value, label in Attendance.Status.choices
    ]
