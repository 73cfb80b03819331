"""Verdicts over time (issue 13, item 2): what changed since a date; a unit's progress through the year."""

from __future__ import annotations

from datetime import timedelta

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from mainstream import roc
from mainstream.plan.selectors import plan_in_force, plan_years

from .history import unit_progress, verdict_changes
from .presentation import STATUS_LABELS
from .selectors import scorecard_get
from .views import _visible_unit, _year_and_as_of

CHART_WIDTH, CHART_HEIGHT, BAR_GAP = 600, 160, 4


@login_required
def changes(request):  # type: ignore[no-untyped-def]
    year, as_of = _year_and_as_of(request)
    scorecard_get(request.user, year=year, as_of=as_of)  # makes sure today's verdicts are stored and current
    try:
        since = roc.parse_date(request.GET["since"]) if request.GET.get("since") else as_of - timedelta(days=7)
    except ValueError:
        since = as_of - timedelta(days=7)
    plan = plan_in_force(year)
    found = verdict_changes(request.user, year=year, since=since, until=as_of)
    rows = [
        {
            "c": c,
            "title": plan.duties[c.rule].title if c.rule in plan.duties else c.rule,
            "before": STATUS_LABELS.get(c.before or "", "（尚無紀錄）"),
            "after": STATUS_LABELS[c.after],
        }
        for c in found
    ]
    return render(
        request,
        "evaluation/changes.html",
        {
            "year": year,
            "years": plan_years(),
            "since_text": roc.format_date(since),
            "as_of_text": roc.format_date(as_of),
            "newly_met": [r for r in rows if r["c"].kind == "newly_met"],
            "newly_late": [r for r in rows if r["c"].kind == "newly_late"],
            "other": [r for r in rows if r["c"].kind == "other"],
        },
    )


@login_required
def progress(request, unit: str):  # type: ignore[no-untyped-def]
    year, as_of = _year_and_as_of(request)
    found = _visible_unit(request.user, unit)
    from .selectors import cell_findings_get

    cell_findings_get(request.user, year=year, unit=found.short_name, tool=None, as_of=as_of)  # store today's
    points = unit_progress(year=year, unit=found.short_name)
    step = CHART_WIDTH / max(len(points), 1)
    bars = []
    for i, p in enumerate(points):
        height = round(CHART_HEIGHT * p.met / p.judged)
        bars.append(
            {
                "p": p,
                "day": roc.format_date(p.day),
                "x": round(i * step + BAR_GAP / 2, 1),
                "y": CHART_HEIGHT - height,
                "w": round(max(step - BAR_GAP, 1), 1),
                "h": height,
            }
        )
    return render(
        request,
        "evaluation/progress.html",
        {
            "unit": found,
            "year": year,
            "years": plan_years(),
            "bars": bars,
            "width": CHART_WIDTH,
            "height": CHART_HEIGHT,
        },
    )
