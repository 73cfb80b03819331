"""Scorecard pages. Views adapt the request to one selector; scoping happens in the selectors."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render

from mainstream import roc
from mainstream.plan.selectors import plan_in_force, plan_years
from mainstream.units.access import access_for
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


@login_required
def scorecard(request):  # type: ignore[no-untyped-def]
    year, as_of = _year_and_as_of(request)
    card = scorecard_get(request.user, year=year, as_of=as_of)
    return render(
        request,
        "evaluation/scorecard.html",
        {
            "card": card,
            "years": plan_years(),
            "as_of_text": roc.format_date(as_of),
            "legend": [(s, STATUS_LABELS[s], STATUS_SYMBOLS[s]) for s in STATUS_LABELS],
            "government": _explain(card.government),
        },
    )


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
    findings = cell_findings_get(request.user, year=year, unit=found.short_name, tool=None, as_of=as_of)
    open_items = [f for f in findings if f.status in ("unmet", "in_progress")]
    done = [f for f in findings if f.status not in ("unmet", "in_progress")]
    return render(
        request,
        "evaluation/unit.html",
        {
            "unit": found,
            "year": year,
            "years": plan_years(),
            "as_of_text": roc.format_date(as_of),
            "open_items": _explain(open_items),
            "done": _explain(done),
        },
    )


def _visible_unit(user, name: str):  # type: ignore[no-untyped-def]
    """The unit by any of its names, if the user may see it; 404 otherwise (another unit's page does not exist for them)."""
    found = unit_get(name)
    if found is None or not access_for(user).can_read_unit(found.id):
        raise Http404("查無此機關")
    return found


def _explain(findings):  # type: ignore[no-untyped-def]
    plans = {}
    out = []
    for f in findings:
        if f.year not in plans:
            plans[f.year] = plan_in_force(f.year)
        plan = plans[f.year]
        duty = plan.duties.get(f.rule)
        out.append(
            {
                "f": f,
                "title": duty.title if duty else f.rule,
                "text": duty.text if duty else "",
                "label": STATUS_LABELS[f.status],
                "symbol": STATUS_SYMBOLS[f.status],
                "tool_name": plan.tool(f.tool).name,
            }
        )
    return out
