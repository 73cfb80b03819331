"""Writes of the publicity checklist (伍、一、(二)、3、C; 捌、二、(二)). Each is atomic, access-checked and audited.

The path of a publication: draft → the author's checklist answers (checked) → the direct superior's
confirmation (confirmed) → released. Doubts go, in order, to the liaison, the liaison circle and the task force
(EscalationStep); a publication with an unanswered step cannot be confirmed. The office records correction
requests and their outcome; an uncorrected one is a penalty ground (捌、二、(二)).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import yaml
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from mainstream.audit.services import audit_record, changes_between
from mainstream.units.access import require_admin, require_write
from mainstream.units.models import Unit

from .models import (
    ChecklistAnswer,
    ChecklistItem,
    ChecklistVersion,
    CorrectionRequest,
    EscalationStep,
    LexiconEntry,
    Publication,
    WordClass,
)
from .reader import DECISIONS, KINDS, lexicon_parse

TOOL = "publicity"
CHECKLIST_FILE = Path(__file__).parent / "data" / "checklist.yaml"
LEVELS = [EscalationStep.Level.LIAISON, EscalationStep.Level.CIRCLE, EscalationStep.Level.TASKFORCE]
S = Publication.Status


# ---------------------------------------------------------------------------------------------- data files


@transaction.atomic
def publicity_data_sync(*, by=None) -> dict[str, int]:  # type: ignore[no-untyped-def]
    """Load the shipped checklist versions and lexicon entries that the database does not have yet.

    Never overwrites: the office's revisions of items and entries stay as they are.
    """
    counts = {"versions": 0, "entries": 0}
    data = yaml.safe_load(CHECKLIST_FILE.read_text(encoding="utf-8"))
    for raw in data["versions"]:
        version, created = ChecklistVersion.objects.get_or_create(
            version_date=raw["version_date"],
            defaults={"title": raw["title"], "clause": raw["clause"], "note": raw.get("note", "")},
        )
        if created:
            counts["versions"] += 1
            for order, item in enumerate(raw["items"], start=1):
                ChecklistItem.objects.create(
                    version=version,
                    code=str(item["code"]),
                    group=item["group"],
                    text=item["text"],
                    clause=item.get("clause", raw["clause"]),
                    order=order,
                )
            audit_record(
                by=by,
                action="publicity.checklist.load",
                obj=version,
                summary=f"載入檢核表版本 {version.version_date}（{len(raw['items'])} 項）",
            )
    entries, meta = lexicon_parse()
    known = set(WordClass.objects.values_list("name", flat=True))
    WordClass.objects.bulk_create(
        [WordClass(name=name, words=list(words)) for name, words in meta.classes.items() if name not in known]
    )
    existing = set(LexiconEntry.objects.values_list("term", "kind"))
    new = [
        LexiconEntry(
            term=e.term,
            is_pattern=e.is_pattern,
            kind=e.kind,
            category=e.category,
            item=e.item,
            explanation=e.explanation,
            suggestions=list(e.suggestions),
            require_any=list(e.require_any),
            exclude_any=list(e.exclude_any),
            window=e.window,
            decision=e.decision,
            decision_reason=e.decision_reason,
            source=LexiconEntry.Source.SHIPPED,
        )
        for e in entries
        if (e.term, e.kind) not in existing
    ]
    if new:
        LexiconEntry.objects.bulk_create(new)
        counts["entries"] = len(new)
        audit_record(
            by=by, action="publicity.lexicon.load", target="publicity.lexiconentry", summary=f"載入詞庫 {len(new)} 條"
        )
    return counts


@dataclass(frozen=True)
class ItemData:
    code: str
    group: str
    text: str


@transaction.atomic
def checklist_revise(  # type: ignore[no-untyped-def]
    *, version_date: date, title: str, items: list[ItemData], note: str = "", by=None
) -> ChecklistVersion:
    """The office issues a new version of the checklist from a date; earlier publications keep their version."""
    require_admin(by)
    if ChecklistVersion.objects.filter(version_date=version_date).exists():
        raise ValidationError(f"{version_date} 已有檢核表版本")
    kept = [i for i in items if i.text.strip()]
    if not kept:
        raise ValidationError("檢核表至少須有一個項目")
    codes = [i.code.strip() for i in kept]
    if any(not c for c in codes) or len(set(codes)) != len(codes):
        raise ValidationError("項次不得空白或重複")
    version = ChecklistVersion.objects.create(
        version_date=version_date,
        title=title.strip() or "性別平等概念檢核表",
        clause="伍、一、(二)、3、C",
        note=note.strip(),
    )
    for order, i in enumerate(kept, start=1):
        ChecklistItem.objects.create(
            version=version,
            code=i.code.strip(),
            group=i.group.strip(),
            text=i.text.strip(),
            clause=version.clause,
            order=order,
        )
    audit_record(
        by=by,
        action="publicity.checklist.revise",
        obj=version,
        summary=f"訂定檢核表新版本（{version_date} 起，{len(kept)} 項）",
        changes={i.code: i.text for i in kept},
    )
    return version


# ---------------------------------------------------------------------------------------------- lexicon


@dataclass(frozen=True)
class LexiconData:
    term: str
    kind: str
    item: str
    explanation: str
    suggestions: list[str] = field(default_factory=list)
    is_pattern: bool = False
    require_any: list[str] = field(default_factory=list)
    exclude_any: list[str] = field(default_factory=list)
    window: int = 8
    category: str = ""
    active: bool = True
    decision: str = "flagged"
    decision_reason: str = ""


LEXICON_FIELDS = (
    "term",
    "kind",
    "item",
    "explanation",
    "suggestions",
    "is_pattern",
    "require_any",
    "exclude_any",
    "window",
    "category",
    "active",
    "decision",
    "decision_reason",
)


def lexicon_validate(data: LexiconData) -> None:
    import re

    if not data.term.strip():
        raise ValidationError("請填寫用語")
    if data.kind not in KINDS:
        raise ValidationError(f"類型「{data.kind}」不存在")
    if not ChecklistItem.objects.filter(code=data.item).exists():
        raise ValidationError(f"檢核項次「{data.item}」不存在")
    if not data.explanation.strip():
        raise ValidationError("請填寫說明")
    if data.is_pattern:
        from .reader import Reader
        from .selectors import meta_current

        try:
            re.compile(Reader([], meta_current()).expand(data.term))
        except (re.error, ValueError) as exc:
            raise ValidationError(f"正規表示式有誤：{exc}") from exc
    if not 0 <= data.window <= 50:
        raise ValidationError("鄰近字數須介於 0 至 50（0 為整句）")
    if data.decision not in DECISIONS:
        raise ValidationError(f"決定「{data.decision}」不存在")
    if data.decision != "flagged" and not data.decision_reason.strip():
        raise ValidationError("改為「僅供參考」或「接受」時，請寫明理由")


@transaction.atomic
def lexicon_entry_save(*, data: LexiconData, entry: LexiconEntry | None = None, by=None) -> LexiconEntry:  # type: ignore[no-untyped-def]
    """The office adds or revises a lexicon entry; the next reading uses it."""
    require_admin(by)
    lexicon_validate(data)
    values = {f: getattr(data, f) for f in LEXICON_FIELDS}
    clash = LexiconEntry.objects.filter(term=data.term, kind=data.kind)
    if entry is not None:
        clash = clash.exclude(pk=entry.pk)
    if clash.exists():
        raise ValidationError(f"詞庫已有「{data.term}」（{data.kind}）")
    if entry is None:
        entry = LexiconEntry.objects.create(source=LexiconEntry.Source.OFFICE, **values)
        audit_record(
            by=by,
            action="publicity.lexicon.create",
            obj=entry,
            summary=f"新增詞庫條目「{entry.term}」",
            changes=changes_between({}, values),
        )
        return entry
    before = {f: getattr(entry, f) for f in LEXICON_FIELDS}
    for f, v in values.items():
        setattr(entry, f, v)
    entry.save()
    audit_record(
        by=by,
        action="publicity.lexicon.update",
        obj=entry,
        summary=f"修改詞庫條目「{entry.term}」",
        changes=changes_between(before, values),
    )
    return entry


@transaction.atomic
def word_class_save(*, name: str, words: list[str], by=None) -> WordClass:  # type: ignore[no-untyped-def]
    """The office revises a word class ({appearance}, {title}…); the next reading uses it."""
    require_admin(by)
    kept = list(dict.fromkeys(w.strip() for w in words if w.strip()))
    if not kept:
        raise ValidationError("詞類至少須有一個詞")
    entry = WordClass.objects.filter(name=name).first()
    if entry is None:
        raise ValidationError(f"詞類「{name}」不存在")
    before = list(entry.words)
    entry.words = kept
    entry.save()
    audit_record(
        by=by,
        action="publicity.wordclass.update",
        obj=entry,
        summary=f"修改詞類「{name}」（{len(kept)} 個詞）",
        changes=changes_between({"words": before}, {"words": kept}),
    )
    return entry


# ---------------------------------------------------------------------------------------------- publications


@dataclass(frozen=True)
class PublicationData:
    unit: Unit
    type: str
    title: str
    text: str = ""
    planned_release: date | None = None


def _findings(text: str) -> list[dict]:
    from .selectors import current_reader

    return [f.as_dict() for f in current_reader().read(text)] if text else []


def _editable(publication: Publication) -> None:
    if publication.status in (S.CONFIRMED, S.RELEASED):
        raise ValidationError("已經長官確認或已發佈的內容不能再修改")


@transaction.atomic
def publication_create(*, data: PublicationData, file=None, by=None) -> Publication:  # type: ignore[no-untyped-def]
    """A new draft; the reader makes the first pass over its text (or the text of the uploaded file)."""
    from .documents import text_extract
    from .selectors import checklist_current

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
