"""Public gender statistics database (伍、三、(二)、1、C): table list, query page, downloads and the JSON-stat API.

No login: these are published statistics. Views only adapt the request; selection is GET (a shareable link).
"""

from __future__ import annotations

import json
import math
from pathlib import Path

from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render

from .derived import derived_long_rows, sex_derived
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


SERIES_STYLES = [  # not colour alone (WCAG 1.4.1): each sex also has its own dash and point shape
    {"colour": "#1f4e79", "dash": "", "shape": "circle"},
    {"colour": "#8a3b12", "dash": "6 4", "shape": "square"},
    {"colour": "#2d6a2d", "dash": "2 3", "shape": "diamond"},
]
CHART_W, LEFT, RIGHT, TOP, PLOT_H = 600, 64, 24, 40, 220


def _nice_step(raw: float) -> float:
    """The smallest of 1, 2, 2.5, 5 × 10^k at or above ``raw``: round tick steps."""
    if raw <= 0:
        return 1.0
    power = 10 ** math.floor(math.log10(raw))
    return next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw - 1e-12)


def _fmt(value: float | None, marker: str, decimals: int) -> str:
    return (marker or "..") if value is None else f"{value:,.{decimals}f}"


def _chart(sub: Cube, en: bool, kind: str) -> dict | None:
    """Bars or lines by sex over the one other dimension that has several categories chosen (the time dimension
    as a rule); None when the selection leaves no such single axis. Geometry is computed here, the template
    only draws it; every number is also in the SVG's desc and in the text table beside."""
    sex = next((d for d in sub.dimensions if d.role == "sex"), None)
    others = [d for d in sub.dimensions if d is not sex and len(d.categories) > 1]
    if sex is None or len(others) > 1:
        return None
    axis = others[0] if others else None
    label = (lambda c: c.label_en or c.label) if en else (lambda c: c.label)
    axis_cats = axis.categories if axis else [None]
    values: dict[tuple[str, str], tuple[float | None, str]] = {}
    for combo, value, marker in sub.cells():
        a = combo[sub.dimensions.index(axis)].code if axis else ""
        values[(combo[sub.dimensions.index(sex)].code, a)] = (value, marker)
    peak = max((v for v in sub.values if v is not None), default=0) or 1
    series = []
    for n, cat in enumerate(sex.categories):
        points = [values[(cat.code, c.code if c else "")] for c in axis_cats]
        series.append({"name": label(cat), "points": points, **SERIES_STYLES[n % len(SERIES_STYLES)]})
    outer, inner = ("; ", ", ") if en else ("；", "、")
    desc = outer.join(
        f"{label(c) if c else ''} "
        + inner.join(f"{s['name']} {_fmt(s['points'][i][0], s['points'][i][1], sub.decimals)}" for s in series)
        for i, c in enumerate(axis_cats)
    )
    chart: dict = {"kind": kind if axis else "bar", "desc": desc, "axis": label(axis) if axis else ""}
    if chart["kind"] == "line" and axis is not None:
        step = _nice_step(peak / 4)
        peak = step * 4  # the axis ends on a round number at or above the highest value
        tick_decimals = 0 if step == int(step) else len(f"{step:.6f}".rstrip("0").split(".")[1])
        plot_w = CHART_W - LEFT - RIGHT
        x_step = plot_w / len(axis_cats)
        xs = [round(LEFT + (i + 0.5) * x_step, 1) for i in range(len(axis_cats))]

        def y_of(v: float) -> float:
            return round(TOP + PLOT_H * (1 - v / peak), 1)

        for s in series:
            runs: list[list[str]] = [[]]
            dots = []
            for x, (v, marker) in zip(xs, s["points"], strict=True):
                if v is None:
                    runs.append([])
                    continue
                runs[-1].append(f"{x},{y_of(v)}")
                dots.append({"x": x, "y": y_of(v), "text": _fmt(v, marker, sub.decimals)})
            s["lines"] = [" ".join(r) for r in runs if len(r) > 1]
            s["dots"] = dots
        chart.update(
            width=CHART_W,
            height=TOP + PLOT_H + 48,
            series=series,
            base=TOP + PLOT_H,
            left=LEFT,
            right=CHART_W - RIGHT,
            ticks=[{"y": y_of(step * k), "text": _fmt(step * k, "", tick_decimals)} for k in range(5)],
            xlabels=[{"x": x, "text": label(c)} for x, c in zip(xs, axis_cats, strict=True)],
            legend=[{"x": LEFT + 140 * n, **s} for n, s in enumerate(series)],
        )
        return chart
    rows = []
    y = 0
    for i, c in enumerate(axis_cats):
        bars = []
        for s in series:
            v, marker = s["points"][i]
            bars.append(
                {
                    "sex": s["name"],
                    "colour": s["colour"],
                    "y": y,
                    "width": round(300 * (v or 0) / peak, 1),
                    "text": _fmt(v, marker, sub.decimals),
                }
            )
            y += 22
        y += 12
        rows.append({"label": label(c) if c else "", "bars": bars})
    chart.update(rows=rows, height=y, width=CHART_W)
    return chart


def _marker(sub: Cube, derived, row, which: str) -> str:  # type: ignore[no-untyped-def]
    """The PX marker of a missing female or male cell (``...``, ``-`` …), as the main table shows it."""
    if getattr(row, which) is not None:
        return ""
    sex_cat = derived.female if which == "female" else derived.male
    codes = [c.code for c in row.categories]
    codes.insert(sub.dimensions.index(derived.sex), sex_cat.code)
    offset = 0
    for d, code in zip(sub.dimensions, codes, strict=True):
        offset = offset * len(d.categories) + d.index(code)
    return sub.status.get(offset, "")


def _link(request, **changes: str) -> str:  # type: ignore[no-untyped-def]
    """The current selection's query string with some parameters replaced (the shareable link)."""
    q = request.GET.copy()
    for k, v in changes.items():
        q[k] = v
    return q.urlencode()


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
    kind = request.GET.get("chart", "")
    if kind not in ("bar", "line"):
        kind = "line" if col.role == "time" else "bar"
    derived = sex_derived(sub)
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
        "chart": _chart(sub, en, kind),
        "chart_kind": kind,
        "derived": derived,
        "derived_heads": [label(d) for d in derived.others] if derived else [],
        "derived_rows": [
            {
                "labels": [label(c) for c in r.categories],
                "female": _fmt(r.female, _marker(sub, derived, r, "female"), cube.decimals),
                "male": _fmt(r.male, _marker(sub, derived, r, "male"), cube.decimals),
                "ratio": "—" if r.ratio is None else f"{r.ratio:,.1f}",
                "gap": "—" if r.gap is None else f"{r.gap:+,.{max(cube.decimals, 1)}f}",
            }
            for r in (derived.rows if derived else [])
        ],
        "gap_unit": (derived.gap_unit_en if en else derived.gap_unit) if derived else "",
        "query": request.GET.urlencode(),
        "link_zh": _link(request, lang="zh"),
        "link_en": _link(request, lang="en"),
    }
    return render(request, "statistics/public_query.html", context)


def download(request, code: str, fmt: str):  # type: ignore[no-untyped-def]
    table, _cube_all, sub = _cube(request, code)
    lang = "en" if request.GET.get("lang") == "en" else "zh"
    if fmt == "csv":
        response = HttpResponse(
            ("\ufeff" + cube_csv(sub, lang=lang, derived=True)).encode("utf-8"),
            content_type="text/csv; charset=utf-8",
        )
    elif fmt == "px":
        response = HttpResponse(px_write(sub), content_type="text/plain; charset=utf-8")
    elif fmt == "json":
        response = HttpResponse(
            json.dumps(jsonstat_dump(sub, lang=lang), ensure_ascii=False), content_type="application/json"
        )
    elif fmt in ("ods", "xlsx"):
        from mainstream.imports.template_files import spreadsheet_response

        rows = cube_rows(sub, lang=lang) + derived_long_rows(sub, lang=lang)
        return spreadsheet_response(table.code, rows, filename=table.code, fmt=fmt)
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
    those of the chosen indicator; the chosen (default: latest) period; by sex where the table has one."""
    from .compare import compare_areas

    tables_ = stat_table_list()
    indicator = request.GET.get("indicator", "")
    period = request.GET.get("period", "").strip()
    if indicator.isdigit():
        tables_ = tables_.filter(indicator_id=int(indicator))
    blocks = []
    periods: list[str] = []
    for table in tables_:
        cube = stat_table_cube(table)
        comparison = compare_areas(cube, period=period) if cube is not None else None
        if comparison is None:
            continue
        periods.extend(p for p in comparison.periods if p not in periods)
        desc = "；".join(
            f"{r.label} {r.value_text}" + (f"（與臺北市差 {r.diff}）" if r.diff is not None and not r.taipei else "")
            for r in comparison.rows
        )
        blocks.append(
            {
                "table": table,
                "c": comparison,
                "units": cube.units if cube else "",
                "desc": desc,
                "height": 24 * len(comparison.rows) + 8,
            }
        )
    indicators = sorted({(t.indicator_id, t.indicator.name) for t in stat_table_list() if t.indicator_id}, key=str)
    return render(
        request,
        "statistics/public_compare.html",
        {
            "blocks": blocks,
            "indicators": indicators,
            "chosen": indicator,
            "periods": sorted(periods, key=lambda p: (len(p), p)),
            "period": period,
        },
    )
