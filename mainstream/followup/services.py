"""Writes of follow-up: the office's deadlines and settings, reminders (催辦) and calendar feed tokens.

Reminders reach a unit's liaisons through the liaison circle (伍、一、(一)、3: 性平聯繫圈) as a notice addressed to
that unit, with the circle's read receipts, and by e-mail where the server has a mail relay configured. Every
reminder is recorded with the duties it was about (their status and due date on the day it was sent).
"""

from __future__ import annotations

import hashlib
import logging
import secrets
import uuid
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone

from mainstream import roc
from mainstream.audit.services import audit_record
from mainstream.units.access import require_admin, require_writer
from mainstream.units.models import Role, Unit

from .models import CalendarToken, Deadline, FollowupSettings, Reminder, ReminderItem
from .selectors import OPEN, DutyRow

log = logging.getLogger(__name__)

NO_MAIL_BACKENDS = ("django.core.mail.backends.console.EmailBackend", "django.core.mail.backends.dummy.EmailBackend")


# -- deadlines and settings ------------------------------------------------------------------------
@transaction.atomic
def deadline_set(*, year: int, rule: str, due: date | None, reason: str = "", by=None) -> Deadline | None:  # type: ignore[no-untyped-def]
    """The office sets (or, with ``due`` None, removes) the deadline of a duty for a year."""
    from mainstream.plan.selectors import plan_in_force

    require_admin(by)
    plan = plan_in_force(year)
    if rule not in plan.duties:
        raise ValidationError("沒有此應辦事項")
    existing = Deadline.objects.filter(year=year, rule=rule).first()
    title = plan.duty(rule).title
    if due is None:
        if existing is not None:
            existing.delete()
            audit_record(
                by=by,
                action="deadline.delete",
                target="followup.deadline",
                summary=f"取消 {year} 年「{title}」之期限（回復為期間末日）",
                changes={"due": [existing.due, None]},
            )
        return None
    last = max(plan.window_of(rule, g, year)[1] for g in plan.groups)
    if due < roc.year_start(year) or due > roc.year_end(last + 1):
        raise ValidationError(f"期限須在 {year} 年初至 {last + 1} 年底之間")
    before = existing.due if existing else None
    row, _ = Deadline.objects.update_or_create(
        year=year,
        rule=rule,
        defaults={"due": due, "reason": reason.strip()[:200], "set_by": by if getattr(by, "pk", None) else None},
    )
    audit_record(
        by=by,
        action="deadline.set",
        obj=row,
        summary=f"設定 {year} 年「{title}」期限為 {roc.format_date(due)}",
        changes={"due": [before, due], "reason": reason.strip()[:200]},
    )
    return row


@transaction.atomic
def followup_settings_save(*, due_soon_days: int, reminder_days: Sequence[int], by=None) -> FollowupSettings:  # type: ignore[no-untyped-def]
    """The office's settings: how many days ahead count as 即將到期, and how many days before a deadline the
    automatic reminders go out (each number once)."""
    require_admin(by)
    days = sorted({int(d) for d in reminder_days}, reverse=True)
    if due_soon_days < 0 or due_soon_days > 366 or any(d < 0 or d > 366 for d in days):
        raise ValidationError("天數須在 0 至 366 之間")
    row = FollowupSettings.objects.order_by("id").first() or FollowupSettings()
    before = {"due_soon_days": row.due_soon_days, "reminder_days": row.reminder_days}
    row.due_soon_days, row.reminder_days = due_soon_days, days
    row.changed_by = by if getattr(by, "pk", None) else None
    row.save()
    audit_record(
        by=by,
        action="followup.settings",
        obj=row,
        summary=f"追蹤管考設定：即將到期 {due_soon_days} 日；期限前 {'、'.join(map(str, days)) or '不'} 日自動催辦",
        changes={"before": before, "after": {"due_soon_days": due_soon_days, "reminder_days": days}},
    )
    return row


# -- reminders -------------------------------------------------------------------------------------
def mail_configured() -> bool:
    """E-mail goes out only where the server has a real mail backend (SMTP; tests use the in-memory one)."""
    return settings.EMAIL_BACKEND not in NO_MAIL_BACKENDS


@dataclass(frozen=True)
class Sent:
    batch: str
    reminders: list[Reminder]

    @property
    def emails(self) -> int:
        return sum(r.emails for r in self.reminders)


def _notice_body(unit: Unit, year: int, as_of: date, rows: list[DutyRow], message: str) -> str:
    lines = [message.strip(), ""] if message.strip() else []
    lines.append(f"{unit.full_name} {year} 年尚待辦理之應辦事項（考核基準日 {roc.format_date(as_of)}）：")
    for r in sorted(rows, key=lambda r: (r.due, r.duty_order)):
        lines.append(f"・{r.title}（{r.finding.clause}）：{r.label}，期限 {r.due_text}；{r.finding.detail}")
    lines.append("")
    lines.append(f"請至系統「{unit.short_name}待辦事項」查看：/todo/{unit.short_name}/?year={year}")
    return "\n".join(lines)


def _liaison_users(unit: Unit) -> list:  # type: ignore[type-arg]
    roles = Role.objects.filter(kind=Role.Kind.LIAISON, unit=unit).select_related("user")
    return [r.user for r in roles if r.user.is_active]


@transaction.atomic
def reminder_send(
    *,
    year: int,
    as_of: date,
    rows: Iterable[DutyRow],
    message: str = "",
    by=None,  # type: ignore[no-untyped-def]
    automatic: bool = False,
    days_before: int | None = None,
) -> Sent:
    """Remind each unit of ``rows`` about its open duties among them: one notice per unit in the liaison circle,
    addressed to that unit's liaisons (read receipts), an e-mail to each liaison with an address where mail is
    configured, and a record of what was asked. Only the office sends (``by`` None: the automatic reminders)."""
    from mainstream.mechanism.services import notice_post

    require_admin(by)
    per_unit: dict[str, list[DutyRow]] = defaultdict(list)
    for r in rows:
        if r.status not in OPEN:
            raise ValidationError(f"{r.unit}「{r.title}」已{r.label}，不需催辦")
        per_unit[r.unit].append(r)
    if not per_unit:
        raise ValidationError("請選擇要催辦的機關及事項")
    units = {u.short_name: u for u in Unit.objects.filter(short_name__in=per_unit)}
    batch = uuid.uuid4().hex
    now = timezone.now()
    sent = []
    for short, unit_rows in per_unit.items():
        unit = units[short]
        title = f"〔催辦〕{unit.short_name} {year} 年應辦事項 {len(unit_rows)} 項"
        if automatic and days_before is not None:
            title += f"（期限前 {days_before} 日自動提醒）"
        body = _notice_body(unit, year, as_of, unit_rows, message)
        notice = notice_post(kind="reminder", title=title, body=body, units=[unit], by=by)
        reminder = Reminder.objects.create(
            batch=batch,
            unit=unit,
            year=year,
            as_of=as_of,
            message=message.strip(),
            automatic=automatic,
            days_before=days_before,
            notice=notice,
            sent_at=now,
            sent_by=by if getattr(by, "pk", None) else None,
        )
        ReminderItem.objects.bulk_create(
            ReminderItem(
                reminder=reminder,
                rule=r.finding.rule,
                title=r.title[:200],
                status=r.status,
                due=r.due,
                detail=r.finding.detail[:300],
                auto_key=auto_key(r, days_before) if automatic and days_before is not None else None,
            )
            for r in unit_rows
        )
        reminder.emails = _mail(unit, title, body) if mail_configured() else 0
        if reminder.emails:
            reminder.save(update_fields=["emails"])
        audit_record(
            by=by,
            action="reminder.send",
            obj=reminder,
            unit=unit,
            summary=f"{'自動' if automatic else ''}催辦 {unit.short_name} {year} 年應辦事項 {len(unit_rows)} 項"
            f"{f'，寄出電子郵件 {reminder.emails} 封' if reminder.emails else ''}",
            changes={"duties": [f"{r.title}（期限 {r.due_text}）" for r in unit_rows]},
        )
        sent.append(reminder)
    return Sent(batch, sent)


def _mail(unit: Unit, subject: str, body: str) -> int:
    """E-mail the unit's liaisons (those with an address); a failing relay is logged, never loses the reminder."""
    count = 0
    for user in _liaison_users(unit):
        if not user.email:
            continue
        try:
            count += send_mail(subject, body, None, [user.email])
        except Exception:
            log.exception("reminder mail to a liaison of %s failed", unit.short_name)
    return count


def auto_key(row: DutyRow, days_before: int) -> str:
    """What an automatic reminder is about, once: unit, duty, deadline and days before (a moved deadline is new)."""
    return f"{row.unit}|{row.finding.rule}|{row.due.isoformat()}|{days_before}"


@transaction.atomic
def reminders_due(*, as_of: date, year: int | None = None, dry_run: bool = False) -> list[tuple[int, list[DutyRow]]]:
    """The automatic reminders (the office's ``reminder_days``): each open duty still in progress whose deadline
    is at most N days away (the smallest such N of the settings) is reminded once for that N. Sends them (unless
    ``dry_run``) and returns (N, rows) of each sending.

    Idempotent: a duty reminded to a unit for a deadline and N is never reminded again for them, however often and
    however many at once this runs (one run at a time holds the settings row; ``ReminderItem.auto_key`` is unique)."""
    from mainstream.plan.selectors import plan_years

    from .selectors import duty_rows, followup_settings

    settings_row = followup_settings()
    if settings_row.pk:  # a second run waits here until the first has committed (PostgreSQL; SQLite serialises writes)
        FollowupSettings.objects.select_for_update().filter(pk=settings_row.pk).first()
    days = sorted(settings_row.reminder_days or [])
    if not days:
        return []
    years = [year] if year is not None else [y for y in plan_years() if y <= roc.roc_year_of(as_of)]
    out = []
    for y in years:
        rows = [r for r in duty_rows(None, year=y, as_of=as_of) if r.status == "in_progress" and r.days_left >= 0]
        by_n: dict[int, list[DutyRow]] = defaultdict(list)
        for r in rows:
            n = next((d for d in days if r.days_left <= d), None)
            if n is None or _already_reminded(r, y, n):
                continue
            by_n[n].append(r)
        for n, chosen in sorted(by_n.items()):
            if not dry_run:
                reminder_send(year=y, as_of=as_of, rows=chosen, automatic=True, days_before=n, by=None)
            out.append((n, chosen))
    return out


def _already_reminded(row: DutyRow, year: int, n: int) -> bool:
    return ReminderItem.objects.filter(
        reminder__automatic=True,
        reminder__year=year,
        reminder__unit__short_name=row.unit,
        reminder__days_before__lte=n,
        rule=row.finding.rule,
        due=row.due,
    ).exists()


# -- calendar feed tokens --------------------------------------------------------------------------
def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def calendar_token_create(*, by) -> str:  # type: ignore[no-untyped-def]
    """A new secret address for the user's calendar feed (the old one stops working). Returns the secret, which
    is shown once: only its hash is kept."""
    if by is None or not by.is_authenticated:
        raise PermissionDenied("請先登入")
    require_writer(by)  # read-only roles write nothing, a stored token included (issue 14, item 8)
    token = secrets.token_urlsafe(32)
    CalendarToken.objects.update_or_create(user=by, defaults={"token_hash": token_hash(token), "last_used": None})
    audit_record(by=by, action="calendar.token", target="followup.calendartoken", summary="產生行事曆訂閱網址")
    return token


@transaction.atomic
def calendar_token_revoke(*, by) -> None:  # type: ignore[no-untyped-def]
    if by is None or not by.is_authenticated:
        raise PermissionDenied("請先登入")
    if CalendarToken.objects.filter(user=by).delete()[0]:
        audit_record(by=by, action="calendar.revoke", target="followup.calendartoken", summary="停用行事曆訂閱網址")


def calendar_user(token: str):  # type: ignore[no-untyped-def]
    """The user whose feed ``token`` opens (None for an unknown or revoked token, or an inactive user)."""
    if not token or len(token) > 100:
        return None
    row = CalendarToken.objects.filter(token_hash=token_hash(token)).select_related("user").first()
    if row is None or not row.user.is_active:
        return None
    CalendarToken.objects.filter(pk=row.pk).update(last_used=timezone.now())
    return row.user
