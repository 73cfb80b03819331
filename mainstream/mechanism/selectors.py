"""Reads of the mechanism, scoped through ``units.access``."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from mainstream import roc
from mainstream.evaluation.engine import Context, Finding
from mainstream.plan.selectors import plan_in_force
from mainstream.units.access import access_for, unit_records_visible_to
from mainstream.units.models import Role

from .derive import TaskForceSpec, taskforce_specs
from .models import Meeting, Notice, NoticeReceipt, TaskForce, TaskForceMember, WrpcSubcommitteeMeeting
from .rules import meetings as meeting_rules
from .rules import taskforces as tf_rules
from .validity import KIND_LABELS, Validity

COMPOSITION_RULES = (
    "mechanism.taskforce.convener",
    "mechanism.taskforce.external_members",
    "mechanism.taskforce.external_term",
    "mechanism.taskforce.internal_members",
    "mechanism.taskforce.wrpc_member",
    "mechanism.taskforce.liaison_members",
    "mechanism.taskforce.gender_ratio",
)
MEETING_RULES = (
    "mechanism.taskforce.meetings",
    "mechanism.taskforce.before_subcommittee",
    "mechanism.taskforce.results_report",
    "mechanism.taskforce.work_plan",
)


# -- task forces -----------------------------------------------------------------------------------
def taskforce_list(user) -> QuerySet[TaskForce]:  # type: ignore[no-untyped-def]
    """Task forces the user may read (a liaison of a composite group sees the group's task force)."""
    qs = TaskForce.objects.select_related("group", "unit").prefetch_related("units")
    return unit_records_visible_to(user, qs, "units").order_by("order")


def taskforce_get(user, code: str) -> TaskForce:  # type: ignore[no-untyped-def]
    tf = TaskForce.objects.filter(code=code).first()
    if tf is None:
        raise Http404("查無此性平小組")
    if not taskforce_list(user).filter(id=tf.id).exists():
        raise PermissionDenied("您沒有此性平小組的權限")
    return tf


def taskforce_can_write(user, tf: TaskForce) -> bool:  # type: ignore[no-untyped-def]
    access = access_for(user)
    return any(access.can_write_unit(u.id, "mechanism") for u in tf.units.all())


def _context(year: int, as_of: date | None) -> Context:
    from mainstream.evaluation.services import context_build

    return context_build(year=year, as_of=as_of)


def _spec(ctx: Context, tf: TaskForce) -> TaskForceSpec:
    return next(s for s in taskforce_specs(ctx.plan, ctx.lead_units) if s.code == tf.code)


@dataclass
class MeetingRow:
    meeting: Meeting
    validity: Validity


@dataclass
class TaskForcePage:
    taskforce: TaskForce
    spec: TaskForceSpec
    year: int
    reference: date
    members_by_kind: list[tuple[str, list[TaskForceMember]]]
    composition: list[Finding]
    duties: list[Finding]
    meetings: list[MeetingRow]
    advice: list[tuple[date, Meeting | None]] = field(default_factory=list)
    recommended_months: list[int] = field(default_factory=list)
    filings: list = field(default_factory=list)


def taskforce_page_get(user, code: str, *, year: int, as_of: date | None = None) -> TaskForcePage:  # type: ignore[no-untyped-def]
    """Members by kind with the composition check, the year's meetings with validity, and the A advice."""
    tf = taskforce_get(user, code)
    ctx = _context(year, as_of)
    spec = _spec(ctx, tf)
    facts = tf_rules.taskforce_facts(ctx)
    findings: list[Finding] = []
    for check in (
        tf_rules.convener,
        tf_rules.external_members,
        tf_rules.wrpc_member,
        tf_rules.liaison_members,
        tf_rules.gender_ratio,
        meeting_rules.meetings,
        meeting_rules.results_report,
        meeting_rules.work_plan,
    ):
        findings.extend(f for f in check(facts, ctx) if f.subject == spec.name)
    reference = tf_rules.reference_date(ctx)
    members = list(tf.members.select_related("from_unit").order_by("-convener", "name"))
    serving = [m for m in members if m.term_start <= reference and (m.term_end is None or m.term_end >= reference)]
    by_kind = [(label, [m for m in serving if m.kind == kind]) for kind, label in KIND_LABELS.items()]
    year_meetings = tf_rules.year_meetings(facts, spec, ctx)
    by_id = {m.id: m for m in Meeting.objects.filter(id__in=[m.id for m, _ in year_meetings])}
    rows = [MeetingRow(by_id[m.id], v) for m, v in year_meetings if m.id in by_id]
    months = ctx.param(tf_rules.MEETINGS, "recommended_months", spec.group) or []
    advice: list[tuple[date, Meeting | None]] = []
    if months:  # the plan advises a timing for this group (A: before each WRPC subcommittee meeting)
        dates = list(
            WrpcSubcommitteeMeeting.objects.filter(date__year=roc.to_ad_year(year)).values_list("date", flat=True)
        )
        advice = [
            (d, by_id.get(m.id) if m and m.id else None)
            for d, m in meeting_rules.subcommittee_advice(year_meetings, dates)
        ]
    return TaskForcePage(
        tf,
        spec,
        year,
        reference,
        by_kind,
        [f for f in findings if f.rule in COMPOSITION_RULES],
        [f for f in findings if f.rule in MEETING_RULES],
        rows,
        advice,
        list(months),
        list(tf.filings.filter(year=year)),
    )


# -- meetings --------------------------------------------------------------------------------------
def meeting_get(user, meeting_id: int) -> Meeting:  # type: ignore[no-untyped-def]
    meeting = Meeting.objects.select_related("taskforce").filter(id=meeting_id).first()
    if meeting is None:
        raise Http404("查無此會議")
    taskforce_get(user, meeting.taskforce.code)
    return meeting


@dataclass
class MeetingPage:
    meeting: Meeting
    validity: Validity
    rows: list[tuple[TaskForceMember, object]]  # member in office, their attendance (or None)
    quorum: dict
    agenda: list


def meeting_page_get(user, meeting_id: int) -> MeetingPage:  # type: ignore[no-untyped-def]
    meeting = meeting_get(user, meeting_id)
    year = roc.roc_year_of(meeting.date)
    plan = plan_in_force(year)
    group = meeting.taskforce.group.code
    q = tf_rules.Quorum.from_params(
        plan.param(tf_rules.MEETINGS, "quorum_min_external", group, year),
        plan.param(tf_rules.MEETINGS, "quorum_share", group, year),
        plan.param(tf_rules.MEETINGS, "written_opinion_days", group, year),
    )
    members = [
        m
        for m in meeting.taskforce.members.all().order_by("-convener", "kind", "name")
        if m.term_start <= meeting.date and (m.term_end is None or m.term_end >= meeting.date)
    ]
    attendance = {a.member_id: a for a in meeting.attendance.all()}
    facts = tf_rules.MeetingFact(
        meeting.taskforce.code,
        meeting.title,
        meeting.date,
        tuple(a.kind for a in meeting.agenda.all()),
        tuple(
            tf_rules.AttendanceFact(a.member.name, a.status, a.written_opinion_on, a.opinion_in_minutes)
            for a in meeting.attendance.select_related("member")
        ),
        meeting.id,
    )
    validity = tf_rules.meeting_validity(meeting.date, [tf_rules.member_fact(m) for m in members], facts.attendance, q)
    quorum = {
        "min_external": q.min_external,
        "share_num": q.share.numerator,
        "share_den": q.share.denominator,
        "days": q.written_opinion_days,
        "late_hours": plan.param(tf_rules.MEETINGS, "late_notice_hours", group, year),
        "date": meeting.date.isoformat(),
    }
    return MeetingPage(
        meeting, validity, [(m, attendance.get(m.id)) for m in members], quorum, list(meeting.agenda.all())
    )


def meetings_for_feed(user, code: str) -> list[Meeting]:  # type: ignore[no-untyped-def]
    tf = taskforce_get(user, code)
    return list(tf.meetings.order_by("date"))


# -- penalties (捌、二、(一)) ---------------------------------------------------------------------
@dataclass(frozen=True)
class PenaltyGround:
    year: int
    taskforce: str
    group: str | None
    units: tuple[str, ...]
    clause: str  # the penalty clause, 捌、二、(一)
    duty_clause: str
    actual: int
    required: int
    detail: str
    url: str


def penalty_grounds_meetings(year: int, as_of: date | None = None) -> list[PenaltyGround]:
    """Task forces that held fewer valid meetings than required in ``year``, once the year has closed.

    Plain data for the reports (no access scoping: callers show it to the office or to readers of all units).
    """
    ctx = _context(year, as_of or date.today())
    if not ctx.window_closed(year):
        return []
    penalty = ctx.plan.duty(tf_rules.MEETINGS).penalty_clause or ""
    facts = tf_rules.taskforce_facts(ctx)
    out = []
    for spec, f in zip(tf_rules.specs(ctx), meeting_rules.meetings(facts, ctx), strict=True):
        if f.status == "unmet":
            out.append(
                PenaltyGround(
                    year,
                    f.subject,
                    f.group,
                    f.units,
                    penalty,
                    f.clause,
                    f.actual,
                    f.required,
                    f.detail,
                    f"/mechanism/taskforces/{spec.code}/?year={year}",
                )
            )
    return out


# -- liaison circle --------------------------------------------------------------------------------
def _notices_for(user) -> QuerySet:  # type: ignore[no-untyped-def]
    """The notices addressed to ``user``: the whole circle's, and those addressed to a unit the user is a liaison
    of (a reminder, 催辦); users who read every unit (the office, oversight units, the auditor) see them all."""
    if not user.is_authenticated:
        return Notice.objects.none()
    if access_for(user).read_all:
        return Notice.objects.all()
    mine = Role.objects.filter(user=user, kind=Role.Kind.LIAISON).values_list("unit_id", flat=True)
    return Notice.objects.filter(Q(units__isnull=True) | Q(units__in=mine)).distinct()


def notices_unread(user) -> list[Notice]:  # type: ignore[no-untyped-def]
    """Notices the user has not acknowledged yet (only liaisons and the office see the circle)."""
    if not user.is_authenticated:
        return []
    return list(_notices_for(user).exclude(receipts__user=user).prefetch_related("units"))


def notice_list(user) -> list[tuple[Notice, bool]]:  # type: ignore[no-untyped-def]
    read = set(NoticeReceipt.objects.filter(user=user).values_list("notice_id", flat=True))
    return [(n, n.id in read) for n in _notices_for(user).prefetch_related("units")]


def notice_get(user, notice_id: int) -> Notice:  # type: ignore[no-untyped-def]
    if not user.is_authenticated:
        raise PermissionDenied("請先登入")
    notice = _notices_for(user).filter(id=notice_id).first()
    if notice is None:
        raise Http404("查無此訊息")
    return notice


@dataclass(frozen=True)
class Reader:
    username: str
    name: str
    unit: str
    read_at: object


def notice_readers_get(user, notice_id: int) -> tuple[Notice, list[Reader], list[Reader]]:  # type: ignore[no-untyped-def]
    """The office: who among the liaisons has read a notice and who has not."""
    if not access_for(user).is_admin:
        raise PermissionDenied("僅性平辦可查看已讀情形")
    notice = notice_get(user, notice_id)
    receipts = {r.user_id: r.read_at for r in notice.receipts.all()}
    roles = Role.objects.filter(kind=Role.Kind.LIAISON).select_related("user", "unit").order_by("unit__order")
    audience = list(notice.units.all())
    if audience:  # a notice to some units (a reminder): their liaisons
        roles = roles.filter(unit__in=audience)
    read, unread = [], []
    seen = set()
    for role in roles:
        if role.user_id in seen:
            continue
        seen.add(role.user_id)
        u = role.user
        row = Reader(u.username, u.get_full_name() or u.username, str(role.unit or ""), receipts.get(u.id))
        (read if u.id in receipts else unread).append(row)
    return notice, read, unread


def liaison_users() -> QuerySet:
    return get_user_model().objects.filter(roles__kind=Role.Kind.LIAISON).distinct()


# -- liaisons --------------------------------------------------------------------------------------
def liaison_list(user) -> QuerySet:  # type: ignore[no-untyped-def]
    from .models import Liaison

    return unit_records_visible_to(user, Liaison.objects.select_related("unit"), "unit").order_by(
        "unit__order", "role", "name"
    )


def liaison_get(user, liaison_id: int):  # type: ignore[no-untyped-def]
    liaison = liaison_list(user).filter(id=liaison_id).first()
    if liaison is None:
        raise Http404("查無此性平聯絡人")
    return liaison
