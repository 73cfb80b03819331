"""Reads of measures, scoped by access."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from mainstream.units.access import access_for, unit_records_visible_to

from .models import Measure


def measure_list(user, *, year: int | None = None, unit_id: int | None = None) -> QuerySet[Measure]:  # type: ignore[no-untyped-def]
    qs = unit_records_visible_to(user, Measure.objects.select_related("unit"))
    if year:
        qs = qs.filter(year=year)
    if unit_id:
        qs = qs.filter(unit_id=unit_id)
    return qs


def measure_get(user, measure_id: int) -> Measure:  # type: ignore[no-untyped-def]
    """A measure the user may read (404 for one that does not exist, 403 for another unit's)."""
    measure = get_object_or_404(Measure.objects.select_related("unit"), pk=measure_id)
    if not access_for(user).can_read_unit(measure.unit_id):
        raise PermissionDenied("您沒有此機關資料的權限")
    return measure
