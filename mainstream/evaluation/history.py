"""Verdicts over time (issue 13, item 2): read from the findings stored per day (``models.FindingSet``).

A day's verdicts are the findings stored for that as-of day (kept current until the day ends: a write that day
makes them stale and the next read recomputes them). ``verdict_changes`` compares two days: newly met, newly late;
``unit_progress`` gives a unit's duties met on each stored day of the year.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from mainstream.units.access import units_visible_to

DONE = ("met", "filed")


@dataclass(frozen=True)
class Change:
    rule: str
    subject: str
    units: tuple[str, ...]
    before: str | None  # None: no verdict stored for it on the earlier day
    after: str

    @property
    def kind(self) -> str:
        if self.after in DONE and self.before not in DONE:
            return "newly_met"
        if self.after == "unmet" and self.before != "unmet":
            return "newly_late"
        return "other"


@dataclass(frozen=True)
class ProgressPoint:
    day: date
    met: int
    judged: int


def verdicts_on(*, year: int, day: date) -> dict[tuple[str, str], tuple[str, tuple[str, ...]]]:
    """(rule, subject) → (status, units) as stored for ``day`` (the newest plan version stored for that day)."""
    from .models import FindingSet, StoredFinding

    sets = FindingSet.objects.filter(year=year, as_of=day)
    newest = sets.order_by("-plan_version").values_list("plan_code", "plan_version").first()
    if newest is None:
        return {}
    rows = StoredFinding.objects.filter(set__in=sets.filter(plan_code=newest[0], plan_version=newest[1]))
    return {(r, s): (st, tuple(u)) for r, s, st, u in rows.values_list("rule", "subject", "status", "units")}


def stored_days(*, year: int) -> list[date]:
    from .models import FindingSet

    return sorted(set(FindingSet.objects.filter(year=year).values_list("as_of", flat=True)))


def verdict_changes(user, *, year: int, since: date, until: date) -> list[Change]:  # type: ignore[no-untyped-def]
    """What changed between the verdicts stored for ``since`` (or the last stored day before it) and ``until``,
    for the units ``user`` may see: newly met and newly late first."""
    days = [d for d in stored_days(year=year) if d <= since]
    before = verdicts_on(year=year, day=days[-1]) if days else {}
    after = verdicts_on(year=year, day=until)
    visible = {u.short_name for u in units_visible_to(user)}
    changes = []
    for key, (status, units) in after.items():
        old = before.get(key, (None, ()))[0]
        if old == status or (units and not visible.intersection(units)):
            continue
        changes.append(Change(key[0], key[1], units, old, status))
    order = {"newly_late": 0, "newly_met": 1, "other": 2}
    return sorted(changes, key=lambda c: (order[c.kind], c.subject, c.rule))


def unit_progress(*, year: int, unit: str) -> list[ProgressPoint]:
    """Duties of ``unit`` met (or filed) out of those judged, on each day verdicts were stored for the year."""
    points = []
    for day in stored_days(year=year):
        mine = [st for st, units in verdicts_on(year=year, day=day).values() if unit in units]
        judged = [st for st in mine if st != "not_applicable"]
        if judged:
            points.append(ProgressPoint(day, sum(st in DONE for st in judged), len(judged)))
    return points
