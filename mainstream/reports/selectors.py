"""Reads of reports, penalty grounds, reward scores and feedback, scoped through units.access."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from mainstream.plan.selectors import plan_in_force
from mainstream.units.access import access_for, access_unit, unit_records_visible_to
from mainstream.units.models import Unit

from .models import FeedbackResponse, PenaltyGround, Questionnaire, Report, RewardAdjustment


def report_list(user, *, year: int | None = None) -> QuerySet[Report]:  # type: ignore[no-untyped-def]
    qs = Report.objects.select_related("unit", "adopted_meeting")
    if year is not None:
        qs = qs.filter(year=year)
    return unit_records_visible_to(user, qs)


def report_get(user, pk: int) -> Report:  # type: ignore[no-untyped-def]
    report = Report.objects.select_related("unit", "adopted_meeting").filter(pk=pk).first()
    if report is None:
        raise Http404("查無此報告")
    access_unit(user, report.unit)
    return report


def unit_get_visible(user, short: str) -> Unit:  # type: ignore[no-untyped-def]
    unit = Unit.objects.select_related("group").filter(short_name=short).first()
    if unit is None:
        raise Http404(f"查無機關「{short}」")
    return access_unit(user, unit)


def office_unit() -> Unit:
    return Unit.objects.get(kind=Unit.Kind.OFFICE)


# -- the public zone (no log-in): published only ---------------------------------------------------


def published_reports(unit: Unit | None = None) -> QuerySet[Report]:
    qs = Report.objects.filter(status=Report.Status.PUBLISHED).select_related("unit").order_by("-year", "kind")
    return qs.filter(unit=unit) if unit is not None else qs


def published_report_get(pk: int) -> Report:
    return Report.objects.select_related("unit").get(pk=pk, status=Report.Status.PUBLISHED)


# -- penalty grounds -------------------------------------------------------------------------------


def penalty_list(user, *, year: int | None = None) -> QuerySet[PenaltyGround]:  # type: ignore[no-untyped-def]
    qs = PenaltyGround.objects.select_related("unit")
    if year is not None:
        qs = qs.filter(year=year)
    return unit_records_visible_to(user, qs)


# -- rewards ---------------------------------------------------------------------------------------


def _deadline(bonus_deadline: str, year: int) -> date:
    from mainstream import roc

    month, day = (int(p) for p in bonus_deadline.split("-"))
    return date(roc.to_ad_year(year + 1), month, day)


def reward_scores(round_key: str, *, as_of: date | None = None) -> list[Any]:
    """Every executing unit's score for a round, ranked within its group, with how it was made."""
    from django.utils import timezone

    from mainstream.evaluation.stored import findings_stored
    from mainstream.measures.models import Measure

    from .rewards import UnitRecords, criteria_for_round, rank_within_groups, score_unit

    criteria = criteria_for_round(round_key)  # the criteria of the plan in force for the round's years
    rnd = criteria.round(round_key)
    plan = plan_in_force(rnd.first)
    tool_names = {t.code: t.name for t in plan.tools}
    findings: dict[str, list[Any]] = {}
    for year in rnd.years:
        for f in findings_stored(year=year, as_of=as_of):
            for u in f.units:
                findings.setdefault(u, []).append(f)
    on_time_bonus = next((b for b in criteria.bonus if b.kind == "report_on_time"), None)
    reports = {
        (r.unit.short_name, r.year): r
        for r in Report.objects.filter(kind=Report.Kind.RESULT, year__in=list(rnd.years)).select_related("unit")
    }
    penalties: dict[str, list[PenaltyGround]] = {}
    for p in PenaltyGround.objects.filter(year__in=list(rnd.years), outcome=PenaltyGround.Outcome.CONFIRMED):
        penalties.setdefault(p.unit.short_name, []).append(p)
    adjustments = {
        a.unit.short_name: a for a in RewardAdjustment.objects.filter(round_key=round_key).select_related("unit")
    }
    measures: dict[tuple[str, int], int] = {}
    for m in Measure.objects.filter(year__in=list(rnd.years)).select_related("unit"):
        key = (m.unit.short_name, m.year)
        measures[key] = measures.get(key, 0) + 1
    scores = []
    for spec in plan.executing_units():
        beyond, beyond_detail = 0, []
        if plan.applies(spec, "measures.items"):
            for year in rnd.years:
                quota = plan.param("measures.items", "min_items", spec.group, year) or 0
                done = measures.get((spec.short, year), 0)
                if done > quota:
                    beyond += done - quota
                    beyond_detail.append(f"{year} 年 {done} 項（應辦 {quota} 項）")
        on_time, on_time_detail = 0, []
        if on_time_bonus is not None:
            for year in rnd.years:
                r = reports.get((spec.short, year))
                deadline = _deadline(on_time_bonus.deadline, year)
                if (
                    r
                    and r.adopted_on
                    and r.published_at
                    and r.adopted_on <= deadline
                    and timezone.localtime(r.published_at).date() <= deadline
                ):
                    on_time += 1
                    on_time_detail.append(f"{year} 年成果報告")
        mine = penalties.get(spec.short, [])
        records = UnitRecords(
            spec.short,
            spec.group,
            beyond,
            on_time,
            len(mine),
            "；".join(beyond_detail),
            "；".join(on_time_detail),
            "；".join(f"{p.year} 年 {p.get_ground_display().split(' ')[0]}" for p in mine),
        )
        score = score_unit(criteria, tool_names, findings.get(spec.short, []), records)
        adj = adjustments.get(spec.short)
        if adj is not None:
            score.adjustment, score.adjustment_reason = float(adj.points), adj.reason
        scores.append(score)
    return rank_within_groups(scores)


# -- feedback --------------------------------------------------------------------------------------


def questionnaire_list(user) -> QuerySet[Questionnaire]:  # type: ignore[no-untyped-def]
    qs = Questionnaire.objects.all()
    return qs if access_for(user).is_admin else qs.filter(published_at__isnull=False)


def feedback_responses(user, questionnaire: Questionnaire) -> QuerySet[FeedbackResponse]:  # type: ignore[no-untyped-def]
    qs = (
        FeedbackResponse.objects.filter(questionnaire=questionnaire)
        .select_related("unit")
        .prefetch_related("answers__question")
    )
    return unit_records_visible_to(user, qs)


# -- penalties as judged on a day (issue 16, item 5) ------------------------------------------------
@dataclass
class PenaltiesOnDay:
    """The penalty list as judged on ``as_of``: the recorded grounds that still hold, the rule's shortfalls not
    recorded yet, and the recorded (一) grounds whose shortfall is gone (a fourth valid meeting recorded since):
    those are no longer candidates and are listed apart, never as grounds."""

    as_of: Any
    rows: list[Any] = field(default_factory=list)
    pending: list[Any] = field(default_factory=list)
    gone: list[Any] = field(default_factory=list)


def penalties_on_day(user, *, year: int, as_of=None) -> PenaltiesOnDay:  # type: ignore[no-untyped-def]
    from mainstream.evaluation.selectors import default_as_of
    from mainstream.units.access import units_visible_to

    from .services import meetings_shortfalls

    as_of = as_of or default_as_of()
    shortfalls = meetings_shortfalls(year, as_of)
    holding = {f.subject for f in shortfalls}  # a task force's name (the ground may bind another unit: its convener)
    out = PenaltiesOnDay(as_of)
    for r in penalty_list(user, year=year):
        meetings = r.ground == PenaltyGround.Ground.MEETINGS
        if meetings and r.outcome == PenaltyGround.Outcome.PENDING and r.subject not in holding:
            out.gone.append(r)
        else:
            out.rows.append(r)
    recorded = {r.subject for r in out.rows if r.ground == PenaltyGround.Ground.MEETINGS}
    visible = None if access_for(user).read_all else {u.short_name for u in units_visible_to(user)}
    for f in shortfalls:
        if f.subject in recorded:
            continue
        if visible is not None and not set(f.units) & visible:
            continue
        out.pending.append(f)
    return out
