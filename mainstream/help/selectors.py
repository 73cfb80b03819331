"""What the help page shows a user: their role's tasks this month, how to read a verdict, whom to ask.

The tasks are read from the verdicts (the open duties of the user's unit or tools); whom to ask comes from the
plan's list of oversight units per tool (參、二) — nothing here is written for one plan period.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import QuerySet

from mainstream.evaluation.presentation import STATUS_LABELS, STATUS_SYMBOLS
from mainstream.evaluation.selectors import cell_findings_get, default_as_of, default_year
from mainstream.mechanism.models import Liaison
from mainstream.plan.selectors import plan_in_force
from mainstream.units.models import Role

ROLE_ORDER = (Role.Kind.ADMIN, Role.Kind.OVERSIGHT, Role.Kind.LIAISON, Role.Kind.AUDITOR)


@dataclass(frozen=True)
class OpenDuty:
    title: str
    status: str
    label: str
    symbol: str
    detail: str
    url: str


@dataclass(frozen=True)
class Contact:
    tool: str
    units: tuple[str, ...]


@dataclass
class Help:
    kind: str  # admin | oversight | liaison | auditor | none
    kind_label: str
    year: int
    as_of_text: str
    unit: str | None = None
    unit_full: str | None = None
    tools: tuple[str, ...] = ()
    open_duties: list[OpenDuty] = field(default_factory=list)
    contacts: list[Contact] = field(default_factory=list)
    liaisons: QuerySet | list = field(default_factory=list)
    statuses: list[tuple[str, str, str]] = field(default_factory=list)


def _main_role(user) -> Role | None:  # type: ignore[no-untyped-def]
    roles = list(Role.objects.filter(user=user).select_related("unit"))
    for kind in ROLE_ORDER:
        for role in roles:
            if role.kind == kind:
                return role
    return None


def help_get(user) -> Help:  # type: ignore[no-untyped-def]
    """The help page of ``user``'s main role (the widest one they hold)."""
    from mainstream import roc

    year, as_of = default_year(), default_as_of()
    plan = plan_in_force(year)
    role = _main_role(user)
    kind = role.kind if role else ("admin" if user.is_superuser else "none")
    label = role.get_kind_display() if role else ("性平辦管理者" if user.is_superuser else "尚未設定角色")
    page = Help(kind=str(kind), kind_label=label, year=year, as_of_text=roc.format_date(as_of))
    page.statuses = [(s, STATUS_LABELS[s], STATUS_SYMBOLS[s]) for s in STATUS_LABELS]
    office = plan.office.full
    page.contacts = [
        Contact(
            tool=tool.name,
            units=tuple(
                (plan.unit_by_name(short).full if plan.unit_by_name(short) else short)  # type: ignore[union-attr]
                for short in plan.oversight.get(tool.code, ())
            )
            or (office,),
        )
        for tool in plan.tools
    ]
    if role is not None and role.unit is not None and kind == Role.Kind.LIAISON:
        page.unit, page.unit_full = role.unit.short_name, str(role.unit)
        findings = cell_findings_get(user, year=year, unit=role.unit.short_name, tool=None, as_of=as_of)
        page.open_duties = [_open(plan, f, year) for f in findings if f.status in ("unmet", "in_progress")]
        page.liaisons = Liaison.objects.filter(unit=role.unit, left__isnull=True).order_by("role", "name")
    if role is not None and kind == Role.Kind.OVERSIGHT:
        page.tools = tuple(plan.tool(t).name for t in (role.tools or []) if t in {x.code for x in plan.tools})
    return page


def _open(plan, f, year: int) -> OpenDuty:  # type: ignore[no-untyped-def]
    duty = plan.duties.get(f.rule)
    unit = f.units[0] if f.units else ""
    return OpenDuty(
        title=duty.title if duty else plan.tool(f.tool).name,
        status=f.status,
        label=STATUS_LABELS[f.status],
        symbol=STATUS_SYMBOLS[f.status],
        detail=f.detail,
        url=f"/scorecard/{unit}/{f.tool}/?year={year}",
    )
