"""Reads of gender impact assessment, scoped by access."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from mainstream import roc
from mainstream.units.access import access_for, unit_records_visible_to

from .models import Assessment, Expert
from .workflow import current_step

STATUSES = {
    "complete": "已完成評估",
    "report_due": "緊急案件：已經性平辦確認，性平小組報告待辦",
    "in_progress": "辦理中",
}


def case_year(case: Assessment) -> int | None:
    """The ROC year a case counts in (its completion), else the year of its latest step."""
    if case.completed_on:
        return roc.roc_year_of(case.completed_on)
    dates = [d for d in (case.adopted_on, case.participation_on, case.form_filled_on, case.gathered_on) if d]
    return roc.roc_year_of(max(dates)) if dates else None


def case_status(case: Assessment) -> str:
    if case.report_due:
        return "report_due"
    return "complete" if case.completed_on else "in_progress"


def assessment_list(
    user,
    *,
    year: int | None = None,
    unit_id: int | None = None,  # type: ignore[no-untyped-def]
    status: str | None = None,
) -> list[Assessment]:
    qs = unit_records_visible_to(user, Assessment.objects.select_related("unit", "expert", "meeting"))
    if unit_id:
        qs = qs.filter(unit_id=unit_id)
    cases = list(qs)
    if year:
        cases = [c for c in cases if case_year(c) == year]
    if status:
        cases = [c for c in cases if case_status(c) == status]
    for c in cases:
        c.year = case_year(c)  # type: ignore[attr-defined]
        c.status = case_status(c)  # type: ignore[attr-defined]
        c.step = current_step(c)  # type: ignore[attr-defined]
    return cases


def assessment_get(user, case_id: int) -> Assessment:  # type: ignore[no-untyped-def]
    """A case the user may read (404 for one that does not exist, 403 for another unit's)."""
    case = get_object_or_404(Assessment.objects.select_related("unit", "expert", "meeting"), pk=case_id)
    if not access_for(user).can_read_unit(case.unit_id):
        raise PermissionDenied("您沒有此機關資料的權限")
    return case


def expert_list(user) -> list[Expert]:  # type: ignore[no-untyped-def]
    """The registry: every signed-in user may read it (units choose experts from it)."""
    if not access_for(user).is_authenticated:
        raise PermissionDenied("請先登入")
    return list(Expert.objects.all())
