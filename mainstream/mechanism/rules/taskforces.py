"""Rules of the task forces (性平小組, 伍、一、(二)): their composition (the meetings' rules are in ``meetings``).

Each rule yields one finding per task force and year (subject_type ``taskforce``; ``units`` are the
task force's executing units, so the scorecard shows the finding in each unit's mechanism column).
Membership is taken as in force on the reference date: the as-of date, or the year's last day once
the year is over. Every number comes from the plan file.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from fractions import Fraction

from mainstream import roc
from mainstream.evaluation.engine import Context, Evidence, Finding, rule

from ..derive import TaskForceSpec, taskforce_specs
from ..validity import EXTERNAL, LIAISON, AttendanceFact, MemberFact, Quorum, Validity, fraction_param, meeting_validity
from .heads import ACTING, DEPUTY, HEAD, UNKNOWN, HeadTitles, Standing, standing

MEETINGS = "mechanism.taskforce.meetings"


@dataclass(frozen=True)
class MeetingFact:
    taskforce: str
    title: str
    date: date
    agenda: tuple[str, ...] = ()  # result_report | work_plan | other
    attendance: tuple[AttendanceFact, ...] = ()
    id: int | None = None


@dataclass(frozen=True)
class FilingFact:
    taskforce: str
    year: int
    rule: str
    filed_on: date
    reason: str


@dataclass(frozen=True)
class WrpcTermFact:
    number: int
    start: date
    end: date


@dataclass(frozen=True)
class TaskForceFacts:
    members: dict[str, tuple[MemberFact, ...]] = field(default_factory=dict)
    meetings: dict[str, tuple[MeetingFact, ...]] = field(default_factory=dict)
    filings: tuple[FilingFact, ...] = ()
    wrpc_terms: tuple[WrpcTermFact, ...] = ()
    subcommittee_dates: tuple[date, ...] = ()  # 女權會小組會議 recorded by the office (伍、一、(二)、4、B)
    # validity per (task force, year, as-of), shared by the three meeting rules of one evaluation
    cache: dict = field(default_factory=dict, compare=False, repr=False)

    def filing(self, taskforce: str, year: int, rule_id: str) -> FilingFact | None:
        return next((f for f in self.filings if (f.taskforce, f.year, f.rule) == (taskforce, year, rule_id)), None)


def taskforce_facts(ctx: Context) -> TaskForceFacts:
    from ..models import Meeting, TaskForceFiling, TaskForceMember, WrpcSubcommitteeMeeting, WrpcTerm

    first, last = roc.year_start(ctx.year), roc.year_end(ctx.year)
    members: dict[str, list[MemberFact]] = {}
    for m in TaskForceMember.objects.select_related("taskforce", "from_unit").filter(term_start__lte=last):
        if m.term_end is not None and m.term_end < first:
            continue
        members.setdefault(m.taskforce.code, []).append(member_fact(m))
    meetings: dict[str, list[MeetingFact]] = {}
    qs = (
        Meeting.objects.filter(date__gte=first, date__lte=last)
        .select_related("taskforce")
        .prefetch_related("agenda", "attendance__member")
    )
    for mt in qs:
        meetings.setdefault(mt.taskforce.code, []).append(
            MeetingFact(
                mt.taskforce.code,
                mt.title,
                mt.date,
                tuple(a.kind for a in mt.agenda.all()),
                tuple(
                    AttendanceFact(a.member.name, a.status, a.written_opinion_on, a.opinion_in_minutes)
                    for a in mt.attendance.all()
                ),
                mt.id,
            )
        )
    filings = tuple(
        FilingFact(f.taskforce.code, f.year, f.rule_id, f.filed_on, f.reason)
        for f in TaskForceFiling.objects.filter(year=ctx.year).select_related("taskforce")
    )
    terms = tuple(WrpcTermFact(t.number, t.start, t.end) for t in WrpcTerm.objects.all())
    subcommittee = tuple(WrpcSubcommitteeMeeting.objects.filter(date__lte=last).values_list("date", flat=True))
    return TaskForceFacts(
        {k: tuple(v) for k, v in members.items()},
        {k: tuple(sorted(v, key=lambda x: x.date)) for k, v in meetings.items()},
        filings,
        terms,
        tuple(sorted(subcommittee)),
    )


def member_fact(m) -> MemberFact:  # type: ignore[no-untyped-def]
    return MemberFact(
        m.name,
        m.sex,
        m.kind,
        m.term_start,
        m.term_end,
        m.convener,
        m.from_unit.short_name if m.from_unit_id else None,
        tuple(m.wrpc_terms or ()),
        m.id,
        m.organisation or "",
        m.title or "",
    )


# -- helpers -------------------------------------------------------------------------------------
def reference_date(ctx: Context) -> date:
    return max(roc.year_start(ctx.year), min(ctx.as_of, roc.year_end(ctx.year)))


def serving(facts: TaskForceFacts, tf: TaskForceSpec, on: date) -> list[MemberFact]:
    return [m for m in facts.members.get(tf.code, ()) if m.in_office(on)]


def quorum(ctx: Context, group: str) -> Quorum:
    return Quorum.from_params(
        ctx.param(MEETINGS, "quorum_min_external", group),
        ctx.param(MEETINGS, "quorum_share", group),
        ctx.param(MEETINGS, "written_opinion_days", group),
    )


def meeting_validity_of(facts: TaskForceFacts, meeting: MeetingFact, q: Quorum) -> Validity:
    return meeting_validity(meeting.date, facts.members.get(meeting.taskforce, ()), meeting.attendance, q)


def year_meetings(facts: TaskForceFacts, tf: TaskForceSpec, ctx: Context) -> list[tuple[MeetingFact, Validity]]:
    """The task force's meetings held in the year up to the as-of date, each with its validity."""
    key = (tf.code, tf.group, ctx.year, ctx.as_of)
    if key not in facts.cache:
        q = quorum(ctx, tf.group)
        facts.cache[key] = [
            (m, meeting_validity_of(facts, m, q))
            for m in facts.meetings.get(tf.code, ())
            if roc.roc_year_of(m.date) == ctx.year and m.date <= ctx.as_of
        ]
    return list(facts.cache[key])


def tf_finding(ctx: Context, rule_id: str, tf: TaskForceSpec, **kw) -> Finding:  # type: ignore[no-untyped-def]
    return ctx.finding(rule_id, subject=tf.name, subject_type="taskforce", group=tf.group, units=tf.units, **kw)


def tf_url(tf: TaskForceSpec, year: int) -> str:
    return f"/mechanism/taskforces/{tf.code}/?year={year}"


def member_evidence(tf: TaskForceSpec, members: list[MemberFact], year: int) -> list[Evidence]:
    return [Evidence(f"{m.name}（{'召集人、' if m.convener else ''}{m.sex}）", tf_url(tf, year)) for m in members]


def meeting_evidence(m: MeetingFact, v: Validity) -> Evidence:
    return Evidence(
        f"{m.title}（{roc.format_date(m.date)}，{'有效' if v.valid else '無效'}）",
        f"/mechanism/meetings/{m.id}/" if m.id else "",
    )


def specs(ctx: Context) -> list[TaskForceSpec]:
    return taskforce_specs(ctx.plan, ctx.lead_units)


# -- composition (伍、一、(二)、1–2) ---------------------------------------------------------------
@rule("mechanism.taskforce.convener", facts=taskforce_facts)
def convener(facts: TaskForceFacts, ctx: Context) -> Iterator[Finding]:
    """伍、一、(二)、1 and the duty table: 召集人 is 機關首長 (A, B, C, D), 當年度主責機關首長 (B1, C1, C2, D1),
    性平辦 (E1). One convener; the head is recognised from 所屬機關 and 職稱 (heads.py): 代理 counts, 副局長 does not.
    The finding says who convened and why that is or is not the head the plan names."""
    rule_id = "mechanism.taskforce.convener"
    on = reference_date(ctx)
    heads = HeadTitles.of(ctx.plan, ctx.year, rule_id)
    office = ctx.plan.office.short
    for tf in specs(ctx):
        need = ctx.param(rule_id, "conveners", tf.group)
        conveners = [m for m in serving(facts, tf, on) if m.convener]
        must: str | None
        if tf.convened_by_office:
            must, must_words = office, f"應由{office}召集"
        elif tf.composite:
            must = ctx.lead_units.get(tf.group)
            must_words = f"應由當年度主責機關{must}之首長召集" if must else "未設定當年度主責機關，無從認定召集人"
        else:
            must, must_words = tf.convener_unit, f"應由{tf.convener_unit}機關首長召集"
        met = False
        if not conveners:
            detail = f"未設召集人（{must_words}）"
        elif len(conveners) != need:
            names = "、".join(f"{m.name}（{_who(ctx, heads, m).words()}）" for m in conveners)
            detail = f"召集人 {len(conveners)} 人（{names}），應為 {need} 人；{must_words}"
        else:
            m = conveners[0]
            who = _who(ctx, heads, m)
            met, why = _convener_verdict(who, must, office, tf)
            detail = f"召集人：{m.name}（{who.words()}），{why}"
        yield tf_finding(
            ctx,
            rule_id,
            tf,
            met=met,
            actual=len(conveners),
            required=need,
            detail=detail,
            evidence=member_evidence(tf, conveners, ctx.year),
        )


def _who(ctx: Context, heads: HeadTitles, m: MemberFact) -> Standing:
    return standing(ctx.plan, heads, m.organisation, m.title, m.from_unit)


def _convener_verdict(who: Standing, must: str | None, office: str, tf: TaskForceSpec) -> tuple[bool, str]:
    """(met, why in words) for the one convener of a task force."""
    if must is None:
        return False, "未設定當年度主責機關，無從認定召集人"
    if tf.convened_by_office:
        if who.unit == office:
            return True, f"由{office}召集"
        return False, f"{tf.name}應由{office}召集"
    lead = "當年度主責機關" if tf.composite else ""
    if who.rank == UNKNOWN:
        return False, f"未登錄所屬機關或職稱，無法認定為{lead}{must}之機關首長"
    if who.unit != must:
        return False, f"非{lead}{must}之機關首長" + (
            "" if not tf.composite else f"（{who.unit or '所屬機關不明'}非當年度主責機關）"
        )
    if who.rank == HEAD:
        return True, f"為{lead}{must}之機關首長"
    if who.rank == ACTING:
        return True, f"為{lead}{must}之代理機關首長（代理視同首長）"
    if who.rank == DEPUTY:
        return False, f"為{must}之副首長，非機關首長"
    return False, f"職稱非{must}之機關首長"


@rule("mechanism.taskforce.external_members", facts=taskforce_facts)
def external_members(facts: TaskForceFacts, ctx: Context) -> Iterator[Finding]:
    """伍、一、(二)、1: at least 3 external members (府外委員)."""
    rule_id = "mechanism.taskforce.external_members"
    on = reference_date(ctx)
    for tf in specs(ctx):
        need = ctx.param(rule_id, "min_external", tf.group)
        ext = [m for m in serving(facts, tf, on) if m.kind == EXTERNAL]
        yield tf_finding(
            ctx,
            rule_id,
            tf,
            met=len(ext) >= need,
            actual=len(ext),
            required=need,
            detail=f"府外委員 {len(ext)} 人，{'符合' if len(ext) >= need else '未達'}至少 {need} 人",
            evidence=member_evidence(tf, ext, ctx.year),
        )


EXTERNAL_TERM = "mechanism.taskforce.external_term"


def term_window(ctx: Context, group: str) -> tuple[date, date]:
    """The external members' term that contains the year: 「任期以 2 年為原則（109 至 110 年、111 至 112 年）」,
    windows of ``term_years`` aligned to the start of the plan (``mechanism.taskforce.external_members``)."""
    size = int(ctx.param("mechanism.taskforce.external_members", "term_years", group))
    first = ctx.plan.start + ((ctx.year - ctx.plan.start) // size) * size
    last = min(first + size - 1, ctx.plan.end)
    return roc.year_start(first), roc.year_end(last)


@rule(EXTERNAL_TERM, facts=taskforce_facts)
def external_term(facts: TaskForceFacts, ctx: Context) -> Iterator[Finding]:
    """伍、一、(二)、1: external members serve the term of 2 years (109–110, 111–112) 「為原則」: each external member in
    office has a term that ends on record and lies within the term window of the year (a replacement may start
    later, none runs past the window). A deviation filed with the office (備查, with its reason) is ``filed``."""
    on = reference_date(ctx)
    for tf in specs(ctx):
        start, end = term_window(ctx, tf.group)
        span = f"{roc.roc_year_of(start)}–{roc.roc_year_of(end)} 年"
        ext = [m for m in serving(facts, tf, on) if m.kind == EXTERNAL]
        off = []
        for m in ext:
            if m.term_end is None:
                off.append(f"{m.name}未登錄任期迄日")
            elif m.term_start < start or m.term_end > end:
                off.append(f"{m.name}任期 {roc.format_date(m.term_start)}–{roc.format_date(m.term_end)} 跨越 {span}")
        if not ext:
            status, detail = "unmet", "尚無在任府外委員"
        elif not off:
            status, detail = "met", f"府外委員 {len(ext)} 人任期均在 {span}任期內"
        else:
            filing = facts.filing(tf.code, ctx.year, EXTERNAL_TERM)
            problem = filing_problem(filing, ext, ctx.as_of) if filing else "未報性平辦備查"
            status = "filed" if filing and not problem else "unmet"
            detail = f"府外委員任期以 {span}為原則：" + "；".join(off)
            detail += (
                f"；已於 {roc.format_date(filing.filed_on)} 報性平辦備查：{filing.reason.strip()}"
                if (status == "filed" and filing)
                else f"（{problem}）"
            )
        yield tf_finding(
            ctx,
            EXTERNAL_TERM,
            tf,
            status=status,
            actual=len(ext) - len(off),
            required=len(ext),
            detail=detail,
            evidence=member_evidence(tf, ext, ctx.year),
        )


def recent_wrpc_terms(terms: tuple[WrpcTermFact, ...], on: date, count: int) -> list[int]:
    """The ``count`` most recent WRPC terms as of ``on``, counting the current one."""
    started = sorted((t for t in terms if t.start <= on), key=lambda t: t.number)
    if not started:
        return []
    current = started[-1].number
    return [n for n in range(current - count + 1, current + 1)]


@rule("mechanism.taskforce.wrpc_member", facts=taskforce_facts)
def wrpc_member(facts: TaskForceFacts, ctx: Context) -> Iterator[Finding]:
    """伍、一、(二)、1: an external member who served in one of the WRPC's three most recent terms (incl. current)."""
    rule_id = "mechanism.taskforce.wrpc_member"
    on = reference_date(ctx)
    for tf in specs(ctx):
        need = ctx.param(rule_id, "min_wrpc_members", tf.group)
        recent = recent_wrpc_terms(facts.wrpc_terms, on, ctx.param(rule_id, "recent_terms", tf.group))
        if not recent:
            yield tf_finding(
                ctx, rule_id, tf, met=False, actual=0, required=need, detail="尚未登錄女權會屆次，無法判斷"
            )
            continue
        found = [m for m in serving(facts, tf, on) if m.kind == EXTERNAL and set(m.wrpc_terms) & set(recent)]
        span = f"第 {recent[0]}～{recent[-1]} 屆"
        detail = (
            f"曾任女權會{span}委員之府外委員：{'、'.join(m.name for m in found)}"
            if found
            else f"府外委員中無曾任女權會{span}委員者"
        )
        yield tf_finding(
            ctx,
            rule_id,
            tf,
            met=len(found) >= need,
            actual=len(found),
            required=need,
            detail=detail,
            evidence=member_evidence(tf, found, ctx.year),
        )


@rule("mechanism.taskforce.liaison_members", facts=taskforce_facts)
def liaison_members(facts: TaskForceFacts, ctx: Context) -> Iterator[Finding]:
    """伍、一、(二)、1: liaison members per unit (A, B: 2; others: 1; D1: the year's lead unit only)."""
    rule_id = "mechanism.taskforce.liaison_members"
    on = reference_date(ctx)
    for tf in specs(ctx):
        need = ctx.param(rule_id, "min_per_unit", tf.group)
        lead_only = ctx.param(rule_id, "lead_unit_only", tf.group)
        units = tf.units
        if lead_only:
            lead = ctx.lead_units.get(tf.group)
            units = (lead,) if lead else ()
        liaisons = [m for m in serving(facts, tf, on) if m.kind == LIAISON]
        short = []
        parts = []
        for u in units:
            n = sum(m.from_unit == u for m in liaisons)
            parts.append(f"{u} {n} 人")
            if n < need:
                short.append(f"{u} {n} 人，應有 {need} 人")
        if lead_only and not units:
            short.append("未設定當年度主責機關")
        detail = ("性平聯絡人委員不足：" + "；".join(short)) if short else "性平聯絡人委員：" + "、".join(parts)
        if lead_only and units:
            detail += "（以當年度主責機關計）"
        yield tf_finding(
            ctx,
            rule_id,
            tf,
            met=not short,
            actual=len(units) - len(short),
            required=len(units),
            detail=detail,
            evidence=member_evidence(tf, liaisons, ctx.year),
        )


@rule("mechanism.taskforce.gender_ratio", facts=taskforce_facts)
def gender_ratio(facts: TaskForceFacts, ctx: Context) -> Iterator[Finding]:
    """伍、一、(二)、2: neither women nor men fewer than one third of all members; else a filing (備查)."""
    rule_id = "mechanism.taskforce.gender_ratio"
    on = reference_date(ctx)
    for tf in specs(ctx):
        share = fraction_param(ctx.param(rule_id, "min_share", tf.group))
        members = serving(facts, tf, on)
        total = len(members)
        women = sum(m.sex == "女" for m in members)
        men = sum(m.sex == "男" for m in members)
        counts = f"委員 {total} 人，女性 {women} 人、男性 {men} 人"
        if total == 0:
            yield tf_finding(ctx, rule_id, tf, met=False, actual=None, required=str(share), detail="尚無委員資料")
            continue
        low = [label for label, n in (("女性", women), ("男性", men)) if n < share * total]
        filing = facts.filing(tf.code, ctx.year, rule_id) if low else None
        evidence = []
        short = f"{counts}，{'、'.join(low)}未達{_words(share)}"
        if not low:
            status, detail = "met", f"{counts}，任一性別均不少於{_words(share)}"
        elif filing is None:
            status, detail = "unmet", f"{short}，且未報性平辦備查"
        else:
            problem = filing_problem(filing, members, ctx.as_of)
            filed = f"備查日期 {roc.format_date(filing.filed_on)}"
            evidence = [Evidence(f"備查 {roc.format_date(filing.filed_on)}", tf_url(tf, ctx.year))]
            if problem:
                status, detail = "unmet", f"{short}；{filed}，{problem}，不予計入"
            else:
                status = "filed"
                detail = f"{short}；已於 {roc.format_date(filing.filed_on)} 先報性平辦備查：{filing.reason.strip()}"
        yield tf_finding(
            ctx,
            rule_id,
            tf,
            status=status,
            actual=f"{min(women, men)}/{total}",  # the smaller sex over all members, against 1/3
            required=str(share),
            detail=detail,
            evidence=evidence,
        )


def filing_problem(filing: FilingFact, members: list[MemberFact], evaluated_on: date) -> str:
    """Why a filing (備查) does not count, or '' (伍、一、(二)、2: 「須先將委員名單送性平辦備查」).

    It counts when it gives a reason, is dated on or before the day of evaluation, and was filed first: not after
    the day the list in office took its present form (the latest appointment among the members serving)."""
    if not filing.reason.strip():
        return "未敘明無法符合之理由"
    if filing.filed_on > evaluated_on:
        return f"晚於考核日 {roc.format_date(evaluated_on)}"
    appointed = max((m.term_start for m in members), default=None)
    if appointed is not None and filing.filed_on > appointed:
        return f"晚於委員名單生效日 {roc.format_date(appointed)}，未依「須先」送性平辦備查"
    return ""


def _words(share: Fraction) -> str:
    from ..validity import share_words

    return share_words(share)
