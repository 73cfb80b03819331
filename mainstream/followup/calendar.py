"""A user's calendar feed (iCalendar, RFC 5545): the due dates of the open duties of the units they may see, and
their task forces' meetings. Calendar applications subscribe to it by its secret address (no log-in)."""

from __future__ import annotations

import hashlib
from collections import defaultdict
from datetime import date, timedelta

from django.urls import reverse

from mainstream import roc

STAMP = "20200101T000000Z"


def ics_text(text: str) -> str:
    return text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def ics_fold(line: str) -> str:
    """Fold a content line at 75 octets (RFC 5545, 3.1) without splitting a character."""
    out, current = [], ""
    for ch in line:
        if len((current + ch).encode()) > (75 if not out else 74):
            out.append(current)
            current = ""
        current += ch
    out.append(current)
    return "\r\n ".join(out)


def _event(uid: str, day: date, summary: str, description: str, url: str) -> list[str]:
    return [
        "BEGIN:VEVENT",
        f"UID:{uid}",
        f"DTSTAMP:{STAMP}",
        f"DTSTART;VALUE=DATE:{day:%Y%m%d}",
        f"DTEND;VALUE=DATE:{day + timedelta(days=1):%Y%m%d}",
        f"SUMMARY:{ics_text(summary)}",
        f"DESCRIPTION:{ics_text(description)}",
        f"URL:{url}",
        "END:VEVENT",
    ]


def calendar_text(user, request) -> str:  # type: ignore[no-untyped-def]
    """The feed of ``user``: one event per open duty of their unit (the office and those who read every unit: one
    event per due date, with the count of duties and units), and each visible task force meeting."""
    from mainstream.evaluation.selectors import default_as_of, default_year
    from mainstream.mechanism.models import Meeting
    from mainstream.mechanism.selectors import taskforce_list
    from mainstream.plan.selectors import plan_years
    from mainstream.units.access import access_for

    from .selectors import duty_rows

    host = request.get_host()
    as_of = default_as_of()
    year = default_year()
    years = [y for y in (year, year + 1) if y in plan_years()]
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Taipei City Government//mainstream//ZH-TW",
        "CALSCALE:GREGORIAN",
        "X-WR-CALNAME:性別主流化應辦事項期限",
    ]
    many = access_for(user).read_all
    for y in years:
        rows = [r for r in duty_rows(user, year=y, as_of=as_of) if r.is_open]
        if many:
            per_day: dict[date, list] = defaultdict(list)
            for r in rows:
                per_day[r.due].append(r)
            for day, due in sorted(per_day.items()):
                units = sorted({r.unit for r in due})
                url = request.build_absolute_uri(f"{reverse('evaluation:scorecard')}?year={y}&status=open")
                lines += _event(
                    f"followup-{y}-{day:%Y%m%d}@{host}",
                    day,
                    f"{y} 年應辦事項 {len(due)} 項到期（{len(units)} 個機關）",
                    "、".join(units[:40]) + ("…" if len(units) > 40 else ""),
                    url,
                )
        else:
            for r in rows:
                url = request.build_absolute_uri(f"{reverse('evaluation:unit', args=[r.unit])}?year={y}")
                lines += _event(
                    f"followup-{y}-{r.unit}-{r.finding.rule}-{hashlib.sha1(r.finding.subject.encode()).hexdigest()[:10]}@{host}",
                    r.due,
                    f"〔期限〕{r.unit} {r.title}",
                    f"{r.label}；{r.finding.clause}；{r.finding.detail}",
                    url,
                )
    taskforces = list(taskforce_list(user))
    first = roc.year_start(min(years)) if years else as_of
    for m in Meeting.objects.filter(taskforce__in=taskforces, date__gte=first).select_related("taskforce"):
        lines += _event(
            f"mechanism-meeting-{m.id}@{host}",
            m.date,
            f"{m.taskforce.name} 性平小組 {m.title}",
            "",
            request.build_absolute_uri(reverse("mechanism:meeting", args=[m.id])),
        )
    lines.append("END:VCALENDAR")
    return "\r\n".join(ics_fold(x) for x in lines) + "\r\n"
