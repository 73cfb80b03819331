"""Writes of a publication's path: draft → checked → confirmed → released, its escalation steps and the office's
correction requests (伍、一、(二)、3、C; 捌、二、(二)). Each is atomic, access-checked and audited."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from mainstream.audit.services import audit_record, changes_between
from mainstream.units.access import require_admin, require_write
from mainstream.units.models import Unit

from ..models import (
    ChecklistAnswer,
    CorrectionRequest,
    EscalationStep,
    Publication,
)

TOOL = "publicity"
LEVELS = [EscalationStep.Level.LIAISON, EscalationStep.Level.CIRCLE, EscalationStep.Level.TASKFORCE]
S = Publication.Status


# ---------------------------------------------------------------------------------------------- publications


@dataclass(frozen=True)
class PublicationData:
    unit: Unit
    type: str
    title: str
    text: str = ""
    planned_release: date | None = None


def _findings(text: str) -> list[dict]:
    from ..selectors import current_reader

    return [f.as_dict() for f in current_reader().read(text)] if text else []


def _editable(publication: Publication) -> None:
    if publication.status in (S.CONFIRMED, S.RELEASED):
        raise ValidationError("已經長官確認或已發佈的內容不能再修改")


@transaction.atomic
def publication_create(*, data: PublicationData, file=None, by=None) -> Publication:  # type: ignore[no-untyped-def]
    """A new draft; the reader makes the first pass over its text (or the text of the uploaded file)."""
    from ..documents import text_extract
    from ..selectors import checklist_current

    require_write(by, data.unit, tool=TOOL)
    if data.type not in Publication.Type.values:
        raise ValidationError(f"類型「{data.type}」不存在")
    if not data.title.strip():
        raise ValidationError("請填寫標題")
    text = data.text
    if file is not None:
        content = file.read()
        file.seek(0)
        extracted = text_extract(file.name, content)
        text = text or extracted
    publication = Publication.objects.create(
        unit=data.unit,
        type=data.type,
        title=data.title.strip(),
        text=text,
        planned_release=data.planned_release,
        author=by if getattr(by, "pk", None) else None,
        checklist_version=checklist_current(),
        findings=_findings(text),
    )
    if file is not None:
        publication.file.save(file.name, file, save=True)
    audit_record(
        by=by,
        action="publicity.publication.create",
        obj=publication,
        unit=data.unit,
        summary=f"新增{publication.get_type_display()}「{publication.title}」草稿（系統初檢 {len(publication.findings)} 處）",
    )
    return publication


@transaction.atomic
def publication_revise(*, publication: Publication, text: str, by=None) -> Publication:  # type: ignore[no-untyped-def]
    """The author changes the draft (e.g. after an adviser's opinion); it goes back to draft and is read again."""
    require_write(by, publication.unit, tool=TOOL)
    _editable(publication)
    before = {"status": publication.status, "findings": len(publication.findings)}
    publication.text = text
    publication.findings = _findings(text)
    publication.status = S.DRAFT
    publication.checked_at = None
    publication.save()
    audit_record(
        by=by,
        action="publicity.publication.revise",
        obj=publication,
        unit=publication.unit,
        summary=f"修改「{publication.title}」草稿",
        changes=changes_between(before, {"status": S.DRAFT, "findings": len(publication.findings)}),
    )
    return publication


def suggested_answers(publication: Publication) -> dict[str, str]:
    """The reader's first pass of the checklist: an item with a finding is suggested as 不符合."""
    flagged = {f["item"] for f in publication.findings}
    items = publication.checklist_version.items.all() if publication.checklist_version else []
    return {i.code: str(ChecklistAnswer.Answer.NO if i.code in flagged else ChecklistAnswer.Answer.YES) for i in items}


def superior_choices(publication: Publication) -> list:  # type: ignore[type-arg]
    """Who may be named the author's direct superior: the active users with a role in the publication's unit
    (its liaisons — 承辦人 and 主管, 參、二 — and its oversight staff), never the author."""
    from django.contrib.auth import get_user_model

    from mainstream.units.models import Role

    ids = Role.objects.filter(unit=publication.unit, kind__in=[Role.Kind.LIAISON, Role.Kind.OVERSIGHT]).values(
        "user_id"
    )
    users = get_user_model().objects.filter(id__in=ids, is_active=True).exclude(id=publication.author_id)
    return list(users.order_by("last_name", "first_name", "username"))


def _person_name(user) -> str:  # type: ignore[no-untyped-def]
    return (user.get_full_name() or user.username)[:60]


@transaction.atomic
def publication_check(  # type: ignore[no-untyped-def]
    *,
    publication: Publication,
    answers: dict[str, tuple[str, str]],
    superior=None,
    superior_name: str = "",
    by=None,
) -> Publication:
    """The author answers every checklist item (answer, note) and picks the direct superior among the unit's users
    (``superior_choices``): draft → checked. Only that user confirms (issue 16, item 6). A system write (``by`` None:
    the demo) may name the superior in words instead."""
    require_write(by, publication.unit, tool=TOOL)
    _editable(publication)
    version = publication.checklist_version
    if version is None:
        raise ValidationError("此案沒有檢核表版本")
    items = list(version.items.all())
    missing = [
        i.code for i in items if i.code not in answers or answers[i.code][0] not in ChecklistAnswer.Answer.values
    ]
    if missing:
        raise ValidationError(f"檢核項目第 {'、'.join(missing)} 項尚未填答")
    if superior is not None:
        if superior.pk not in {u.pk for u in superior_choices(publication)}:
            raise ValidationError("直屬長官須為本機關之使用者，且不是承辦人")
        superior_name = _person_name(superior)
    elif by is not None:
        raise ValidationError("請選擇直屬長官")
    if not superior_name.strip():
        raise ValidationError("請選擇直屬長官")
    for item in items:
        answer, note = answers[item.code]
        if answer == ChecklistAnswer.Answer.NO and not note.strip():
            raise ValidationError(f"第 {item.code} 項為「不符合」，請說明修正情形或疑慮")
        ChecklistAnswer.objects.update_or_create(
            publication=publication, item=item, defaults={"answer": answer, "note": note.strip()}
        )
    publication.status = S.CHECKED
    publication.checked_at = timezone.now()
    publication.superior_name = superior_name.strip()
    publication.superior = superior
    publication.override_reason = ""
    publication.save()
    audit_record(
        by=by,
        action="publicity.publication.check",
        obj=publication,
        unit=publication.unit,
        summary=f"「{publication.title}」完成自行檢核，送直屬長官{publication.superior_name}確認",
        changes={k: v[0] for k, v in sorted(answers.items())},
    )
    return publication


@transaction.atomic
def publication_confirm(*, publication: Publication, by=None) -> Publication:  # type: ignore[no-untyped-def]
    """The author's direct superior confirms: checked → confirmed. Not the author; not with a doubt left open."""
    require_write(by, publication.unit, tool=TOOL)
    if publication.status != S.CHECKED:
        raise ValidationError("須先完成自行檢核，才能由直屬長官確認")
    if by is not None and publication.author_id == getattr(by, "pk", None):
        raise PermissionDenied("承辦人不能自行確認，須由直屬長官確認")
    if by is not None and publication.superior_id != getattr(by, "pk", None):
        who = publication.superior_name or "承辦人指定之直屬長官"
        raise PermissionDenied(f"僅直屬長官（{who}）可確認；性平辦得敘明理由代為確認")
    _confirmable(publication)
    publication.status = S.CONFIRMED
    publication.confirmed_by = by if getattr(by, "pk", None) else None
    publication.confirmed_at = timezone.now()
    publication.save()
    audit_record(
        by=by,
        action="publicity.publication.confirm",
        obj=publication,
        unit=publication.unit,
        summary=f"直屬長官確認「{publication.title}」",
    )
    return publication


@transaction.atomic
def publication_confirm_override(*, publication: Publication, reason: str, by=None) -> Publication:  # type: ignore[no-untyped-def]
    """The office confirms in the superior's place (the superior is away, or none was named), with a reason that
    is kept on the publication and in the audit trail."""
    from mainstream.units.access import require_admin

    require_admin(by)
    if publication.status != S.CHECKED:
        raise ValidationError("須先完成自行檢核，才能確認")
    if not reason.strip():
        raise ValidationError("請填寫代為確認之理由")
    _confirmable(publication)
    publication.status = S.CONFIRMED
    publication.confirmed_by = by if getattr(by, "pk", None) else None
    publication.confirmed_at = timezone.now()
    publication.override_reason = reason.strip()
    publication.save()
    audit_record(
        by=by,
        action="publicity.publication.confirm_override",
        obj=publication,
        unit=publication.unit,
        summary=f"性平辦代直屬長官（{publication.superior_name or '未指定'}）確認「{publication.title}」：{reason.strip()}"[
            :300
        ],
        changes={"reason": reason.strip(), "superior": publication.superior_name},
    )
    return publication


def _confirmable(publication: Publication) -> None:
    """No doubt left open: every escalation answered, every 不符合 answer followed by a change."""
    if publication.escalations.filter(opinion="").exists():
        raise ValidationError("尚有諮詢未獲回復，回復並修正後始得確認")
    doubts = publication.answers.filter(answer=ChecklistAnswer.Answer.NO)
    if doubts.exists() and not publication.escalations.exclude(change_made="").exists():
        raise ValidationError("檢核有「不符合」項目：請修正內容後重新檢核，或依序諮詢並記錄修正情形")


@transaction.atomic
def publication_release(*, publication: Publication, released_on: date, by=None) -> Publication:  # type: ignore[no-untyped-def]
    """confirmed → released; a publication cannot be released before its superior confirmed it."""
    require_write(by, publication.unit, tool=TOOL)
    if publication.status != S.CONFIRMED:
        raise ValidationError("須經直屬長官確認後始得發佈")
    publication.status = S.RELEASED
    publication.released_on = released_on
    publication.save()
    audit_record(
        by=by,
        action="publicity.publication.release",
        obj=publication,
        unit=publication.unit,
        summary=f"發佈「{publication.title}」（{released_on}）",
    )
    return publication


# ---------------------------------------------------------------------------------------------- escalation


@transaction.atomic
def escalation_ask(  # type: ignore[no-untyped-def]
    *, publication: Publication, level: str, question: str, asked_on: date, by=None
) -> EscalationStep:
    """Ask the next mechanism, in order: liaison → liaison circle → task force (伍、一、(二)、3、C)."""
    require_write(by, publication.unit, tool=TOOL)
    _editable(publication)
    if not question.strip():
        raise ValidationError("請說明疑慮")
    steps = list(publication.escalations.all())
    if steps and steps[-1].is_open:
        raise ValidationError(f"{steps[-1].get_level_display()}尚未回復")
    expected = LEVELS[0] if not steps else LEVELS[min(LEVELS.index(EscalationStep.Level(steps[-1].level)) + 1, 2)]
    if steps and steps[-1].level == EscalationStep.Level.TASKFORCE and level == EscalationStep.Level.TASKFORCE:
        expected = EscalationStep.Level.TASKFORCE
    if level != expected:
        raise ValidationError(f"應依序諮詢：下一步為{EscalationStep.Level(expected).label}")
    step = EscalationStep.objects.create(
        publication=publication, level=level, question=question.strip(), asked_on=asked_on
    )
    audit_record(
        by=by,
        action="publicity.escalation.ask",
        obj=step,
        unit=publication.unit,
        summary=f"「{publication.title}」諮詢{step.get_level_display()}",
    )
    return step


@transaction.atomic
def escalation_answer(  # type: ignore[no-untyped-def]
    *, step: EscalationStep, adviser: str, opinion: str, change_made: str, answered_on: date, by=None
) -> EscalationStep:
    """Record the adviser's opinion and the change made to the publication."""
    require_write(by, step.publication.unit, tool=TOOL)
    if not adviser.strip() or not opinion.strip():
        raise ValidationError("請填寫提供意見者及意見")
    step.adviser, step.opinion, step.change_made = adviser.strip(), opinion.strip(), change_made.strip()
    step.answered_on = answered_on
    step.save()
    audit_record(
        by=by,
        action="publicity.escalation.answer",
        obj=step,
        unit=step.publication.unit,
        summary=f"「{step.publication.title}」{step.get_level_display()}回復意見",
    )
    return step


# ---------------------------------------------------------------------------------------------- corrections


@transaction.atomic
def correction_request(  # type: ignore[no-untyped-def]
    *, publication: Publication, requested_by: str, requested_on: date, request: str, by=None
) -> CorrectionRequest:
    """The office records that a mechanism asked for a correction (捌、二、(二))."""
    require_admin(by)
    if requested_by not in EscalationStep.Level.values:
        raise ValidationError("要求修正之機制須為性平聯絡人、性平聯繫圈或性平小組")
    if not request.strip():
        raise ValidationError("請填寫要求內容")
    correction = CorrectionRequest.objects.create(
        publication=publication, requested_by=requested_by, requested_on=requested_on, request=request.strip()
    )
    audit_record(
        by=by,
        action="publicity.correction.request",
        obj=correction,
        unit=publication.unit,
        summary=f"記錄「{publication.title}」之修正要求",
    )
    return correction


@transaction.atomic
def correction_outcome(  # type: ignore[no-untyped-def]
    *,
    correction: CorrectionRequest,
    outcome: str,
    decided_on: date,
    note: str = "",
    wrpc_improper: bool = False,
    by=None,
) -> CorrectionRequest:
    """The office records the outcome; 未修正 and found improper by the WRPC is the penalty ground."""
    require_admin(by)
    if outcome not in CorrectionRequest.Outcome.values:
        raise ValidationError("結果不正確")
    if wrpc_improper and outcome != CorrectionRequest.Outcome.NOT_CORRECTED:
        raise ValidationError("只有「未修正」者才會送女委會認定")
    before = {"outcome": correction.outcome, "wrpc_improper": correction.wrpc_improper}
    correction.outcome, correction.outcome_note = outcome, note.strip()
    correction.wrpc_improper, correction.decided_on = wrpc_improper, decided_on
    correction.save()
    audit_record(
        by=by,
        action="publicity.correction.outcome",
        obj=correction,
        unit=correction.publication.unit,
        summary=f"「{correction.publication.title}」修正要求結果：{correction.get_outcome_display()}",
        changes=changes_between(before, {"outcome": outcome, "wrpc_improper": wrpc_improper}),
    )
    from mainstream.reports.services import penalty_from_correction

    penalty_from_correction(correction=correction, by=by)  # 捌、二、(二): recorded as soon as its facts are
    return correction
