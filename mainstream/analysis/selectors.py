"""Reads of gender analysis, scoped by access."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404

from mainstream.units.access import access_for

from .models import Analysis, CrossAnalysis


def analysis_list(
    user,
    *,
    year: int | None = None,
    unit_id: int | None = None,  # type: ignore[no-untyped-def]
    status: str | None = None,
) -> QuerySet[Analysis]:
    qs = Analysis.objects.select_related("unit", "meeting")
    access = access_for(user)
    if not access.read_all:
        qs = qs.filter(_readable(access)).distinct()
    if year:
        qs = qs.filter(year=year)
    if unit_id:
        qs = qs.filter(unit_id=unit_id)
    if status == "excluded":
        qs = qs.filter(descriptive_only=True)
    elif status == "reported":
        qs = qs.filter(descriptive_only=False, reported_on__isnull=False)
    elif status == "pending":
        qs = qs.filter(descriptive_only=False, reported_on__isnull=True)
    return qs


def analysis_get(user, analysis_id: int) -> Analysis:  # type: ignore[no-untyped-def]
    """A report the user may read (404 for one that does not exist, 403 for another unit's)."""
    analysis = get_object_or_404(
        Analysis.objects.select_related("unit", "meeting", "descriptive_marked_by"), pk=analysis_id
    )
    access = access_for(user)
    if not access.read_all and not Analysis.objects.filter(_readable(access), pk=analysis.pk).exists():
        raise PermissionDenied("您沒有此機關資料的權限")
    return analysis


def _readable(access) -> Q:  # type: ignore[no-untyped-def]
    """A unit's own analyses, and the group's joint ones: those reported to a meeting of a task force the reader's
    unit belongs to (a composite group's partner reads them, docs/access.md; writing stays with the owning unit)."""
    return Q(unit__in=access.read_units) | Q(meeting__taskforce__units__in=access.read_units)


def cross_analysis_list(user, *, year: int | None = None) -> QuerySet[CrossAnalysis]:  # type: ignore[no-untyped-def]
    """主計處's cross-cutting analyses: all for readers of every unit, else those sent to the user's units."""
    access = access_for(user)
    qs = CrossAnalysis.objects.prefetch_related("units", "uses__unit")
    if not access.read_all:
        qs = qs.filter(Q(units__in=access.read_units)).distinct()
    if year:
        qs = qs.filter(year=year)
    return qs


def cross_analysis_get(user, cross_id: int) -> CrossAnalysis:  # type: ignore[no-untyped-def]
    cross = get_object_or_404(CrossAnalysis.objects.prefetch_related("units", "uses__unit"), pk=cross_id)
    access = access_for(user)
    if not access.read_all and not any(u.id in access.read_units for u in cross.units.all()):
        raise PermissionDenied("此分析未送請您的機關")
    return cross
