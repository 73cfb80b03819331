"""Writes of reports, plans, penalty grounds, reward adjustments and feedback. Atomic, access-checked, audited."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from mainstream.audit.services import audit_record
from mainstream.plan.selectors import plan_in_force, plan_year_problem
from mainstream.units.access import access_for, require_admin, require_publication_confirmer, require_write
from mainstream.units.models import Unit

from .models import (
    Answer,
    FeedbackResponse,
    NarrativeSection,
    PenaltyGround,
    PlannedItem,
    Question,
    Questionnaire,
    Report,
    RewardAdjustment,
)

K = Report.Kind


def _require_report_write(by, report: Report) -> None:  # type: ignore[no-untyped-def]
    if report.kind == K.CITY:
        require_admin(by)
    else:
        require_write(by, report.unit)


def _require_draft(report: Report) -> None:
    if report.status == Report.Status.PUBLISHED:
        raise ValidationError("已公告的報告不可修改；請先撤回公告")


def _year_check(year: int) -> None:
    problem = plan_year_problem(year)
    if problem:
        raise ValidationError(problem)


@transaction.atomic
def report_open(*, unit: Unit, year: int, kind: str, by=None) -> Report:  # type: ignore[no-untyped-def]
    """The unit's report of a kind for a year, created as a draft on first use (a work plan is drafted)."""
    _year_check(year)
    if kind == K.CITY and unit.kind != Unit.Kind.OFFICE:
        raise ValidationError("全府成果報告屬性平辦")
    existing = Report.objects.filter(unit=unit, year=year, kind=kind).first()
    if existing is not None:
        return existing
    report = Report(unit=unit, year=year, kind=kind)
    _require_report_write(by, report)
    report.save()
    audit_record(by=by, action="report.create", obj=report, unit=unit, summary=f"建立{report}")
    if kind == K.PLAN:
        plan_draft(report=report, by=by)
    return report


def plan_drafts(unit_short: str, year: int) -> list[tuple[str, str, int | None, str]]:
    """(tool, title, planned, detail): the group's duties for ``year`` and what the unit did the year before."""
    from .sections import TOOL_APPS, plan_drafts_for

    plan = plan_in_force(year)
    spec = plan.units.get(unit_short)
    out: list[tuple[str, str, int | None, str]] = []
    for duty in plan.duties.values():
        if spec is None or not plan.applies(spec, duty.id) or duty.tool not in TOOL_APPS:
            continue
        numbers = [
            plan.param(duty.id, name, spec.group, year)
            for name in duty.params
            if name.startswith("min_") and isinstance(plan.param(duty.id, name, spec.group, year), int)
        ]
        out.append((duty.tool, duty.title, numbers[0] if numbers else None, f"依 {duty.clause_for(spec.group)}"))
    if year - 1 >= plan.start:
        for d in plan_drafts_for(unit_short, year - 1):
            out.append((d.tool, d.title, d.planned, f"{year - 1} 年已辦理；{d.detail}".rstrip("；")))
    return out


@transaction.atomic
def plan_draft(*, report: Report, by=None) -> int:  # type: ignore[no-untyped-def]
    """(Re)draft a work plan's items from the duties and the previous year; replaces the items."""
    _require_report_write(by, report)
    _require_draft(report)
    report.planned_items.all().delete()
    drafts = plan_drafts(report.unit.short_name, report.year)
    PlannedItem.objects.bulk_create(
        PlannedItem(report=report, tool=t, title=title[:200], planned=n, detail=detail, order=i)
        for i, (t, title, n, detail) in enumerate(drafts)
    )
    audit_record(
        by=by,
        action="report.plan_draft",
        obj=report,
        unit=report.unit,
        summary=f"依應辦事項及前一年度擬訂{report}（{len(drafts)} 項）",
    )
    return len(drafts)


@transaction.atomic
def planned_item_save(
    *,
    report: Report,
    tool: str,
    title: str,
    planned: int | None,
    detail: str = "",
    item: PlannedItem | None = None,
    by=None,
) -> PlannedItem:  # type: ignore[no-untyped-def]
    _require_report_write(by, report)
    _require_draft(report)
    if tool not in {t.code for t in plan_in_force(report.year).tools}:
        raise ValidationError(f"未知的工具：{tool}")
    if not title.strip():
        raise ValidationError("請填寫項目")
    if item is None:
        item = PlannedItem(report=report, order=report.planned_items.count())
    elif item.report_id != report.id:
        raise PermissionDenied("項目不屬於此報告")
    item.tool, item.title, item.planned, item.detail = tool, title.strip(), planned, detail
    item.save()
    audit_record(by=by, action="report.plan_item", obj=item, unit=report.unit, summary=f"{report}：{item.title}")
    return item


@transaction.atomic
def planned_item_delete(*, item: PlannedItem, by=None) -> None:  # type: ignore[no-untyped-def]
    _require_report_write(by, item.report)
    _require_draft(item.report)
    audit_record(
        by=by,
        action="report.plan_item_delete",
        obj=item,
        unit=item.report.unit,
        summary=f"{item.report}：刪除 {item.title}",
    )
    item.delete()


@transaction.atomic
def narrative_save(
    *, report: Report, title: str, body: str, order: int = 0, section: NarrativeSection | None = None, by=None
) -> NarrativeSection:  # type: ignore[no-untyped-def]
    _require_report_write(by, report)
    _require_draft(report)
    if not title.strip() or not body.strip():
        raise ValidationError("請填寫標題及內容")
    if section is None:
        section = NarrativeSection(report=report)
    elif section.report_id != report.id:
        raise PermissionDenied("段落不屬於此報告")
    section.title, section.body, section.order = title.strip(), body, order
    section.save()
    audit_record(by=by, action="report.narrative", obj=section, unit=report.unit, summary=f"{report}：{section.title}")
    return section


@transaction.atomic
def narrative_delete(*, section: NarrativeSection, by=None) -> None:  # type: ignore[no-untyped-def]
    _require_report_write(by, section.report)
    _require_draft(section.report)
    audit_record(
        by=by,
        action="report.narrative_delete",
        obj=section,
        unit=section.report.unit,
        summary=f"{section.report}：刪除 {section.title}",
    )
    section.delete()


def meetings_for(report: Report) -> list[Any]:
    """Meetings that may adopt the report: its unit's task force's (for the city report: any)."""
    from mainstream.mechanism.models import Meeting

    qs = Meeting.objects.select_related("taskforce").order_by("-date")
    if report.kind != K.CITY:
        spec = plan_in_force(report.year).units.get(report.unit.short_name)
        short = spec.attached_to if spec and spec.attached_to else report.unit.short_name
        qs = qs.filter(taskforce__units__short_name=short)
    return list(qs.distinct())


@transaction.atomic
def report_adopt(
    *, report: Report, adopted_on: date | None = None, meeting=None, meeting_title: str = "", by=None
) -> Report:  # type: ignore[no-untyped-def]
    """柒、一、(二): passed by the unit's task force, at a recorded meeting (or a dated meeting title)."""
    _require_report_write(by, report)
    _require_draft(report)
    if meeting is not None:
        if meeting.pk not in {m.pk for m in meetings_for(report)}:
            raise ValidationError("該會議不是本機關性平小組的會議")
        adopted_on, meeting_title = meeting.date, meeting.title
    if adopted_on is None or not meeting_title.strip():
        raise ValidationError("請選擇通過的性平小組會議，或填寫會議名稱及日期")
    if adopted_on > timezone.localdate():
        raise ValidationError("通過日期不可晚於今天")
    report.adopted_on, report.adopted_meeting, report.adopted_meeting_title = adopted_on, meeting, meeting_title.strip()
    report.status = Report.Status.ADOPTED
    report.save()
    audit_record(
        by=by,
        action="report.adopt",
        obj=report,
        unit=report.unit,
        summary=f"{report} 經「{report.adopted_meeting_title}」通過",
    )
    return report


def document_for(report: Report):  # type: ignore[no-untyped-def]
    """The report's document: the frozen published content, else composed from the records now."""
    from .compose import city_document, plan_document, result_document
    from .document import ReportDocument

    if report.is_published and report.content:
        return ReportDocument.from_json(report.content)
    if report.kind == K.RESULT:
        return result_document(report.unit.short_name, report.year, report)
    if report.kind == K.PLAN:
        return plan_document(report.unit.short_name, report.year, report)
    return city_document(report.year, report)


@transaction.atomic
def report_publish_request(*, report: Report, by) -> Report:  # type: ignore[no-untyped-def]
    """The unit asks for its adopted report to be published; the office or an oversight unit confirms."""
    _require_report_write(by, report)
    if report.status != Report.Status.ADOPTED:
        raise ValidationError("報告須先經性平小組通過才能申請公告")
    report.publish_requested_at = timezone.now()
    report.publish_requested_by = by if getattr(by, "pk", None) else None
    report.save(update_fields=["publish_requested_at", "publish_requested_by", "updated_at"])
    audit_record(by=by, action="report.publish_request", obj=report, unit=report.unit, summary=f"申請公告{report}")
    return report


@transaction.atomic
def report_publish(*, report: Report, by=None, pdf: bool = True) -> Report:  # type: ignore[no-untyped-def]
    """柒、一、(二)–(三): an adopted report is frozen and put on the public zone pages (ODT, ODS and PDF).

    Only on the confirmation of the office or an oversight unit (the city report: the office), recorded with who
    and when: a unit cannot put its own report on the public zone (issue 14)."""
    from . import exports

    if report.kind == K.CITY:
        _require_report_write(by, report)
    else:
        require_publication_confirmer(by)
    if report.status != Report.Status.ADOPTED:
        raise ValidationError("報告須先經性平小組通過才能公告")
    doc = document_for(report)
    report.content = doc.as_json()
    stem = f"{report.unit.short_name}-{report.year}-{report.kind}"
    odt = exports.to_odt(doc)
    report.odt.save(f"{stem}.odt", ContentFile(odt), save=False)
    report.ods.save(f"{stem}.ods", ContentFile(exports.to_ods(doc)), save=False)
    if pdf:
        try:
            report.pdf.save(f"{stem}.pdf", ContentFile(exports.odt_to_pdf(odt)), save=False)
        except exports.ExportError:
            report.pdf = ""
    report.status = Report.Status.PUBLISHED
    report.published_at = report.publish_confirmed_at = timezone.now()
    report.publish_confirmed_by = by if getattr(by, "pk", None) else None
    report.save()
    audit_record(by=by, action="report.publish", obj=report, unit=report.unit, summary=f"確認並公告{report}")
    return report


@transaction.atomic
def report_unpublish(*, report: Report, by=None) -> Report:  # type: ignore[no-untyped-def]
    """The unit, or whoever may confirm a publication, withdraws it; publishing again needs a new confirmation."""
    if report.kind == K.CITY or not access_for(by).confirms_publication:
        _require_report_write(by, report)
    if not report.is_published:
        raise ValidationError("報告尚未公告")
    report.status = Report.Status.ADOPTED
    report.published_at = report.publish_confirmed_at = report.publish_requested_at = None
    report.publish_confirmed_by = report.publish_requested_by = None
    report.content = {}
    report.save()
    audit_record(by=by, action="report.unpublish", obj=report, unit=report.unit, summary=f"撤回公告{report}")
    return report


# -- penalty grounds (捌、二) -------------------------------------------------------------------------


def meetings_shortfalls(year: int, as_of: date | None = None) -> list[Any]:
    """(一): the task forces whose meetings rule is unmet after the year closed."""
    from mainstream.evaluation.services import findings_evaluate

    try:
        findings = findings_evaluate(year=year, as_of=as_of, rules=["mechanism.taskforce.meetings"])
    except KeyError:  # the rule is not registered
        return []
    return [f for f in findings if f.status == "unmet"]


def shortfall_bound(finding: Any, year: int) -> Any:
    """(一): the unit a task force's meetings shortfall binds (reports.penalties.meetings_bound) for ``year``."""
    from mainstream.units.selectors import lead_units_for_year

    from .penalties import meetings_bound

    return meetings_bound(plan_in_force(year), finding, lead_units_for_year(year))


@transaction.atomic
def penalty_meetings_record(*, year: int, as_of: date | None = None, by=None) -> int:  # type: ignore[no-untyped-def]
    """Record a ground (一) for every task force short of its meetings (idempotent). Returns how many are new.
    The ground binds the unit that convenes: the unit, a composite group's lead unit of the year, the office for
    the group it convenes (reports.penalties)."""
    require_admin(by)
    new = 0
    for f in meetings_shortfalls(year, as_of):
        bound = shortfall_bound(f, year)
        unit = Unit.objects.filter(short_name=bound.unit).first() if bound.unit else None
        if unit is None:
            continue
        evidence = "\n".join(f"{e.label} {e.url}".strip() for e in f.evidence)
        _, created = PenaltyGround.objects.get_or_create(
            year=year,
            ground=PenaltyGround.Ground.MEETINGS,
            unit=unit,
            subject=f.subject,
            defaults={
                "description": f"{f.clause}：{f.detail}" + (f"。{bound.why}" if bound.why else ""),
                "evidence": evidence,
                "finding": f.as_json(),
                "recorded_by": by if getattr(by, "pk", None) else None,
            },
        )
        if created:
            new += 1
            audit_record(
                by=by,
                action="penalty.record",
                target="reports.penaltyground",
                unit=unit,
                summary=f"{year} 年 {f.subject} 性平小組會議次數不足（捌、二、(一)）",
            )
    return new


@transaction.atomic
def penalty_from_correction(*, correction: Any, by=None) -> PenaltyGround | None:  # type: ignore[no-untyped-def]
    """(二) recorded when its facts are: a correction the mechanisms asked for was not made (未修正) and the WRPC found
    the publication improper (「經送女委會討論決議確有不妥者」). Idempotent; None when the facts are not there.
    The year is the ROC year of the decision (decided_on, else the request)."""
    from mainstream import roc

    require_admin(by)
    if correction.outcome != "not_corrected" or not correction.wrpc_improper:
        return None
    publication = correction.publication
    day = correction.decided_on or correction.requested_on
    year = roc.roc_year_of(day)
    subject = publication.title[:80]
    existing = PenaltyGround.objects.filter(
        year=year, ground=PenaltyGround.Ground.PUBLICATION, unit=publication.unit, subject=subject
    ).first()
    if existing is not None:
        return existing
    evidence = [
        f"{roc.format_date(correction.requested_on)} {correction.get_requested_by_display()}要求修正：{correction.request}",
        f"{roc.format_date(day)} 未修正，經送女委會討論決議確有不妥"
        + (f"：{correction.outcome_note}" if correction.outcome_note else ""),
    ]
    row = PenaltyGround.objects.create(
        year=year,
        ground=PenaltyGround.Ground.PUBLICATION,
        unit=publication.unit,
        subject=subject,
        description=f"「{publication.title}」經{correction.get_requested_by_display()}要求修正卻未修正，經送女委會討論決議確有不妥"
        "（捌、二、(二)，由修正要求紀錄自動帶入）",
        evidence="\n".join(evidence),
        recorded_by=by if getattr(by, "pk", None) else None,
    )
    audit_record(by=by, action="penalty.record", obj=row, unit=publication.unit, summary=f"登錄懲處事由：{row}")
    return row


def penalty_publications_record(*, year: int, by=None) -> int:  # type: ignore[no-untyped-def]
    """(二) for every correction of the year that was not made and found improper (idempotent). How many are new."""
    from mainstream import roc
    from mainstream.publicity.models import CorrectionRequest

    require_admin(by)
    new = 0
    qs = CorrectionRequest.objects.filter(outcome="not_corrected", wrpc_improper=True).select_related(
        "publication__unit"
    )
    for c in qs:
        if roc.roc_year_of(c.decided_on or c.requested_on) != year:
            continue
        before = PenaltyGround.objects.count()
        penalty_from_correction(correction=c, by=by)
        new += PenaltyGround.objects.count() - before
    return new


@transaction.atomic
def penalty_record(
    *,
    year: int,
    ground: str,
    unit: Unit,
    description: str,
    evidence: str,
    subject: str = "",
    evidence_file=None,
    by=None,
) -> PenaltyGround:  # type: ignore[no-untyped-def]
    """(二) and (三): recorded by the office with its evidence."""
    require_admin(by)
    _year_check(year)
    if ground not in (PenaltyGround.Ground.PUBLICATION, PenaltyGround.Ground.CEDAW):
        raise ValidationError("此處僅登錄捌、二、(二) 或 (三)；(一) 由考核結果帶入")
    if not description.strip() or not (evidence.strip() or evidence_file):
        raise ValidationError("請填寫說明及佐證")
    if evidence_file:
        from mainstream.files import upload_check

        upload_check(evidence_file)
    row = PenaltyGround.objects.create(
        year=year,
        ground=ground,
        unit=unit,
        subject=subject or unit.short_name,
        description=description.strip(),
        evidence=evidence.strip(),
        evidence_file=evidence_file or "",
        recorded_by=by if getattr(by, "pk", None) else None,
    )
    audit_record(by=by, action="penalty.record", obj=row, unit=unit, summary=f"登錄懲處事由：{row}")
    return row


@transaction.atomic
def penalty_outcome(
    *, row: PenaltyGround, outcome: str, note: str = "", on: date | None = None, by=None
) -> PenaltyGround:  # type: ignore[no-untyped-def]
    require_admin(by)
    if outcome not in PenaltyGround.Outcome.values:
        raise ValidationError("未知的處理結果")
    if outcome != PenaltyGround.Outcome.PENDING and not note.strip():
        raise ValidationError("請填寫處理說明")
    before = row.outcome
    row.outcome, row.outcome_note, row.outcome_on = outcome, note.strip(), on or timezone.localdate()
    row.save()
    audit_record(
        by=by,
        action="penalty.outcome",
        obj=row,
        unit=row.unit,
        summary=f"{row}：{row.get_outcome_display()}",
        changes={"outcome": [before, outcome]},
    )
    return row


# -- rewards (捌、一) -------------------------------------------------------------------------------


@transaction.atomic
def reward_adjust(*, round_key: str, unit: Unit, points: Decimal | float, reason: str, by=None) -> RewardAdjustment:  # type: ignore[no-untyped-def]
    from .rewards import criteria_for_round

    require_admin(by)
    try:
        criteria_for_round(round_key)
    except LookupError:
        raise ValidationError(f"沒有 {round_key} 的評比期間") from None
    if not reason.strip():
        raise ValidationError("評審調整須填寫理由")
    row, _ = RewardAdjustment.objects.update_or_create(
        round_key=round_key,
        unit=unit,
        defaults={
            "points": Decimal(str(points)),
            "reason": reason.strip(),
            "by": by if getattr(by, "pk", None) else None,
        },
    )
    audit_record(
        by=by,
        action="reward.adjust",
        obj=row,
        unit=unit,
        summary=f"{round_key} {unit} 評審調整 {points} 分：{reason.strip()}",
    )
    return row


# -- feedback (柒、二、(一)) -------------------------------------------------------------------------


@transaction.atomic
def questionnaire_create(
    *, year: int, title: str, intro: str, questions: list[tuple[str, str, list[str]]], by=None
) -> Questionnaire:  # type: ignore[no-untyped-def]
    """questions: (text, kind, choices)."""
    require_admin(by)
    if not title.strip() or not questions:
        raise ValidationError("請填寫標題及至少一題")
    q = Questionnaire.objects.create(year=year, title=title.strip(), intro=intro)
    for i, (text, kind, choices) in enumerate(questions):
        if kind not in Question.Kind.values:
            raise ValidationError(f"未知的題型：{kind}")
        if kind == Question.Kind.CHOICE and len(choices) < 2:
            raise ValidationError(f"單選題「{text}」至少需要 2 個選項")
        Question.objects.create(questionnaire=q, order=i, text=text.strip(), kind=kind, choices=choices)
    audit_record(by=by, action="feedback.create", obj=q, summary=f"建立回饋問卷「{q.title}」")
    return q


@transaction.atomic
def questionnaire_publish(*, questionnaire: Questionnaire, by=None) -> Questionnaire:  # type: ignore[no-untyped-def]
    require_admin(by)
    questionnaire.published_at = questionnaire.published_at or timezone.now()
    questionnaire.save()
    audit_record(by=by, action="feedback.publish", obj=questionnaire, summary=f"發布回饋問卷「{questionnaire.title}」")
    return questionnaire


@transaction.atomic
def feedback_submit(*, questionnaire: Questionnaire, unit: Unit, answers: dict[int, str], by=None) -> FeedbackResponse:  # type: ignore[no-untyped-def]
    require_write(by, unit)
    if questionnaire.published_at is None:
        raise ValidationError("問卷尚未發布")
    if questionnaire.closes_on and timezone.localdate() > questionnaire.closes_on:
        raise ValidationError("問卷已截止")
    questions = {q.id: q for q in questionnaire.questions.all()}
    for qid, value in answers.items():
        q = questions.get(qid)
        if q is None:
            raise ValidationError("題目不屬於此問卷")
        if value and q.kind == Question.Kind.SCALE and value not in {"1", "2", "3", "4", "5"}:
            raise ValidationError(f"「{q.text}」請填 1–5 分")
        if value and q.kind == Question.Kind.CHOICE and value not in q.choices:
            raise ValidationError(f"「{q.text}」請從選項中選擇")
    response, _ = FeedbackResponse.objects.update_or_create(
        questionnaire=questionnaire,
        unit=unit,
        defaults={"submitted_at": timezone.now(), "by": by if getattr(by, "pk", None) else None},
    )
    for qid, value in answers.items():
        Answer.objects.update_or_create(response=response, question_id=qid, defaults={"value": value})
    audit_record(
        by=by,
        action="feedback.submit",
        obj=response,
        unit=unit,
        summary=f"{unit} 填答回饋問卷「{questionnaire.title}」",
    )
    return response
