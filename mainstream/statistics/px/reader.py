"""Read a PX file (PC-Axis) as PX-Web and other systems write it.

Keywords ``KEY[lang]("sub","keys")=value;`` with values that are quoted strings (lists separated by commas,
long strings continued on the next line as another quoted string), numbers, YES/NO or ``TLIST(…)``. The
file's own ``CODEPAGE`` (big5, cp950, utf-8, iso-8859-1, windows-1252 …) decides how its bytes are read.
Errors name the line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .cube import MISSING, Category, Cube, Dimension, guess_role

KEY = re.compile(r'\s*([A-Za-z][A-Za-z0-9_-]*)(?:\[([A-Za-z_-]+)\])?(?:\(((?:"[^"]*"\s*,?\s*)+)\))?\s*=\s*', re.S)
CODEPAGE = re.compile(rb'CODEPAGE\s*=\s*"([^"]+)"')
TOKEN = re.compile(r'"([^"]*)"|([^\s",]+)|(,)', re.S)
MISSING_SET = set(MISSING) | {f'"{m}"' for m in MISSING}


class PxError(ValueError):
    def __init__(self, line: int, message: str) -> None:
        super().__init__(f"第 {line} 行：{message}")
        self.line = line
        self.message = message


@dataclass
class _Key:
    name: str
    lang: str
    subs: tuple[str, ...]
    value: list[str]  # list items (strings, numbers…)
    line: int


def _decode(data: bytes) -> str:
    m = CODEPAGE.search(data[:4000])
    codepage = (m.group(1).decode("ascii", "replace").strip().lower() if m else "") or "iso-8859-1"
    codepage = {"big-5": "cp950", "big5": "cp950", "ms950": "cp950", "utf8": "utf-8"}.get(codepage, codepage)
    if data.startswith(b"\xef\xbb\xbf"):
        codepage, data = "utf-8", data[3:]
    try:
        return data.decode(codepage)
    except LookupError as exc:
        raise PxError(1, f"CODEPAGE「{codepage}」無法辨識") from exc
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise PxError(line, f"內容不是 CODEPAGE「{codepage}」編碼") from exc


def _parse_value(text: str, line: int) -> list[str]:
    """Quoted strings (adjacent ones concatenate; commas separate items) or bare words (numbers, YES, TLIST(…))."""
    items: list[str] = []
    pending: str | None = None
    after_comma = True
    for m in TOKEN.finditer(text):
        quoted, bare, comma = m.groups()
        if comma:
            if pending is None:
                raise PxError(line, "值的語法無法辨識：逗號前沒有值")
            items.append(pending)
            pending, after_comma = None, True
        elif quoted is not None:
            pending = quoted if pending is None else pending + quoted
            after_comma = False
        else:
            if pending is not None and not after_comma:
                if bare.upper().startswith("TLIST") or pending.upper().startswith("TLIST"):
                    pending += bare
                    continue
                raise PxError(line, f"值的語法無法辨識：「{bare}」")
            pending, after_comma = bare, False
    if pending is not None:
        items.append(pending)
    return items


def _statements(text: str, stop: int) -> list[_Key]:
    """Split the header (up to DATA) into keywords; a ``;`` inside quotes does not end one."""
    out: list[_Key] = []
    pos, line, n = 0, 1, stop
    while pos < n:
        # find the statement's end: the next ; outside quotes
        i, quote = pos, False
        while i < n:
            ch = text[i]
            if ch == '"':
                quote = not quote
            elif ch == ";" and not quote:
                break
            i += 1
        stmt = text[pos:i]
        start_line = line + stmt[: len(stmt) - len(stmt.lstrip())].count("\n")
        if stmt.strip():
            if i >= n:
                raise PxError(start_line, "缺少結尾的分號（;）")
            m = KEY.match(stmt)
            if not m:
                raise PxError(start_line, f"關鍵字的語法無法辨識：「{stmt.strip()[:40]}」")
            subs = tuple(re.findall(r'"([^"]*)"', m.group(3) or ""))
            value = _parse_value(stmt[m.end() :], start_line)
            out.append(_Key(m.group(1).upper(), (m.group(2) or "").lower(), subs, value, start_line))
        line += text.count("\n", pos, i + 1)
        pos = i + 1
    return out


def px_read(data: bytes, *, max_cells: int = 20_000_000) -> Cube:
    text = _decode(data)
    m = re.search(r"(?m)^\s*DATA\s*=", text)
    if not m:
        raise PxError(text.count("\n") + 1, "缺少 DATA 關鍵字")
    keys = _statements(text, m.start())
    data_line = text.count("\n", 0, m.start()) + 1
    first: dict[tuple[str, str, tuple[str, ...]], _Key] = {}
    for k in keys:
        first.setdefault((k.name, k.lang, k.subs), k)
    language = first.get(("LANGUAGE", "", ()))
    main_lang = language.value[0] if language and language.value else ""

    def get(name: str, lang: str = "", subs: tuple[str, ...] = ()) -> _Key | None:
        key = first.get((name, lang, subs))
        if key is None and lang and lang == main_lang:
            key = first.get((name, "", subs))
        return key

    def text_of(name: str, lang: str = "") -> str:
        k = get(name, lang)
        return "\n".join(k.value) if k else ""

    matrix = get("MATRIX")
    if matrix is None or not matrix.value:
        raise PxError(1, "缺少 MATRIX（表號）")
    stub = get("STUB")
    heading = get("HEADING")
    names = (stub.value if stub else []) + (heading.value if heading else [])
    if not names:
        raise PxError(1, "缺少 STUB 與 HEADING")
    en = "en" if main_lang != "en" and any(k.lang == "en" for k in keys) else ""
    names_en = []
    if en:
        stub_en, heading_en = get("STUB", en), get("HEADING", en)
        names_en = (stub_en.value if stub_en else []) + (heading_en.value if heading_en else [])
    dims: list[Dimension] = []
    for i, name in enumerate(names):
        values = get("VALUES", "", (name,))
        if values is None:
            raise PxError(stub.line if stub else 1, f"變數「{name}」沒有 VALUES")
        codes = get("CODES", "", (name,))
        codes_list = codes.value if codes else values.value
        if len(codes_list) != len(values.value):
            raise PxError(codes.line if codes else values.line, f"變數「{name}」的 CODES 與 VALUES 個數不同")
        name_en = names_en[i] if i < len(names_en) else ""
        values_en = get("VALUES", en, (name_en,)) if name_en else None
        labels_en = (
            values_en.value if values_en and len(values_en.value) == len(values.value) else [""] * len(codes_list)
        )
        cats = [Category(c, v, e) for c, v, e in zip(codes_list, values.value, labels_en, strict=True)]
        role = "time" if get("TIMEVAL", "", (name,)) else guess_role(name, name_en)
        dims.append(Dimension(name, name, cats, name_en, role))
    expected = 1
    for d in dims:
        expected *= len(d.categories)
    if expected > max_cells:
        raise PxError(data_line, f"資料格數 {expected:,} 超過上限 {max_cells:,}")
    end = text.find(";", m.end())
    if end < 0:
        raise PxError(text.count("\n") + 1, "DATA 缺少結尾的分號（;）")
    tokens = text[m.end() : end].replace(",", " ").split()
    if len(tokens) != expected:
        raise PxError(
            data_line,
            f"DATA 有 {len(tokens):,} 個值，但各變數的 VALUES 個數相乘為 {expected:,}（{' × '.join(map(str, [len(d.categories) for d in dims]))}）",
        )
    values: list[float | None] = [None] * expected
    status: dict[int, str] = {}
    for n, tok in enumerate(tokens):
        try:
            values[n] = float(tok)
        except ValueError:
            if tok in MISSING_SET:
                status[n] = tok.strip('"')
            else:
                raise PxError(
                    _token_line(text, m.end(), n),
                    f"DATA 第 {n + 1:,} 個值「{tok[:20]}」不是數字，也不是缺值符號（.. 或 -）",
                ) from None
    decimals = get("DECIMALS")
    return Cube(
        code=matrix.value[0],
        title=text_of("TITLE") or text_of("DESCRIPTION") or text_of("CONTENTS"),
        title_en=(text_of("TITLE", en) or text_of("DESCRIPTION", en) or text_of("CONTENTS", en)) if en else "",
        dimensions=dims,
        values=values,
        status=status,
        units=text_of("UNITS"),
        units_en=text_of("UNITS", en) if en else "",
        source=text_of("SOURCE"),
        source_en=text_of("SOURCE", en) if en else "",
        notes="\n".join(filter(None, [text_of("NOTEX"), text_of("NOTE")])),
        notes_en="\n".join(filter(None, [text_of("NOTEX", en), text_of("NOTE", en)])) if en else "",
        heading=len(heading.value) if heading else 0,
        updated=text_of("LAST-UPDATED"),
        decimals=int(float(decimals.value[0])) if decimals and decimals.value else 0,
    )


def _token_line(text: str, start: int, n: int) -> int:
    """The line of the n-th DATA value (only on the error path)."""
    for i, m in enumerate(re.finditer(r"[^\s,;]+", text[start:])):
        if i == n:
            return text.count("\n", 0, start + m.start()) + 1
    return text.count("\n", 0, start) + 1
