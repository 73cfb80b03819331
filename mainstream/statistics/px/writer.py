"""Write a :class:`Cube` as a PX file (UTF-8, with ``[en]`` variants where English labels are known)."""

from __future__ import annotations

from .cube import Cube


def _q(text: str) -> str:
    return '"' + text.replace('"', "'") + '"'


def _list(items: list[str]) -> str:
    return ",".join(_q(i) for i in items)


def _num(value: float | None, marker: str, decimals: int) -> str:
    if value is None:
        return _q(marker or "..")
    if value == int(value) and decimals == 0:
        return str(int(value))
    return repr(value)


def px_write(cube: Cube) -> bytes:
    en = bool(cube.title_en) or any(d.label_en for d in cube.dimensions)
    split = len(cube.dimensions) - cube.heading
    stub, heading = cube.dimensions[:split], cube.dimensions[split:]
    lines = ['CHARSET="ANSI";', 'AXIS-VERSION="2013";', 'CODEPAGE="utf-8";', 'LANGUAGE="zh";']
    if en:
        lines.append('LANGUAGES="zh","en";')
    lines += [f"DECIMALS={cube.decimals};", f"MATRIX={_q(cube.code)};", f"TITLE={_q(cube.title)};"]
    if en:
        lines.append(f"TITLE[en]={_q(cube.title_en or cube.title)};")
    lines.append(f"CONTENTS={_q(cube.title)};")
    lines.append(f"STUB={_list([d.label for d in stub])};" if stub else "")
    lines.append(f"HEADING={_list([d.label for d in heading])};" if heading else "")
    if en:
        if stub:
            lines.append(f"STUB[en]={_list([d.label_en or d.label for d in stub])};")
        if heading:
            lines.append(f"HEADING[en]={_list([d.label_en or d.label for d in heading])};")
    for d in cube.dimensions:
        lines.append(f"VALUES({_q(d.label)})={_list([c.label for c in d.categories])};")
        if en:
            lines.append(
                f"VALUES[en]({_q(d.label_en or d.label)})={_list([c.label_en or c.label for c in d.categories])};"
            )
        lines.append(f"CODES({_q(d.label)})={_list([c.code for c in d.categories])};")
        if d.role == "time":
            lines.append(f"TIMEVAL({_q(d.label)})=TLIST(A1);")
    for key, value, value_en in (
        ("UNITS", cube.units, cube.units_en),
        ("SOURCE", cube.source, cube.source_en),
        ("NOTE", cube.notes, cube.notes_en),
    ):
        if value:
            lines.append(f"{key}={_q(value)};")
        if en and value_en:
            lines.append(f"{key}[en]={_q(value_en)};")
    if cube.updated:
        lines.append(f"LAST-UPDATED={_q(cube.updated)};")
    lines.append("DATA=")
    width = len(heading[-1].categories) if heading else 1
    row: list[str] = []
    for n, v in enumerate(cube.values):
        row.append(_num(v, cube.status.get(n, ""), cube.decimals))
        if len(row) == width:
            lines.append(" ".join(row))
            row = []
    if row:
        lines.append(" ".join(row))
    lines[-1] += ";"
    return ("\r\n".join(line for line in lines if line) + "\r\n").encode("utf-8")
