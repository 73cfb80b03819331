"""Writes of the publicity checklist's reference data: the checklist versions and the reader's lexicon and word
classes (伍、一、(二)、3、C). Each is atomic, admin-only and audited."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import yaml
from django.core.exceptions import ValidationError
from django.db import transaction

from mainstream.audit.services import audit_record, changes_between
from mainstream.units.access import require_admin

from ..models import (
    ChecklistItem,
    ChecklistVersion,
    LexiconEntry,
    WordClass,
)
from ..reader import DECISIONS, KINDS, lexicon_parse

CHECKLIST_FILE = Path(__file__).parent.parent / "data" / "checklist.yaml"


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
        from ..reader import Reader
        from ..selectors import meta_current

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
