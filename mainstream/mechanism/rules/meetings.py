"""Rules of the task forces' meetings (性平小組, 伍、一、(二)、3–4): valid meetings per year, the agenda of the
year's first and last meetings, and the meeting before each WRPC subcommittee meeting.

Like the composition rules in ``taskforces`` (whose facts and helpers they share), each yields one finding per
task force and year. Every number comes from the plan file.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from mainstream import roc
from mainstream.evaluation.engine import Context, Finding, rule

from ..validity import Validity
from .taskforces import (
    MEETINGS,
    MeetingFact,
    TaskForceFacts,
    meeting_evidence,
    specs,
    taskforce_facts,
    tf_finding,
    year_meetings,
)


# -- meetings (伍、一、(二)、3–4) ------------------------------------------------------------------
@rule(MEETINGS, facts=taskforce_facts)
def meetings(facts: TaskForceFacts, ctx: Context) -> Iterator[Finding]:
    """伍、一、(二)、4、B: valid meetings per year (A: 4, others: 3). Unmet after the year is a penalty ground."""
    for tf in specs(ctx):
        need = ctx.param(MEETINGS, "min_valid_meetings", tf.group)
        held = year_meetings(facts, tf, ctx)
        valid = [m for m, v in held if v.valid]
        invalid = len(held) - len(valid)
        detail = f"有效會議 {len(valid)} 次，應至少 {need} 次"
        if invalid:
            detail += f"（另有無效會議 {invalid} 次）"
        yield tf_finding(
            ctx,
            MEETINGS,
            tf,
            met=len(valid) >= need,
            actual=len(valid),
            required=need,
            detail=detail,
            evidence=[meeting_evidence(m, v) for m, v in held],
        )


def _agenda_rule(facts: TaskForceFacts, ctx: Context, rule_id: str, kind: str, which: str) -> Iterator[Finding]:
    """伍、一、(二)、3、E on the year's first (or last) meeting. The meeting that counts is the first (last) *valid*
    one: a meeting that is not 有效會議 (伍、一、(二)、4、A 「…始為有效會議」) is not a meeting of the task force for the
    plan, so an inquorate first meeting neither meets nor fails the duty (docs/interpretations.md). The finding
    names the meeting used and any inquorate meeting passed over."""
    label = "前一年度成果報告" if kind == "result_report" else "下一年度工作規劃報告"
    where = "第一次" if which == "first" else "最後一次"
    for tf in specs(ctx):
        held = year_meetings(facts, tf, ctx)
        valid = [(m, v) for m, v in held if v.valid]
        if not valid:
            detail = "本年度尚無有效會議" + (f"（無效會議 {len(held)} 次不計）" if held else "")
            yield tf_finding(
                ctx,
                rule_id,
                tf,
                met=False,
                actual=0,
                required=1,
                detail=detail,
                evidence=[meeting_evidence(m, v) for m, v in held],
            )
            continue
        m, v = valid[0] if which == "first" else valid[-1]
        skipped = [x for x, w in held if not w.valid and (x.date < m.date if which == "first" else x.date > m.date)]
        ok = kind in m.agenda
        detail = (
            f"以本年度{where}有效會議（{m.title}，{roc.format_date(m.date)}）認定：{'已' if ok else '未'}安排{label}"
        )
        if skipped:
            listed = "、".join(f"{x.title}（{roc.format_date(x.date)}）" for x in skipped)
            detail += f"；{listed}非有效會議，不作為{where}會議"
        yield tf_finding(
            ctx, rule_id, tf, met=ok, actual=int(ok), required=1, detail=detail, evidence=[meeting_evidence(m, v)]
        )


@rule("mechanism.taskforce.results_report", facts=taskforce_facts)
def results_report(facts: TaskForceFacts, ctx: Context) -> Iterator[Finding]:
    """伍、一、(二)、3、E: the year's first valid meeting has the previous year's result report on its agenda."""
    yield from _agenda_rule(facts, ctx, "mechanism.taskforce.results_report", "result_report", "first")


@rule("mechanism.taskforce.work_plan", facts=taskforce_facts)
def work_plan(facts: TaskForceFacts, ctx: Context) -> Iterator[Finding]:
    """伍、一、(二)、3、E: the year's last valid meeting has the next year's work plan report on its agenda."""
    yield from _agenda_rule(facts, ctx, "mechanism.taskforce.work_plan", "work_plan", "last")


# -- before each WRPC subcommittee meeting (伍、一、(二)、4、B) ----------------------------------------------------
BEFORE_WRPC = "mechanism.taskforce.before_subcommittee"


@rule(BEFORE_WRPC, facts=taskforce_facts)
def before_subcommittee(facts: TaskForceFacts, ctx: Context) -> Iterator[Finding]:
    """伍、一、(二)、4、B: 「A群性平小組應搭配本府性別平等三層級機制開會時間，於每次臺北市女性權益促進委員會小組會議前
    召開」. For each subcommittee meeting of the year held by the as-of date, a valid meeting of the task force since the
    previous subcommittee meeting and before it. The groups bound are the duty's ``applies``; the suggested months
    (2, 5, 8, 11月初) stay advice on the meetings page."""
    dates = facts.subcommittee_dates
    for tf in specs(ctx):
        if not ctx.param(BEFORE_WRPC, "applies", tf.group):
            continue
        year_dates = [d for d in dates if roc.roc_year_of(d) == ctx.year]
        if not year_dates:
            yield tf_finding(
                ctx,
                BEFORE_WRPC,
                tf,
                status="not_applicable",
                detail="性平辦尚未登錄本年度女權會小組會議日期，無從比對",
            )
            continue
        valid = [(m, v) for m, v in year_meetings(facts, tf, ctx) if v.valid]
        held = [d for d in year_dates if d <= ctx.as_of]
        pairs = dict(subcommittee_advice(valid, [d for d in dates if d <= ctx.as_of]))
        missed = [d for d in held if pairs.get(d) is None]
        parts = [
            f"{roc.format_date(d)} 前：{m.title}（{roc.format_date(m.date)}）"
            if (m := pairs.get(d))
            else f"{roc.format_date(d)} 前：未召開"
            for d in held
        ]
        detail = f"本年度女權會小組會議 {len(year_dates)} 次，已召開 {len(held)} 次；" + (
            "；".join(parts) if parts else "尚無已召開者"
        )
        if missed:
            status = "unmet"
        elif len(held) < len(year_dates):
            status = "in_progress"
        else:
            status = "met"
        yield tf_finding(
            ctx,
            BEFORE_WRPC,
            tf,
            status=status,
            actual=len(held) - len(missed),
            required=len(held),
            detail=detail,
            evidence=[meeting_evidence(m, v) for m, v in valid],
        )


# -- advice for A (not a duty) -----------------------------------------------------------------------
def subcommittee_advice(
    tf_meetings: list[tuple[MeetingFact, Validity]], subcommittee_dates: list[date]
) -> list[tuple[date, MeetingFact | None]]:
    """For each WRPC subcommittee meeting, the task force meeting held before it (since the previous one)."""
    out: list[tuple[date, MeetingFact | None]] = []
    previous: date | None = None
    for d in sorted(subcommittee_dates):
        before = [m for m, _ in tf_meetings if m.date < d and (previous is None or m.date >= previous)]
        out.append((d, before[-1] if before else None))
        previous = d
    return out
