"""Reads of the gender statistics catalogue, scoped by access."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from mainstream import roc
from mainstream.evaluation.engine import Finding
from mainstream.evaluation.presentation import STATUS_LABELS, STATUS_SYMBOLS
from mainstream.evaluation.services import findings_evaluate
from mainstream.plan.selectors import plan_in_force
from mainstream.units.access import access_for, unit_records_visible_to, units_visible_to

from .models import Indicator
from .rules import RULE

ENTRY_STATUSES = {"new": "本期新增", "existing": "既有"}


def window_of(year: int) -> tuple[int, int]:
    """The window of ``year`` (e.g. 109–110, 111–112): the plan in force declares it for every group."""
    return plan_in_force(year).window_of(RULE, None, year)


def indicator_list(  # type: ignore[no-untyped-def]
    user, *, unit_id: int | None = None, year: int | None = None, kind: str = "", status: str = ""
) -> QuerySet[Indicator]:
    """Catalogue entries the user may read. With ``year``: the catalogue as it stood at the end of that year;
    ``status`` new: added in that year's two-year window, existing: added before it."""
    qs = unit_records_visible_to(user, Indicator.objects.select_related("unit", "parent__parent"))
    if unit_id:
        qs = qs.filter(unit_id=unit_id)
    if kind:
        qs = qs.filter(kind=kind)
    if year:
        first, _ = window_of(year)
        qs = qs.filter(added_on__lte=roc.year_end(year))
        if status == "new":
            qs = qs.filter(added_on__gte=roc.year_start(first))
        elif status == "existing":
            qs = qs.filter(added_on__lt=roc.year_start(first))
    return qs.order_by("unit__order", "added_on", "id")


def indicator_get(user, indicator_id: int) -> Indicator:  # type: ignore[no-untyped-def]
    """An entry the user may read (404 for one that does not exist, 403 for another unit's)."""
    indicator = get_object_or_404(Indicator.objects.select_related("unit", "parent__parent"), pk=indicator_id)
    if not access_for(user).can_read_unit(indicator.unit_id):
        raise PermissionDenied("您沒有此機關資料的權限")
    return indicator


@dataclass
class CatalogueRow:
    unit_id: int
    unit: str
    group: str
    indicators: int = 0
    items: int = 0
    subclasses: int = 0
    sex_variable: int = 0
    international: int = 0
    finding: Finding | None = None

    @property
    def status(self) -> str:
        return self.finding.status if self.finding else "not_applicable"

    @property
    def status_label(self) -> str:
        return f"{STATUS_SYMBOLS[self.status]} {STATUS_LABELS[self.status]}"


@dataclass
class Overview:
    year: int
    as_of: date
    window: tuple[int, int]
    rows: list[CatalogueRow] = field(default_factory=list)

    @property
    def due(self) -> list[CatalogueRow]:
        return [r for r in self.rows if r.status in ("unmet", "in_progress")]


def catalogue_overview(  # type: ignore[no-untyped-def]
    user, *, year: int, as_of: date, unit_id: int | None = None, status: str = ""
) -> Overview:
    """Every catalogue the user may read, with its counts and the unit's standing under 伍、三、(二)、2、A."""
    findings = {f.subject: f for f in findings_evaluate(year=year, as_of=as_of, rules=[RULE])}
    units = units_visible_to(user).filter(kind="executing")
    if unit_id:
        units = units.filter(id=unit_id)
    rows = {u.id: CatalogueRow(u.id, u.short_name, u.group.name if u.group else "") for u in units}
    for i in Indicator.objects.filter(unit_id__in=rows, added_on__lte=roc.year_end(year)).only(
        "unit_id", "kind", "sex_variable", "international"
    ):
        row = rows[i.unit_id]
        if i.kind == Indicator.Kind.INDICATOR:
            row.indicators += 1
        elif i.kind == Indicator.Kind.ITEM:
            row.items += 1
        else:
            row.subclasses += 1
        row.sex_variable += i.sex_variable
        row.international += bool(i.international)
    for row in rows.values():
        row.finding = findings.get(row.unit)
    out = [r for r in rows.values() if not status or r.status == status]
    return Overview(year, as_of, window_of(year), out)
