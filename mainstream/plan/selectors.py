"""Reads of the stored plans: which plan judges a year, the versions, the years any plan covers.

Every reader of the plan asks ``plan_in_force(year)`` for the year it is about. A stored version is parsed once per
process and kept by (plan id, version, checksum), so adding a plan never changes what an earlier version returns.
While no plan is stored (a fresh database before ``mainstream setup``), the bundled file is the only plan.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from django.http import Http404

from .loader import DEFAULT_PLAN, PlanError, bundled_plan, parse_plan
from .model import Plan


class YearNotCovered(PlanError, Http404):
    """No plan covers the year. Pages show the message (as a 404 page); ``evaluate`` exits 2 with it."""

    def __init__(self, year: int, periods: list[str]):
        known = "、".join(periods) if periods else "（尚未載入任何計畫）"
        super().__init__(f"{year} 年不在任何計畫的期間內，無法依計畫考核。已知計畫期間：{known}")
        self.year = year
        self.periods = periods


@dataclass(frozen=True)
class VersionRow:
    pk: int
    plan_id: str
    version: int
    title: str
    start: int
    end: int
    effective_from: int
    amends: str
    sha256: str
    added_at: Any = None  # filled by plan_version_list
    added_by: str = ""

    @property
    def ref(self) -> str:
        return f"{self.plan_id}@{self.version}"

    @property
    def period(self) -> str:
        return f"{self.start}–{self.end}"


_parsed: dict[tuple[str, int, str], Plan] = {}


def plan_version_rows() -> list[VersionRow]:
    """Every stored version, in the order added (one small query)."""
    from .models import PlanVersion

    fields = ("pk", "plan_id", "version", "title", "start", "end", "effective_from", "amends", "sha256")
    return [VersionRow(*row) for row in PlanVersion.objects.order_by("pk").values_list(*fields)]


def plan_of(row: VersionRow) -> Plan:
    """The parsed plan of a stored version (parsed once per process)."""
    key = (row.plan_id, row.version, row.sha256)
    if key not in _parsed:
        from .models import PlanVersion

        text, source = PlanVersion.objects.filter(pk=row.pk).values_list("text", "source").get()
        plan = replace(parse_plan(text, source=source or row.ref), version=row.version)
        _parsed[key] = with_code_defaults(plan)
    return _parsed[key]


def with_code_defaults(plan: Plan) -> Plan:
    """A file stored before a release whose code reads a new parameter lacks it: the duty takes the bundled file's
    parameter (logged; ``plan add`` refuses such a file, docs/adr/0007), so that its years can still be judged."""
    import logging

    code = bundled_plan()
    duties = dict(plan.duties)
    taken = []
    for duty_id, duty in plan.duties.items():
        known = code.duties.get(duty_id)
        missing = {n: p for n, p in (known.params if known else {}).items() if n not in duty.params}
        if missing:
            duties[duty_id] = replace(duty, params={**duty.params, **missing})
            taken += [f"{duty_id}.{n}" for n in missing]
    # the training sections (staff classes, aliases, course words) came with a later release: taken as well
    sections = ("staff_classes", "staff_category_aliases", "course_forms", "course_levels", "course_modes")
    lacking = [name for name in sections if not getattr(plan, name) and getattr(code, name)]
    if not taken and not lacking and (plan.staff_categories or not code.staff_categories):
        return plan
    logging.getLogger("mainstream.plan").warning(
        "計畫 %s 第 %s 版缺少參數，依隨附計畫檔：%s", plan.id, plan.version, taken + lacking
    )
    return replace(
        plan,
        duties=duties,
        staff_categories=plan.staff_categories or code.staff_categories,
        compilations=plan.compilations or code.compilations,
        **{name: getattr(code, name) for name in lacking},
    )


def _periods(rows: list[VersionRow]) -> list[str]:
    """'109-112（109–112 年）' per plan id, its latest version's period."""
    latest: dict[str, VersionRow] = {}
    for row in rows:
        latest[row.plan_id] = row
    return [f"{r.plan_id}（{r.period} 年）" for r in sorted(latest.values(), key=lambda r: (r.start, r.end))]


def plan_in_force(year: int) -> Plan:
    """The plan that judges ``year``: of the stored versions whose period covers it and that are in effect by then,
    the one added last (an amendment or a new version takes over from its ``effective_from``).
    Raises :class:`YearNotCovered` naming the year and the known periods."""
    rows = plan_version_rows()
    if not rows:
        plan = bundled_plan()
        if plan.covers(year):
            return plan
        raise YearNotCovered(year, [f"{plan.id}（{plan.period} 年）"])
    candidates = [r for r in rows if r.start <= year <= r.end and r.effective_from <= year]
    if not candidates:
        raise YearNotCovered(year, _periods(rows))
    return plan_of(candidates[-1])


def plan_years() -> list[int]:
    """Every year some plan covers, ascending (the year menus of the pages)."""
    rows = plan_version_rows()
    if not rows:
        return list(bundled_plan().years())
    return sorted({y for r in rows for y in range(r.start, r.end + 1)})


def plan_year_default() -> int:
    """The year pages open on: the as-of date's year (MAINSTREAM_AS_OF or today), kept within the known years."""
    from mainstream.evaluation.selectors import default_as_of
    from mainstream.roc import roc_year_of

    years = plan_years()
    year = roc_year_of(default_as_of())
    earlier = [y for y in years if y <= year]
    return earlier[-1] if earlier else years[0]


def plan_periods_text() -> str:
    """'109–112、113–116': the periods of the known plans, for messages."""
    rows = plan_version_rows()
    if not rows:
        return bundled_plan().period
    spans = sorted({(r.start, r.end) for r in rows})
    return "、".join(f"{a}–{b}" for a, b in spans)


def plan_year_problem(year: int) -> str | None:
    """None if a plan covers ``year``; else the message imports give for a row of that year."""
    if year in plan_years():
        return None
    return f"{year} 年不在任何計畫期間內（計畫期間：{plan_periods_text()} 年）"


def plan_in_force_default() -> Plan:
    """The plan of :func:`plan_year_default` (for what is not about one year: the page footer)."""
    return plan_in_force(plan_year_default())


def plans_stored() -> list[Plan]:
    """Every stored version's plan, in the order they take effect (the bundled plan while none is stored)."""
    rows = plan_version_rows()
    if not rows:
        return [bundled_plan()]
    return [plan_of(r) for r in sorted(rows, key=lambda r: (r.effective_from, r.pk))]


def plan_text(plan: Plan) -> tuple[str, str]:
    """(file name, text) of the stored file a plan was read from (the bundled file while none is stored), for the
    sections other apps read themselves (reports.rewards reads `rewards:`)."""
    from .models import PlanVersion

    row = PlanVersion.objects.filter(plan_id=plan.id, version=plan.version).values_list("source", "text").first()
    return (row[0] or plan.id, row[1]) if row is not None else bundled_source()


def plan_version_get(ref: str) -> VersionRow | None:
    """A version by '109-112@2', or a plan's latest version by '109-112'."""
    rows = plan_version_rows()
    plan_id, _, version = ref.strip().partition("@")
    matching = [r for r in rows if r.plan_id == plan_id and (not version or str(r.version) == version)]
    return matching[-1] if matching else None


def plan_version_list() -> list[VersionRow]:
    """Every stored version, grouped by plan (plans by their start year), versions in order (with who added it)."""
    from .models import PlanVersion

    added = {
        pk: (at, by or "系統") for pk, at, by in PlanVersion.objects.values_list("pk", "added_at", "added_by__username")
    }
    rows = [replace(r, added_at=added[r.pk][0], added_by=added[r.pk][1]) for r in plan_version_rows()]
    first: dict[str, tuple[int, int]] = {}
    for row in rows:
        first.setdefault(row.plan_id, (row.start, row.pk))
    return sorted(rows, key=lambda r: (first[r.plan_id], r.version))


def bundled_source() -> tuple[str, str]:
    """(file name, text) of the bundled plan file."""
    return DEFAULT_PLAN.name, DEFAULT_PLAN.read_text(encoding="utf-8")
