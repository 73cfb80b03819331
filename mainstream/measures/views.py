"""Measures pages: list, record, open. Each view adapts the request to one selector or service."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render

from mainstream.imports.schema import OUTCOME_MESSAGES
from mainstream.plan.selectors import plan_in_force, plan_year_default, plan_years
from mainstream.units.access import access_for, units_visible_to

from .forms import MeasureForm
from .selectors import measure_get, measure_list
from .services import MeasureData, measure_record


@login_required
def index(request):  # type: ignore[no-untyped-def]
    year = request.GET.get("year")
    unit = request.GET.get("unit")
    measures = measure_list(
        request.user,
        year=int(year) if year and year.isdigit() else None,
        unit_id=int(unit) if unit and unit.isdigit() else None,
    )
    plan = plan_in_force(int(year) if year and year.isdigit() and int(year) in plan_years() else plan_year_default())
    return render(
        request,
        "measures/index.html",
        {
            "measures": measures,
            "years": plan_years(),
            "units": units_visible_to(request.user).filter(kind="executing"),
            "year": year,
            "unit": unit,
            "categories": plan.measure_categories,
        },
    )


@login_required
def detail(request, pk: int):  # type: ignore[no-untyped-def]
    measure = measure_get(request.user, pk)
    category = plan_in_force(measure.year).measure_categories[measure.category - 1]
    return render(
        request,
        "measures/detail.html",
        {
            "m": measure,
            "category": category,
            "item_text": category.items[measure.item - 1],
            "can_write": access_for(request.user).can_write_unit(measure.unit_id, "measures"),
        },
    )


@login_required
def record(request, pk: int | None = None):  # type: ignore[no-untyped-def]
    access = access_for(request.user)
    units = units_visible_to(request.user).filter(kind="executing")
    if not access.write_all and "measures" not in access.write_tools:
        units = units.filter(id__in=access.write_units)
    initial = {}
    own = list(units.filter(id__in=access.write_units)[:2]) if not access.write_all else []
    if pk is None and len(own) == 1:  # a liaison records for their own unit: preselected (issue 16, item 7)
        initial["unit"] = own[0]
    if pk is not None:
        m = measure_get(request.user, pk)
        initial = {
            "unit": m.unit,
            "year": m.year,
            "title": m.title,
            "category_item": f"{m.category}.{m.item}",
            "date": m.date,
            "description": m.description,
            "link": m.link,
        }
    form = MeasureForm(request.POST or None, units=units, initial=initial)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        category, item = (int(x) for x in d["category_item"].split("."))
        try:
            measure, outcome = measure_record(
                data=MeasureData(
                    d["unit"], d["year"], d["title"], category, item, d["date"], d["description"], d["link"]
                ),
                by=request.user,
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, OUTCOME_MESSAGES[outcome])
            return redirect("measures:detail", pk=measure.pk)
    return render(request, "measures/form.html", {"form": form, "editing": pk is not None})
