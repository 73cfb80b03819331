"""Reads of follow-up: when each duty is due, the duties of the units a user may see as rows people filter, sort
and export (the scorecard's list, the unit to-do page, reminders, calendar feeds), and the reminders sent.

A duty is due on the last day of its window (伍 and the duty table: 每年, 每 2 年…) unless the office set an earlier
deadline for that year and duty (``Deadline``). The verdicts come from the stored findings
(``evaluation.stored.findings_stored``), the one source every page reads.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date

from mainstream import roc
from mainstream.evaluation.engine import Finding
from mainstream.evaluation.presentation import STATUS_LABELS, STATUS_ORDER, STATUS_SYMBOLS
from mainstream.figures import figure_text
from mainstream.plan.model import Plan
from mainstream.plan.selectors import plan_in_force

OPEN = ("unmet", "in_progress")
# the status filter: a verdict, "open" (unmet or in progress) or "due_soon" (in progress, due within N days)
STATUS_FILTERS = {
    "unmet": "未達成",
    "in_progress": "進行中",
    "due_soon": "即將到期",
    "open": "未達成及進行中",
    "met": "達成",
    "filed": "已備查",
    "not_applicable": "不適用",
}
SORTS = ("due", "unit", "group", "tool", "duty", "status")


def followup_settings():  # type: ignore[no-untyped-def]
    """The office's follow-up settings (defaults until the office saves its own)."""
    from .models import FollowupSettings

    found = FollowupSettings.objects.order_by("id").first()
    return found or FollowupSettings(due_soon_days=30, reminder_days=[14, 3])


def deadlines_of_year(year: int) -> dict[str, date]:
    """rule → the deadline the office set for ``year``."""
    from .models import Deadline

    return dict(Deadline.objects.filter(year=year).values_list("rule", "due"))


def due_date(plan: Plan, year: int, rule: str, group: str | None, deadlines: dict[str, date] | None = None) -> date:
    """When a duty of ``year`` is due: the office's deadline, else the last day of the duty's window."""
    if deadlines and rule in deadlines:
        return deadlines[rule]
    if rule not in plan.duties:
        return roc.year_end(year)
    return window_end(plan, rule, group, year)


def when_text(status: str, due: date, as_of: date) -> str:
    """How far the due date is, for open duties: 尚有 12 日 / 今日到期 / 已逾期 3 日 (nothing for the others)."""
    if status not in OPEN:
        return ""
    days = (due - as_of).days
    if days > 0:
        return f"尚有 {days} 日"
    if days == 0:
        return "今日到期"
    return f"已逾期 {-days} 日"


def window_end(plan: Plan, rule: str, group: str | None, year: int) -> date:
    """The last day of the duty's window that holds ``year`` (for ``group``)."""
    _, last = plan.window_of(rule, group, year)
    return roc.year_end(last)


@dataclass(frozen=True)
class DutyRow:
    """One duty of one unit in a year as people follow it up."""

    finding: Finding
    unit: str
    unit_full: str
    unit_order: int
    group: str
    group_name: str
    tool: str
    tool_name: str
    tool_order: int
    title: str
    duty_order: int
    due: date
    as_of: date

    @property
    def status(self) -> str:
        return self.finding.status

    @property
    def label(self) -> str:
        return STATUS_LABELS[self.status]

    @property
    def symbol(self) -> str:
        return STATUS_SYMBOLS[self.status]

    @property
    def is_open(self) -> bool:
        return self.status in OPEN

    @property
    def days_left(self) -> int:
        return (self.due - self.as_of).days

    @property
    def due_text(self) -> str:
        return roc.format_date(self.due)

    @property
    def when_text(self) -> str:
        return when_text(self.status, self.due, self.as_of)

    @property
    def figures(self) -> str:
        f = self.finding
        if f.actual is None or f.required is None:
            return ""
        return f"{figure_text(f.actual)}／{figure_text(f.required)}"


@dataclass(frozen=True)
class DutyFilter:
    """What the office narrows the year's duties to (every field optional)."""

    status: str = ""
    group: str = ""
    tool: str = ""
    unit: str = ""
    soon_days: int = 30
    sort: str = "due"

    @property
    def active(self) -> bool:
        return bool(self.status or self.group or self.tool or self.unit)

    def keeps(self, row: DutyRow, *, status: bool = True) -> bool:
        if self.group and row.group != self.group:
            return False
        if self.tool and row.tool != self.tool:
            return False
        if self.unit and row.unit != self.unit:
            return False
        return not status or self.keeps_status(row)

    def keeps_status(self, row: DutyRow) -> bool:
        if not self.status:
            return True
        if self.status == "open":
            return row.is_open
        if self.status == "due_soon":
            return row.status == "in_progress" and 0 <= row.days_left <= self.soon_days
        return row.status == self.status

    def as_query(self) -> dict[str, str]:
        out = {"status": self.status, "group": self.group, "tool": self.tool, "unit": self.unit}
        out["soon"] = str(self.soon_days)
        return {k: v for k, v in out.items() if v}


def duty_filter_from(params, default_soon: int) -> DutyFilter:  # type: ignore[no-untyped-def]
    """A filter from query parameters; unknown values are ignored (an empty filter shows everything)."""
    status = params.get("status", "")
    soon = params.get("soon", "")
    sort = params.get("sort", "due")
    return DutyFilter(
        status=status if status in STATUS_FILTERS else "",
        group=params.get("group", "")[:8],
        tool=params.get("tool", "")[:40],
        unit=params.get("unit", "")[:40],
        soon_days=min(int(soon), 3660) if soon.isdigit() else default_soon,
        sort=sort if sort.lstrip("-") in SORTS else "due",
    )


def _sort_key(name: str):  # type: ignore[no-untyped-def]
    status_order = {s: i for i, s in enumerate(STATUS_ORDER)}
    keys = {
        "due": lambda r: (r.due, r.unit_order, r.tool_order, r.duty_order),
        "unit": lambda r: (r.unit_order, r.tool_order, r.duty_order),
        "group": lambda r: (r.group, r.unit_order, r.tool_order, r.duty_order),
        "tool": lambda r: (r.tool_order, r.duty_order, r.unit_order),
        "duty": lambda r: (r.tool_order, r.duty_order, r.unit_order),
        "status": lambda r: (status_order.get(r.status, 9), r.due, r.unit_order, r.duty_order),
    }
    return keys[name]


def duty_rows_sort(rows: list[DutyRow], sort: str) -> list[DutyRow]:
    name = sort.lstrip("-")
    return sorted(rows, key=_sort_key(name if name in SORTS else "due"), reverse=sort.startswith("-"))


def duty_rows(user, *, year: int, as_of: date, unit: str | None = None) -> list[DutyRow]:  # type: ignore[no-untyped-def]
    """Every duty of every unit ``user`` may see (None: the system, every unit; one unit's with ``unit``): one row
    per unit and finding (a finding of a whole group or task force appears once for each of its units)."""
    from mainstream.evaluation.stored import findings_stored
    from mainstream.units.access import units_visible_to

    plan = plan_in_force(year)
    specs = {u.short: (i, u) for i, u in enumerate(plan.executing_units())}
    visible = set(specs) if user is None else {u.short_name for u in units_visible_to(user)}
    if unit is not None and unit not in visible:
        return []
    deadlines = deadlines_of_year(year)
    tool_order = {t.code: i for i, t in enumerate(plan.tools)}
    duty_order = {d: i for i, d in enumerate(plan.duties)}
    rows = []
    for f in findings_stored(year=year, as_of=as_of, unit=unit):
        if f.subject_type == "government":
            continue
        duty = plan.duties.get(f.rule)
        title = duty.title if duty else f.rule
        for short in f.units:
            if short not in visible or (unit is not None and short != unit) or short not in specs:
                continue
            order, spec = specs[short]
            group = spec.group
            rows.append(
                DutyRow(
                    finding=f,
                    unit=short,
                    unit_full=spec.full,
                    unit_order=order,
                    group=group,
                    group_name=plan.groups[group].name if group in plan.groups else group,
                    tool=f.tool,
                    tool_name=plan.tool(f.tool).name,
                    tool_order=tool_order.get(f.tool, 99),
                    title=title,
                    duty_order=duty_order.get(f.rule, 999),
                    due=due_date(plan, year, f.rule, f.group or group, deadlines),
                    as_of=as_of,
                )
            )
    return rows


@dataclass(frozen=True)
class ToolTotals:
    code: str
    name: str
    counts: dict[str, int]

    @property
    def total(self) -> int:
        return sum(self.counts.values())


@dataclass
class Totals:
    """Counts of the rows by tool and status (the city totals beside the chart)."""

    statuses: list[tuple[str, str, str]]  # code, label, symbol (the columns)
    by_tool: list[ToolTotals] = field(default_factory=list)
    total: dict[str, int] = field(default_factory=dict)

    @property
    def rows(self) -> int:
        return sum(self.total.values())

    def table(self) -> list[tuple[str, list[int], int]]:
        """(tool name, counts in the order of ``statuses``, total) per tool: what the page's table shows."""
        return [(t.name, [t.counts.get(s, 0) for s, _, _ in self.statuses], t.total) for t in self.by_tool]

    def total_row(self) -> list[int]:
        return [self.total.get(s, 0) for s, _, _ in self.statuses]


def totals_of(rows: list[DutyRow], plan: Plan) -> Totals:
    statuses = ["met", "filed", "in_progress", "unmet", "not_applicable"]
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    for r in rows:
        counts[r.tool][r.status] += 1
    out = Totals([(s, STATUS_LABELS[s], STATUS_SYMBOLS[s]) for s in statuses])
    for t in plan.tools:
        if t.code in counts:
            out.by_tool.append(ToolTotals(t.code, t.name, {s: counts[t.code][s] for s in statuses}))
    out.total = {s: sum(c[s] for c in counts.values()) for s in statuses}
    return out


def totals_chart(totals: Totals, *, width: int = 560, bar: int = 22, gap: int = 10, label_width: int = 130) -> dict:
    """Geometry of a horizontal stacked bar per tool (an SVG the template draws; the table beside it holds the
    same numbers as text). Each bar's length is the tool's rows; segments by status, patterned as well as coloured
    (colour is never the only cue: each segment is labelled with its count when it is wide enough)."""
    longest = max((t.total for t in totals.by_tool), default=0) or 1
    scale = (width - label_width - 40) / longest
    bars = []
    for i, tool in enumerate(totals.by_tool):
        code, name, counts = tool.code, tool.name, tool.counts
        y = i * (bar + gap)
        x = label_width
        segments = []
        for status, label, symbol in totals.statuses:
            n = counts.get(status, 0)
            if not n:
                continue
            w = n * scale
            segments.append(
                {
                    "status": status,
                    "x": round(x, 1),
                    "tx": round(x + 4, 1),
                    "w": round(w, 1),
                    "n": n,
                    "label": label,
                    "symbol": symbol,
                }
            )
            x += w
        bars.append(
            {
                "code": code,
                "name": name,
                "y": y,
                "ty": y + bar * 0.7,
                "segments": segments,
                "total": sum(counts.values()),
                "end": round(x + 4, 1),
            }
        )
    height = max(1, len(bars)) * (bar + gap)
    return {"width": width, "height": height, "bar": bar, "bars": bars, "label_width": label_width}


def scorecard_narrow(card, filters: DutyFilter, shown: list[DutyRow]):  # type: ignore[no-untyped-def]
    """The scorecard grid narrowed as the list is: the filtered group, unit and tool; with a status filter only
    the units that have a duty in it. The card is changed in place and returned."""
    if not filters.active:
        return card
    units = {r.unit for r in shown}
    if filters.tool:
        keep = [i for i, (code, _) in enumerate(card.tools) if code == filters.tool]
        card.tools = [card.tools[i] for i in keep]
        for g in card.groups:
            for row in g.rows:
                row.cells = [row.cells[i] for i in keep]
    groups = []
    for g in card.groups:
        if filters.group and g.code != filters.group:
            continue
        g.rows = [row for row in g.rows if row.unit in units]
        if g.rows:
            groups.append(g)
    card.groups = groups
    return card


# -- reminders sent --------------------------------------------------------------------------------
@dataclass(frozen=True)
class ReminderView:
    """A reminder with who of the unit's liaisons has read it (the liaison circle's receipts)."""

    reminder: object
    items: list
    read: list[tuple[str, object]]  # (liaison name, read at)
    unread: list[str]


def reminder_list(user, *, unit: str = ""):  # type: ignore[no-untyped-def]
    """Reminders sent, newest first: all for the office and those who read every unit; a liaison, its unit's."""
    from mainstream.units.access import unit_records_visible_to

    from .models import Reminder

    qs = Reminder.objects.select_related("unit", "sent_by", "notice").prefetch_related("items", "notice__receipts")
    qs = unit_records_visible_to(user, qs).order_by("-sent_at", "unit__order")
    if unit:
        qs = qs.filter(unit__short_name=unit)
    return qs


def reminder_batch_get(user, batch: str) -> list[ReminderView]:  # type: ignore[no-untyped-def]
    """The reminders of one sending the user may see, each with its liaisons' read receipts; 404 if none."""
    from django.http import Http404

    from mainstream.units.models import Role

    out = []
    for r in reminder_list(user).filter(batch=batch[:32]):
        receipts = {x.user_id: x.read_at for x in r.notice.receipts.all()} if r.notice else {}
        read, unread = [], []
        for role in Role.objects.filter(kind=Role.Kind.LIAISON, unit=r.unit).select_related("user"):
            name = role.user.get_full_name() or role.user.username
            if role.user_id in receipts:
                read.append((name, receipts[role.user_id]))
            else:
                unread.append(name)
        out.append(ReminderView(r, list(r.items.all()), read, unread))
    if not out:
        raise Http404("查無此催辦紀錄")
    return out
