"""Public gender statistics database (伍、三、(二)、1、C): table list, query page, downloads and the JSON-stat API.

No login: these are published statistics. Views only adapt the request; selection is GET (a shareable link).
"""

from __future__ import annotations

import json
from pathlib import Path

from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render

from .jsonstat import jsonstat_dump
from .models import StatTable
from .px import Cube, px_write
from .tables import cube_csv, cube_rows, stat_table_cube, stat_table_list

OPENAPI = Path(__file__).parent / "openapi.json"


def _cube(request, code: str) -> tuple[StatTable, Cube, Cube]:  # type: ignore[no-untyped-def]
    table = get_object_or_404(StatTable, code=code)
    cube = stat_table_cube(table)
    if cube is None:
        raise Http404("統計表尚無數值")
    selection = {d.code: request.GET.getlist(d.code) for d in cube.dimensions if request.GET.getlist(d.code)}
    try:
        return table, cube, cube.select(selection)
    except KeyError as exc:
        raise Http404(f"查無類別 {exc}") from exc


def tables(request):  # type: ignore[no-untyped-def]
    return render(request, "statistics/public_tables.html", {"tables": stat_table_list()})


def _chart(sub: Cube, en: bool) -> dict | None:
    """Bars by sex for each category of the time (or first other) dimension; only when one cell per bar remains."""
    sex = next((d for d in sub.dimensions if d.role == "sex"), None)
    others = [d for d in sub.dimensions if d is not sex and len(d.categories) > 1]
    if sex is None or len(others) > 1:
        return None
    axis = others[0] if others else None
    groups = []
    peak = max((v for v in sub.values if v is not None), default=0) or 1
    label = (lambda c: c.label_en or c.label) if en else (lambda c: c.label)
    for combo, value, marker in sub.cells():
        group = label(combo[sub.dimensions.index(axis)]) if axis else ""
        if not groups or groups[-1]["label"] != group:
            groups.append({"label": group, "bars": []})
        sex_cat = combo[sub.dimensions.index(sex)]
        groups[-1]["bars"].append(
            {"sex": label(sex_cat), "value": value, "marker": marker, "width": round(300 * (value or 0) / peak, 1)}
        )
    # group order follows the row-major order; keep each label once
    merged: dict[str, list] = {}
    for g in groups:
        merged.setdefault(g["label"], []).extend(g["bars"])
    rows = []
    for name, bars in merged.items():
        female = next((b["value"] for b in bars if b["sex"] in ("女", "Female", "女性")), None)
        male = next((b["value"] for b in bars if b["sex"] in ("男", "Male", "男性")), None)
        ratio = round(male / female * 100, 1) if female and male is not None else None
        gap = round(female - male, 1) if female is not None and male is not None else None
        rows.append({"label": name, "bars": bars, "ratio": ratio, "gap": gap})
    y = 0
    for r in rows:
        for b in r["bars"]:
            b["y"] = y
            y += 22
        y += 12
    return {
        "rows": rows,
        "height": y,
        "axis": (axis.label_en or axis.label) if axis and en else axis.label if axis else "",
    }


def query(request, code: str):  # type: ignore[no-untyped-def]
    table, cube, sub = _cube(request, code)
    en = request.GET.get("lang") == "en"
    label = (lambda x: x.label_en or x.label) if en else (lambda x: x.label)
    columns_dim = request.GET.get("cols") or (cube.dimensions[-1].code if cube.dimensions else "")
    col = next((d for d in sub.dimensions if d.code == columns_dim), sub.dimensions[-1])
    row_dims = [d for d in sub.dimensions if d is not col]
    cells = {tuple(c.code for c in combo): (value, marker) for combo, value, marker in sub.cells()}
    body = []
    from itertools import product

    for combo in product(*(d.categories for d in row_dims)):
        values = []
        for c in col.categories:
            key = []
            it = iter(combo)
            for d in sub.dimensions:
                key.append(c.code if d is col else next(it).code)
            value, marker = cells[tuple(key)]
            values.append(marker if value is None else f"{value:,.{cube.decimals}f}")
        body.append({"labels": [label(c) for c in combo], "values": values})
    dims = [
        {
            "code": d.code,
            "label": label(d),
            "categories": [
                {"code": c.code, "label": label(c), "checked": c.code in request.GET.getlist(d.code)}
                for c in d.categories
            ],
        }
        for d in cube.dimensions
    ]
    context = {
        "table": table,
        "title": (cube.title_en or cube.title) if en else cube.title,
        "units": (cube.units_en or cube.units) if en else cube.units,
        "en": en,
        "dims": dims,
        "cols": col.code,
        "row_heads": [label(d) for d in row_dims],
        "col_head": label(col),
        "col_labels": [label(c) for c in col.categories],
        "body": body,
        "chart": _chart(sub, en),
        "query": request.GET.urlencode(),
        "formats": ["csv", "px", "json"],
    }
    return render(request, "statistics/public_query.html", context)


def download(request, code: str, fmt: str):  # type: ignore[no-untyped-def]
    table, _cube_all, sub = _cube(request, code)
    lang = "en" if request.GET.get("lang") == "en" else "zh"
    if fmt == "csv":
        response = HttpResponse(
            ("\ufeff" + cube_csv(sub, lang=lang)).encode("utf-8"), content_type="text/csv; charset=utf-8"
        )
    elif fmt == "px":
        response = HttpResponse(px_write(sub), content_type="text/plain; charset=utf-8")
    elif fmt == "json":
        response = HttpResponse(
            json.dumps(jsonstat_dump(sub, lang=lang), ensure_ascii=False), content_type="application/json"
        )
    elif fmt in ("ods", "xlsx"):
        from mainstream.imports.template_files import spreadsheet_response

        return spreadsheet_response(table.code, cube_rows(sub, lang=lang), filename=table.code, fmt=fmt)
    else:
        raise Http404(fmt)
    response["Content-Disposition"] = f'attachment; filename="{table.code}.{fmt}"'
    return response


def api_tables(request):  # type: ignore[no-untyped-def]
    items = [
        {
            "code": t.code,
            "title": t.title,
            "title_en": t.title_en,
            "unit": t.unit.full_name if t.unit else "",
            "indicator": t.indicator.name if t.indicator else "",
            "measure_unit": t.measure_unit,
            "updated": t.updated_at.isoformat() if t.updated_at else None,
            "href": request.build_absolute_uri(f"/zone/statistics/api/tables/{t.code}/"),
        }
        for t in stat_table_list()
    ]
    return JsonResponse({"tables": items}, json_dumps_params={"ensure_ascii": False})


def api_table(request, code: str):  # type: ignore[no-untyped-def]
    _table, _all, sub = _cube(request, code)
    lang = "en" if request.GET.get("lang") == "en" else "zh"
    return JsonResponse(jsonstat_dump(sub, lang=lang), json_dumps_params={"ensure_ascii": False})


def openapi(request):  # type: ignore[no-untyped-def]
    return HttpResponse(OPENAPI.read_bytes(), content_type="application/json")


def compare(request):  # type: ignore[no-untyped-def]
    """Taipei beside the other cities or countries (伍、三、(二)、1、B): every table with an area dimension, or
    those of the chosen indicator; the latest period of each, other dimensions at their first category."""
    tables_ = stat_table_list()
    indicator = request.GET.get("indicator", "")
    if indicator.isdigit():
        tables_ = tables_.filter(indicator_id=int(indicator))
    blocks = []
    for table in tables_:
        cube = stat_table_cube(table)
        if cube is None or not any(d.role == "area" for d in cube.dimensions):
            continue
        area = next(d for d in cube.dimensions if d.role == "area")
        selection = {}
        period = ""
        for d in cube.dimensions:
            if d is area:
                continue
            pick = d.categories[-1] if d.role == "time" else d.categories[0]
            selection[d.code] = [pick.code]
            if d.role == "time":
                period = pick.label
        sub = cube.select(selection)
        taipei = next((v for c, v in zip(area.categories, sub.values, strict=True) if c.label == "臺北市"), None)
        rows = []
        for c, v in zip(area.categories, sub.values, strict=True):
            diff = round(v - taipei, 2) if v is not None and taipei is not None else None
            rows.append({"label": c.label, "value": v, "diff": diff, "taipei": c.label == "臺北市"})
        blocks.append({"table": table, "period": period, "units": cube.units, "rows": rows})
    indicators = sorted({(t.indicator_id, t.indicator.name) for t in stat_table_list() if t.indicator_id}, key=str)
    return render(
        request, "statistics/public_compare.html", {"blocks": blocks, "indicators": indicators, "chosen": indicator}
    )
