"""Reads of the publicity checklist, scoped through ``units.access``."""

from __future__ import annotations

import threading
from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Max, QuerySet
from django.shortcuts import get_object_or_404

from mainstream.roc import format_date
from mainstream.units.access import access_unit, unit_records_visible_to

from .models import ChecklistVersion, CorrectionRequest, LexiconEntry, Publication, WordClass
from .reader import Entry, Frame, Reader, shipped_meta


def checklist_current(on: date | None = None) -> ChecklistVersion:
    """The checklist version in force on ``on`` (today): the latest version date not after it."""
    if not ChecklistVersion.objects.exists():
        from .services import publicity_data_sync

        publicity_data_sync()
    on = on or date.today()
    version = ChecklistVersion.objects.filter(version_date__lte=on).first()
    return version or ChecklistVersion.objects.order_by("version_date").first()  # type: ignore[return-value]


def publication_list(user, *, unit_id: int | None = None, status: str | None = None) -> QuerySet[Publication]:  # type: ignore[no-untyped-def]
    qs = unit_records_visible_to(user, Publication.objects.select_related("unit", "author"))
    if unit_id:
        qs = qs.filter(unit_id=unit_id)
    if status:
        qs = qs.filter(status=status)
    return qs


def publication_get(user, pk: int) -> Publication:  # type: ignore[no-untyped-def]
    publication = get_object_or_404(Publication.objects.select_related("unit", "checklist_version"), pk=pk)
    access_unit(user, publication.unit)
    return publication


def lexicon_list(*, kind: str | None = None, q: str | None = None) -> QuerySet[LexiconEntry]:
    """The lexicon is not unit data: every signed-in user may read it (authors see why a wording was flagged)."""
    lexicon_ensure()
    qs = LexiconEntry.objects.all()
    if kind:
        qs = qs.filter(kind=kind)
    if q:
        qs = qs.filter(term__icontains=q)
    return qs


@dataclass(frozen=True)
class UncorrectedPublication:
    """A penalty ground (捌、二、(二)): asked to correct by a mechanism, not corrected."""

    unit_id: int
    unit: str
    publication_id: int
    title: str
    requested_by: str
    requested_on: date
    decided_on: date | None
    wrpc_improper: bool
    clause: str = "捌、二、(二)"

    @property
    def summary(self) -> str:
        wrpc = "，經送女委會討論決議確有不妥" if self.wrpc_improper else ""
        return f"「{self.title}」經{self.requested_by}於 {format_date(self.requested_on)} 要求修正卻未修正{wrpc}"


def publications_not_corrected(user, *, year: int, wrpc_improper_only: bool = False) -> list[UncorrectedPublication]:  # type: ignore[no-untyped-def]
    """For the reports helper (penalty ground 捌、二、(二)): correction requests of ROC ``year`` whose outcome was
    未修正, scoped to what ``user`` may read; ``wrpc_improper_only`` keeps those the WRPC found improper."""
    qs = unit_records_visible_to(
        user, CorrectionRequest.objects.select_related("publication__unit"), "publication__unit"
    ).filter(outcome=CorrectionRequest.Outcome.NOT_CORRECTED, requested_on__year=year + 1911)
    if wrpc_improper_only:
        qs = qs.filter(wrpc_improper=True)
    return [
        UncorrectedPublication(
            unit_id=c.publication.unit_id,
            unit=c.publication.unit.short_name,
            publication_id=c.publication_id,
            title=c.publication.title,
            requested_by=c.get_requested_by_display(),
            requested_on=c.requested_on,
            decided_on=c.decided_on,
            wrpc_improper=c.wrpc_improper,
        )
        for c in qs.order_by("requested_on", "id")
    ]


# ---------------------------------------------------------------------------------------------- the reader

_lock = threading.Lock()
_cache: dict[str, object] = {}


def lexicon_ensure() -> None:
    if not LexiconEntry.objects.exists() or not WordClass.objects.exists():
        from .services import publicity_data_sync

        publicity_data_sync()


def meta_current():  # type: ignore[no-untyped-def]
    """The shipped mention rules with the office's word classes (the shipped ones where the office has none)."""
    from dataclasses import replace

    meta = shipped_meta()
    office = {c.name: tuple(c.words) for c in WordClass.objects.all()}
    return replace(meta, classes={**meta.classes, **office})


def word_class_list() -> list[WordClass]:
    lexicon_ensure()
    return list(WordClass.objects.all())


def stance_frame_list() -> tuple[Frame, ...]:
    """The stance frames the reader applies (lexicon file, ``stance``): a rule's match in a sentence that reports,
    quotes, criticises or denies it is shown as advice only (ADR 0008)."""
    return shipped_meta().frames


def stance_turn_list() -> tuple[str, ...]:
    """The turns (但, 不過…) after which the author speaks again: a frame's cue before one no longer counts."""
    return shipped_meta().turns


def current_reader() -> Reader:
    """A reader over the database lexicon (active entries); rebuilt when the office changes an entry."""
    lexicon_ensure()
    state = LexiconEntry.objects.aggregate(n=Count("id"), last=Max("updated_at"), top=Max("id"))
    classes = WordClass.objects.aggregate(n=Count("id"), last=Max("updated_at"))
    key = f"{state['n']}|{state['last']}|{state['top']}|{classes['n']}|{classes['last']}"
    with _lock:
        if _cache.get("key") == key:
            return _cache["reader"]  # type: ignore[return-value]
        entries = [
            Entry(
                term=e.term,
                kind=e.kind,
                item=e.item,
                explanation=e.explanation,
                suggestions=tuple(e.suggestions or ()),
                is_pattern=e.is_pattern,
                require_any=tuple(e.require_any or ()),
                exclude_any=tuple(e.exclude_any or ()),
                window=e.window,
                category=e.category,
                decision=e.decision,
                decision_reason=e.decision_reason,
            )
            for e in LexiconEntry.objects.filter(active=True)
        ]
        reader = Reader(entries, meta_current())
        _cache.update(key=key, reader=reader)
        return reader
