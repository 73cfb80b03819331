"""Writes of gender impact assessment (伍、五). Each is atomic, checks access and is audited.

- the expert registry (``expert_record``) refuses an expert without the qualification of 伍、五、(一)、3;
- a case and its steps (``assessment_record``); a suggestion adopted or not (``suggestion_record``), a reason
  required for every one not adopted (伍、五、(一)、4);
- the office confirms an urgent case (``assessment_confirm``, 伍、五、(一)、5); the task-force report stays due.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from mainstream.audit.services import audit_record, changes_between
from mainstream.files import upload_check
from mainstream.imports.schema import WriteResult
from mainstream.plan.selectors import plan_in_force, plan_year_default
from mainstream.units.access import access_for, require_admin, require_write
from mainstream.units.models import Unit

from .models import Assessment, Expert, Suggestion

TOOL = "impact"
RULE = "impact.count"
EXPERT = "專家學者"
TASKFORCE = "性平小組"
ALL_ADOPTED = "全部參採"
ADOPTIONS = (ALL_ADOPTED, "部分參採", "未參採")


def plan_value(name: str, year: int | None = None) -> Any:
    """A list or mapping of the plan in force for ``year`` (default: the current year) (``impact.count`` params:
    qualifications, forms, participation, reviewer)."""
    year = year or plan_year_default()
    return plan_in_force(year).param(RULE, name, None, year)


def types() -> list[str]:
    return list(plan_value("reviewer"))


def reviewer_of(type_: str) -> str:
    """伍、五、(二): 法務局 reviews ordinances, 研考會 public-works plans, 性平辦 the rest."""
    return plan_value("reviewer").get(type_, "")


# -- experts -------------------------------------------------------------------------------------


def expert_validate(name: str, qualification: str) -> None:
    qualifications = plan_value("qualifications")
    if not name.strip():
        raise ValidationError("請填寫姓名")
    if not qualification.strip():
        raise ValidationError(f"專家學者「{name}」沒有資格，不得登錄（應為 {'、'.join(qualifications)} 之一）")
    if qualification not in qualifications:
        raise ValidationError(f"「{qualification}」不是伍、五、(一)、3 所列資格（{'、'.join(qualifications)}）")


@transaction.atomic
def expert_record(*, name: str, qualification: str, note: str = "", by=None) -> tuple[Expert, str]:  # type: ignore[no-untyped-def]
    """Add or update an expert of the registry (the office and the oversight units of 伍、五)."""
    require_write(by, None, tool=TOOL)
    name, qualification = name.strip(), qualification.strip()
    expert_validate(name, qualification)
    existing = Expert.objects.filter(name=name).first()
    if existing is None:
        expert = Expert.objects.create(name=name, qualification=qualification, note=note)
        audit_record(
            by=by,
            action="impact.expert.create",
            obj=expert,
            summary=f"登錄性別平等專家學者「{name}」（{qualification}）",
        )
        return expert, "created"
    diff = changes_between(
        {"qualification": existing.qualification, "note": existing.note},
        {"qualification": qualification, "note": note or existing.note},
    )
    if not diff:
        return existing, "unchanged"
    existing.qualification, existing.note = qualification, note or existing.note
    existing.save()
    audit_record(
        by=by, action="impact.expert.update", obj=existing, summary=f"修改專家學者「{name}」資格", changes=diff
    )
    return existing, "updated"


def experts_import_write(rows: list[tuple[str, str]], *, by=None) -> WriteResult:  # type: ignore[no-untyped-def]
    result = WriteResult()
    for name, qualification in rows:
        result.add(expert_record(name=name, qualification=qualification, by=by)[1])
    return result


# -- cases ---------------------------------------------------------------------------------------

FIELDS = (
    "type",
    "form",
    "district_shared",
    "gathered_on",
    "gathered_note",
    "form_filled_on",
    "participation",
    "expert",
    "participation_on",
    "adoption",
    "not_adopted_reason",
    "adopted_on",
    "urgent",
    "meeting",
    "reported_on",
    "reviewed_on",
    "review_note",
)


@dataclass(frozen=True)
class AssessmentData:
    unit: Unit
    title: str
    type: str
    form: str
    district_shared: bool = False
    gathered_on: date | None = None
    gathered_note: str = ""
    form_filled_on: date | None = None
    participation: str = ""
    expert: Expert | None = None
    participation_on: date | None = None
    adoption: str = ""
    not_adopted_reason: str = ""
    adopted_on: date | None = None
    urgent: bool = False
    meeting: Any = None  # mechanism.Meeting
    reported_on: date | None = None
    reviewed_on: date | None = None
    review_note: str = ""
    office_confirmed_on: date | None = None  # set only by the office (imports of the office, assessment_confirm)


def assessment_validate(data: AssessmentData) -> None:
    errors = []
    if data.unit.kind != "executing":
        errors.append(f"「{data.unit}」不是執行辦理單位")
    if data.type not in types():
        errors.append(f"類型「{data.type}」不是 {'、'.join(types())} 之一")
    if data.form not in plan_value("forms"):
        errors.append(f"表單「{data.form}」不是 {'、'.join(plan_value('forms'))} 之一")
    if data.participation and data.participation not in plan_value("participation"):
        errors.append(f"程序參與「{data.participation}」不是 {'、'.join(plan_value('participation'))} 之一")
    if data.participation == EXPERT and data.expert is None:
        errors.append("程序參與為專家學者時，請選擇登錄之專家學者")
    if data.expert is not None and data.expert.qualification not in plan_value("qualifications"):
        errors.append(f"專家學者「{data.expert}」不具伍、五、(一)、3 所列資格")
    if data.adoption and data.adoption not in ADOPTIONS:
        errors.append(f"參採情形「{data.adoption}」不是 {'、'.join(ADOPTIONS)} 之一")
    if data.adoption and data.adoption != ALL_ADOPTED and not data.not_adopted_reason.strip():
        errors.append(f"參採情形為「{data.adoption}」，應說明不參採原因（伍、五、(一)、4）")
    if data.adoption and not data.participation:
        errors.append("尚未完成程序參與，不能填寫參採情形")
    if (data.reported_on or data.office_confirmed_on) and not data.adoption:
        errors.append("參採情形尚未填寫，不能提報性平小組或送性平辦確認")
    if data.office_confirmed_on and not data.urgent:
        errors.append("性平辦確認完成評估僅適用於緊急案件（伍、五、(一)、5）")
    if data.meeting is not None:
        if not data.meeting.taskforce.units.filter(id=data.unit.id).exists():
            errors.append(f"會議「{data.meeting}」不是{data.unit}所屬性平小組的會議")
        elif data.reported_on and data.reported_on != data.meeting.date:
            errors.append("性平小組報告日期與會議日期不同")
    dates = [
        ("1.蒐集", data.gathered_on),
        ("2.填表", data.form_filled_on),
        ("3.程序參與", data.participation_on),
        ("4.參採", data.adopted_on),
    ]
    known = [(n, d) for n, d in dates if d]
    for (n1, d1), (n2, d2) in zip(known, known[1:], strict=False):
        if d2 < d1:
            errors.append(f"{n2}日期早於{n1}日期")
    if errors:
        raise ValidationError(errors)


def _values(obj: Assessment | AssessmentData) -> dict[str, Any]:
    return {f: getattr(obj, f) for f in FIELDS}


@transaction.atomic
def assessment_record(
    *,
    data: AssessmentData,
    upload=None,
    by=None,
    instance: Assessment | None = None,  # type: ignore[no-untyped-def]
) -> tuple[Assessment, str]:
    """Create or update a case (by unit and title, or ``instance`` when editing one).

    Returns (case, created|updated|unchanged). The office's confirmation is kept unless the writer is the office
    (or the system).
    """
    require_write(by, data.unit, tool=TOOL)
    if instance is not None:
        require_write(by, instance.unit, tool=TOOL)
    same_key = Assessment.objects.filter(unit=data.unit, title=data.title).first()
    if instance is not None and same_key is not None and same_key.pk != instance.pk:
        raise ValidationError(f"{data.unit}已有案名「{data.title}」的評估案")
    existing = instance or same_key
    office = by is None or access_for(by).is_admin
    if not office:
        data = replace(data, office_confirmed_on=existing.office_confirmed_on if existing else None)
    if data.meeting is not None and data.reported_on is None:
        data = replace(data, reported_on=data.meeting.date)
    assessment_validate(data)
    before = (
        {
            **_values(existing),
            "office_confirmed_on": existing.office_confirmed_on,
            "unit": existing.unit,
            "title": existing.title,
        }
        if existing
        else {}
    )
    case = existing or Assessment(unit=data.unit, title=data.title)
    case.unit, case.title = data.unit, data.title
    for f in FIELDS:
        setattr(case, f, getattr(data, f))
    case.office_confirmed_on = data.office_confirmed_on
    if upload is not None:
        upload_check(upload)
        if case.form_file:
            case.form_file.delete(save=False)
        case.form_file_name = upload.name[:200]
        case.form_file.save(upload.name, upload, save=False)
    after = {**_values(case), "office_confirmed_on": case.office_confirmed_on}
    diff = changes_between(before, {**after, "unit": case.unit, "title": case.title} if existing else after)
    if existing is not None and not diff and upload is None:
        return existing, "unchanged"
    case.save()
    audit_record(
        by=by,
        action=f"impact.{'update' if existing else 'create'}",
        obj=case,
        unit=data.unit,
        summary=f"{'修改' if existing else '新增'}性別影響評估案「{data.title}」",
        changes=diff,
    )
    return case, "updated" if existing else "created"


@transaction.atomic
def assessment_confirm(*, assessment: Assessment, confirmed_on: date, by=None) -> Assessment:  # type: ignore[no-untyped-def]
    """性平辦 confirms an urgent case complete; its report to the task force stays due (伍、五、(一)、5)."""
    require_admin(by)
    assessment_validate(replace(_data_of(assessment), office_confirmed_on=confirmed_on))
    assessment.office_confirmed_on = confirmed_on
    assessment.save()
    audit_record(
        by=by,
        action="impact.confirm",
        obj=assessment,
        unit=assessment.unit,
        summary=f"性平辦確認緊急案件「{assessment.title}」完成評估（後續仍應提報性平小組）",
        changes={"office_confirmed_on": [None, str(confirmed_on)]},
    )
    return assessment


def _data_of(case: Assessment) -> AssessmentData:
    return AssessmentData(
        unit=case.unit, title=case.title, office_confirmed_on=case.office_confirmed_on, **_values(case)
    )


@transaction.atomic
def suggestion_record(*, assessment: Assessment, text: str, adopted: bool, reason: str = "", by=None) -> Suggestion:  # type: ignore[no-untyped-def]
    """One suggestion of the procedural participation; one not adopted needs its reason (伍、五、(一)、4)."""
    require_write(by, assessment.unit, tool=TOOL)
    if not text.strip():
        raise ValidationError("請填寫建議內容")
    if not adopted and not reason.strip():
        raise ValidationError("未參採之建議應說明不參採原因（伍、五、(一)、4）")
    suggestion = Suggestion.objects.create(
        assessment=assessment, text=text.strip(), adopted=adopted, reason="" if adopted else reason.strip()
    )
    audit_record(
        by=by,
        action="impact.suggestion",
        obj=suggestion,
        unit=assessment.unit,
        summary=f"「{assessment.title}」程序參與意見：{'參採' if adopted else '未參採'}",
    )
    return suggestion


@transaction.atomic
def assessment_delete(*, assessment: Assessment, by=None) -> None:  # type: ignore[no-untyped-def]
    require_write(by, assessment.unit, tool=TOOL)
    audit_record(
        by=by,
        action="impact.delete",
        obj=assessment,
        unit=assessment.unit,
        summary=f"刪除性別影響評估案「{assessment.title}」",
    )
    if assessment.form_file:
        assessment.form_file.delete(save=False)
    assessment.delete()


def assessments_import_write(rows: list[AssessmentData], *, by=None) -> WriteResult:  # type: ignore[no-untyped-def]
    result = WriteResult()
    for data in rows:
        existing = Assessment.objects.filter(unit=data.unit, title=data.title).first()
        if existing is not None:  # keep what the import has no column for
            keep = {
                f: getattr(existing, f)
                for f in (
                    "gathered_on",
                    "gathered_note",
                    "form_filled_on",
                    "participation_on",
                    "adopted_on",
                    "reviewed_on",
                    "review_note",
                    "district_shared",
                )
            }
            if existing.meeting is not None and existing.reported_on == data.reported_on:
                keep["meeting"] = existing.meeting
            data = replace(data, **keep)
        case, outcome = assessment_record(data=data, by=by)
        if data.office_confirmed_on and case.office_confirmed_on != data.office_confirmed_on:
            result.notes.append(f"「{case.title}」的性平辦確認日期僅性平辦可填，未匯入")
        setattr(result, outcome, getattr(result, outcome) + 1)
    return result
