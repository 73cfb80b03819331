"""Scorecard pages. Views adapt the request to one selector; scoping happens in the selectors."""

from __future__ import annotations

import hashlib
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.http import Http404
from django.shortcuts import redirect, render
from django.template.loader import render_to_string

from mainstream import roc
from mainstream.plan.selectors import plan_in_force, plan_years
from mainstream.units.access import access_for, units_visible_to
from mainstream.units.selectors import unit_get

from .presentation import STATUS_LABELS, STATUS_SYMBOLS
from .selectors import cell_findings_get, default_as_of, default_year, scorecard_get


def home(request):  # type: ignore[no-untyped-def]
    return redirect("evaluation:scorecard")


def _year_and_as_of(request):  # type: ignore[no-untyped-def]
    """The year asked for (a year no plan covers raises YearNotCovered: the page says so) and the as-of date."""
    try:
        year = roc.parse_year(request.GET["year"]) if request.GET.get("year") else default_year()
    except ValueError:
        year = default_year()
    plan_in_force(year)
    try:
        as_of = roc.parse_date(request.GET["as_of"]) if request.GET.get("as_of") else default_as_of()
    except ValueError:
        as_of = default_as_of()
    return year, as_of


SORT_COLUMNS = [
    ("group", "群組"),
    ("unit", "機關"),
    ("tool", "工具"),
    ("duty", "應辦事項"),
    ("status", "狀態"),
    ("due", "期限"),
]


@login_required
def scorecard(request):  # type: ignore[no-untyped-def]
    """The grid of verdicts, narrowed by status, group, tool and unit, with the list of those duties by due date
    (sortable, paginated), the city totals beside a chart, and the same list as ODS/XLSX (``?format=``)."""
    from mainstream.followup import selectors as followup
    from mainstream.imports.template_files import export_format

    year, as_of = _year_and_as_of(request)
    fmt = export_format(request)
    key = _page_key(request, year, as_of)
    body = None if fmt else cache.get(key)
    if body is None:
        plan = plan_in_force(year)
        filters = followup.duty_filter_from(request.GET, followup.followup_settings().due_soon_days)
        rows = followup.duty_rows(request.user, year=year, as_of=as_of)
        in_scope = [r for r in rows if filters.keeps(r, status=False)]
        shown = followup.duty_rows_sort([r for r in in_scope if filters.keeps_status(r)], filters.sort)
        totals = followup.totals_of(in_scope, plan)
        if fmt:
            return _scorecard_export(fmt, year, as_of, filters, shown, totals)
        context = _scorecard_body(request, year, as_of, plan, filters, shown, totals)
        body = render_to_string("evaluation/_scorecard_body.html", context, request=request)
        cache.set(key, body, SCORECARD_CACHE_SECONDS)
    return render(request, "evaluation/scorecard.html", {"body": body, "year": year})


SCORECARD_CACHE_SECONDS = 600


def _page_key(request, year: int, as_of) -> str:  # type: ignore[no-untyped-def]
    """The body of a verdict page (the scorecard, a unit's to-do list) depends only on these: the page and its query, the stored verdicts' versions (every committed write to a tool
    moves its version, staleness.py), the plan, the office's deadlines and follow-up settings, what the user may
    see, and the query. A write therefore changes the key: the page never shows a verdict older than it."""
    from mainstream.evaluation.models import ToolMark
    from mainstream.followup.selectors import deadlines_of_year, followup_settings

    plan = plan_in_force(year)
    access = access_for(request.user)
    parts = (
        year,
        as_of.isoformat(),
        plan.id,
        plan.version,
        tuple(sorted(units_visible_to(request.user).values_list("id", flat=True))),
        access.is_admin,
        request.path,
        tuple(sorted((k, tuple(request.GET.getlist(k))) for k in request.GET if k != "format")),
        tuple(sorted((t, v, c.isoformat()) for t, v, c in ToolMark.objects.values_list("tool", "version", "changed"))),
        followup_settings().due_soon_days,
        tuple(sorted((k, v.isoformat()) for k, v in deadlines_of_year(year).items())),
    )
    return "verdict-page:" + hashlib.sha256(repr(parts).encode()).hexdigest()


def _scorecard_body(request, year, as_of, plan, filters, shown, totals) -> dict:  # type: ignore[no-untyped-def]
    from mainstream.followup import selectors as followup
    from mainstream.listing import listing_of

    card = followup.scorecard_narrow(scorecard_get(request.user, year=year, as_of=as_of), filters, shown)
    listing = listing_of(request, shown, sort=filters.sort)
    query = {"year": str(year), "as_of": roc.format_date(as_of), **filters.as_query()}
    visible = {u.short_name for u in units_visible_to(request.user)}
    return {
        "card": card,
        "years": plan_years(),
        "as_of_text": roc.format_date(as_of),
        "legend": [(s, STATUS_LABELS[s], STATUS_SYMBOLS[s]) for s in STATUS_LABELS],
        "government": _explain(card.government) if not filters.active else [],
        "filters": filters,
        "status_choices": followup.STATUS_FILTERS.items(),
        "group_choices": [(c, g.name) for c, g in plan.groups.items()],
        "tool_choices": [(t.code, t.name) for t in plan.tools],
        "unit_choices": [(u.short, u.short) for u in plan.executing_units() if u.short in visible],
        "listing": listing,
        "sorts": listing.sort_links(SORT_COLUMNS),
        "totals": totals,
        "chart": followup.totals_chart(totals),
        "query": urlencode(query),
        "open_shown": sum(r.is_open for r in shown),
        "can_remind": access_for(request.user).is_admin,
    }


def _scorecard_export(fmt: str, year: int, as_of, filters, shown, totals):  # type: ignore[no-untyped-def]
    """What the page shows, as a spreadsheet: the duties (every page of them) and the totals."""
    from mainstream.followup.exports import scorecard_sheets
    from mainstream.spreadsheets import spreadsheet_stream

    sheets = scorecard_sheets(year, as_of, filters, shown, totals)
    # ROC dates in the name too: scorecard-110-1110110 (考核基準日 111/01/10)
    name = f"scorecard-{year}-{roc.format_date(as_of).replace('/', '')}"
    return spreadsheet_stream(sheets, fmt=fmt, filename=name)


@login_required
def cell(request, unit: str, tool: str):  # type: ignore[no-untyped-def]
    year, as_of = _year_and_as_of(request)
    plan = plan_in_force(year)
    found = _visible_unit(request.user, unit)
    if tool not in {t.code for t in plan.tools}:
        raise Http404("查無此工具")
    findings = cell_findings_get(request.user, year=year, unit=found.short_name, tool=tool, as_of=as_of)
    return render(
        request,
        "evaluation/cell.html",
        {
            "unit": found,
            "tool": plan.tool(tool),
            "year": year,
            "as_of_text": roc.format_date(as_of),
            "items": _explain(findings),
        },
    )


@login_required
def unit_todo(request, unit: str):  # type: ignore[no-untyped-def]
    """What a unit still has to do this year (unmet and in progress first)."""
    year, as_of = _year_and_as_of(request)
    found = _visible_unit(request.user, unit)
    key = _page_key(request, year, as_of)
    body = cache.get(key)
    if body is None:
        findings = cell_findings_get(request.user, year=year, unit=found.short_name, tool=None, as_of=as_of)
        open_items = sorted(_explain([f for f in findings if f.status in ("unmet", "in_progress")], as_of), key=_by_due)
        done = [f for f in findings if f.status not in ("unmet", "in_progress")]
        context = {
            "unit": found,
            "year": year,
            "years": plan_years(),
            "as_of_text": roc.format_date(as_of),
            "open_items": open_items,
            "done": _explain(done),
        }
        body = render_to_string("evaluation/_unit_body.html", context, request=request)
        cache.set(key, body, SCORECARD_CACHE_SECONDS)
    return render(request, "evaluation/unit.html", {"body": body, "unit": found, "year": year})


def _by_due(item):  # type: ignore[no-untyped-def]
    return item["due"]


def _visible_unit(user, name: str):  # type: ignore[no-untyped-def]
    """The unit by any of its names, if the user may see it; 404 otherwise (another unit's page does not exist for them)."""
    found = unit_get(name)
    if found is None or not access_for(user).can_read_unit(found.id):
        raise Http404("查無此機關")
    return found


def _explain(findings, as_of=None):  # type: ignore[no-untyped-def]
    """Findings as the pages show them; with ``as_of``, each with its due date and how far it is (open duties)."""
    from mainstream.followup.selectors import deadlines_of_year, due_date, when_text

    plans = {}
    deadlines: dict[int, dict] = {}
    out = []
    for f in findings:
        if f.year not in plans:
            plans[f.year] = plan_in_force(f.year)
            deadlines[f.year] = deadlines_of_year(f.year) if as_of is not None else {}
        plan = plans[f.year]
        duty = plan.duties.get(f.rule)
        item = {
            "f": f,
            "title": duty.title if duty else f.rule,
            "text": duty.text if duty else "",
            "label": STATUS_LABELS[f.status],
            "symbol": STATUS_SYMBOLS[f.status],
            "tool_name": plan.tool(f.tool).name,
        }
        if as_of is not None:
            due = due_date(plan, f.year, f.rule, f.group, deadlines[f.year])
            item.update(due=due, due_text=roc.format_date(due), when=when_text(f.status, due, as_of))
        out.append(item)
    return out
