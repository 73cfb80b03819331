"""JSON-stat 2.0 datasets (https://json-stat.org/format/) from and to a :class:`~.px.Cube`."""

from __future__ import annotations

from typing import Any

from .derived import derived_jsonstat
from .px.cube import Category, Cube, Dimension


def jsonstat_dump(cube: Cube, *, lang: str = "zh") -> dict[str, Any]:
    en = lang == "en"
    dimension: dict[str, Any] = {}
    role: dict[str, list[str]] = {}
    for d in cube.dimensions:
        dimension[d.code] = {
            "label": (d.label_en or d.label) if en else d.label,
            "category": {
                "index": {c.code: i for i, c in enumerate(d.categories)},
                "label": {c.code: ((c.label_en or c.label) if en else c.label) for c in d.categories},
            },
            "extension": {
                "label_zh": d.label,
                "label_en": d.label_en,
                "category_label_en": {c.code: c.label_en for c in d.categories if c.label_en},
            },
        }
        if d.role in ("time", "area"):
            role.setdefault("time" if d.role == "time" else "geo", []).append(d.code)
    out: dict[str, Any] = {
        "version": "2.0",
        "class": "dataset",
        "label": (cube.title_en or cube.title) if en else cube.title,
        "source": (cube.source_en or cube.source) if en else cube.source,
        "id": [d.code for d in cube.dimensions],
        "size": cube.size,
        "dimension": dimension,
        "value": cube.values,
        "extension": {
            "code": cube.code,
            "title": cube.title,
            "title_en": cube.title_en,
            "units": cube.units,
            "units_en": cube.units_en,
            "notes": cube.notes,
            "notes_en": cube.notes_en,
            "heading": cube.heading,
            "decimals": cube.decimals,
            "source": cube.source,
            "source_en": cube.source_en,
        },
    }
    if cube.updated:
        out["updated"] = cube.updated
    if cube.status:
        out["status"] = {str(k): v for k, v in cube.status.items()}
    if role:
        out["role"] = role
    out["extension"]["roles"] = {d.code: d.role for d in cube.dimensions if d.role}
    derived = derived_jsonstat(cube)
    if derived is not None:
        out["extension"]["derived"] = derived  # sex ratio and gap: see derived.derived_jsonstat and docs/statistics.md
    return out


def jsonstat_load(data: dict[str, Any]) -> Cube:
    ext = data.get("extension", {})
    roles = ext.get("roles", {})
    dims = []
    for code in data["id"]:
        spec = data["dimension"][code]
        index = spec["category"].get("index") or {k: 0 for k in spec["category"]["label"]}
        codes = index if isinstance(index, list) else sorted(index, key=index.get)
        labels = spec["category"].get("label", {})
        dext = spec.get("extension", {})
        en_labels = dext.get("category_label_en", {})
        cats = [Category(c, labels.get(c, c), en_labels.get(c, "")) for c in codes]
        dims.append(
            Dimension(
                code,
                dext.get("label_zh") or spec.get("label", code),
                cats,
                dext.get("label_en", ""),
                roles.get(code, ""),
            )
        )
    values = data["value"]
    if isinstance(values, dict):
        total = 1
        for s in data["size"]:
            total *= s
        values = [values.get(str(i)) for i in range(total)]
    status = data.get("status") or {}
    if isinstance(status, list):
        status = {str(i): s for i, s in enumerate(status) if s}
    elif isinstance(status, str):
        status = {str(i): status for i in range(len(values))}
    return Cube(
        code=ext.get("code", ""),
        title=ext.get("title") or data.get("label", ""),
        title_en=ext.get("title_en", ""),
        dimensions=dims,
        values=[None if v is None else float(v) for v in values],
        status={int(k): v for k, v in status.items()},
        units=ext.get("units", ""),
        units_en=ext.get("units_en", ""),
        source=ext.get("source") or data.get("source", ""),
        source_en=ext.get("source_en", ""),
        notes=ext.get("notes", ""),
        notes_en=ext.get("notes_en", ""),
        heading=ext.get("heading", 1),
        updated=data.get("updated", ""),
        decimals=ext.get("decimals", 0),
    )
