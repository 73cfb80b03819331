"""The reader: points at wording that may carry a gender stereotype, bias or discrimination (伍、一、(二)、3、C).

Steps: normalise the text with OpenCC (Traditional → Simplified, so a Simplified draft reads the same; the
conversion keeps one character for one character, so offsets are into the text the user gave), segment it with
jieba (rjieba) so that an expression is not matched inside an unrelated word (過剩女性 is not 剩女), match the
lexicon (expressions and regular-expression patterns), then apply each entry's context conditions (a cue that
must appear nearby, a cue that cancels it) and skip mere mentions (「剩女」一詞).

The lexicon is data (``data/lexicon.yaml``, loaded into the database, edited by the office); this module is pure
and takes plain ``Entry`` values, so it runs without a database (benchmarks, the corpus test).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

DATA = Path(__file__).parent / "data"
LEXICON_FILE = DATA / "lexicon.yaml"

KINDS = ("stereotype", "bias", "discrimination", "exclusion")
KIND_LABELS = {"stereotype": "性別刻板", "bias": "性別偏見", "discrimination": "性別歧視", "exclusion": "排除性用語"}


@dataclass(frozen=True)
class Entry:
    """One lexicon entry (the fields of ``LexiconEntry``)."""

    term: str
    kind: str
    item: str
    explanation: str
    suggestions: tuple[str, ...] = ()
    is_pattern: bool = False
    require_any: tuple[str, ...] = ()
    exclude_any: tuple[str, ...] = ()
    window: int = 8
    category: str = ""


@dataclass(frozen=True)
class Meta:
    """When an expression is only mentioned (in quotes, near 一詞/避免/改稱…), it is not a finding."""

    quotes: tuple[str, ...] = ("「」", "『』", "“”")
    cues: tuple[str, ...] = ()
    window: int = 15
    after: tuple[str, ...] = ()


@dataclass(frozen=True)
class Finding:
    start: int
    end: int
    text: str
    kind: str
    item: str
    explanation: str
    suggestions: list[str] = field(default_factory=list)
    line: int | None = None

    def as_dict(self) -> dict[str, Any]:
        out = asdict(self)
        if self.line is None:
            del out["line"]
        return out

    @property
    def kind_label(self) -> str:
        return KIND_LABELS.get(self.kind, self.kind)


# ---------------------------------------------------------------------------------------------- lexicon file


def _as_list(value: Any, cues: dict[str, list[str]]) -> tuple[str, ...]:
    if not value:
        return ()
    if isinstance(value, str):
        if value not in cues:
            raise ValueError(f"未定義的提示詞組：{value}")
        return tuple(cues[value])
    return tuple(str(v) for v in value)


def lexicon_parse(path: Path = LEXICON_FILE) -> tuple[list[Entry], Meta]:
    """The entries and the mention rule of a lexicon file."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    cues = data.get("cues") or {}
    entries: list[Entry] = []
    for code, category in data["categories"].items():
        for raw in category["entries"]:
            if isinstance(raw, list):
                raw = {"t": raw[0], "e": raw[1], "s": raw[2] if len(raw) > 2 else []}
            entries.append(
                Entry(
                    term=str(raw["t"]),
                    kind=raw.get("kind", category["kind"]),
                    item=str(raw.get("item", category["item"])),
                    explanation=raw["e"],
                    suggestions=tuple(raw.get("s") or ()),
                    is_pattern=bool(raw.get("pattern", False)),
                    require_any=_as_list(raw.get("require"), cues),
                    exclude_any=_as_list(raw.get("exclude"), cues),
                    window=int(raw.get("window", 8)),
                    category=code,
                )
            )
    meta_raw = data.get("meta") or {}
    meta = Meta(
        quotes=tuple(meta_raw.get("quotes") or Meta.quotes),
        cues=tuple(meta_raw.get("cues") or ()),
        window=int(meta_raw.get("window", 15)),
        after=tuple(meta_raw.get("after") or ()),
    )
    return entries, meta


@lru_cache(maxsize=1)
def shipped_meta() -> Meta:
    return lexicon_parse()[1]


# ---------------------------------------------------------------------------------------------- normalising


@lru_cache(maxsize=1)
def _converter():  # type: ignore[no-untyped-def]
    from opencc_purepy import OpenCC

    return OpenCC("t2s")


_char_cache: dict[str, str] = {}


def _convert_char(ch: str) -> str:
    out = _char_cache.get(ch)
    if out is None:
        converted = _converter().convert(ch)
        out = converted if len(converted) == 1 else ch
        _char_cache[ch] = out
    return out


def normalise(text: str) -> str:
    """Simplified, lower-case ASCII; always the same length as ``text`` (one character for one character)."""
    converted = _converter().convert(text)
    if len(converted) != len(text):  # a phrase mapping changed the length: fall back to characters
        converted = "".join(_convert_char(ch) for ch in text)
    lowered = converted.lower()
    return lowered if len(lowered) == len(converted) else converted


# ---------------------------------------------------------------------------------------------- the reader


@dataclass
class _Compiled:
    entry: Entry
    norm: str  # normalised term (literal entries)
    require: tuple[str, ...]
    exclude: tuple[str, ...]
    regex: re.Pattern[str] | None = None


class Reader:
    """Reads text against a lexicon. Build once (the segmenter learns the lexicon's words), read many times."""

    def __init__(self, entries: Iterable[Entry], meta: Meta | None = None) -> None:
        import rjieba

        self.meta = meta or shipped_meta()
        self._segmenter = rjieba.Jieba()
        self._by_first: dict[str, list[_Compiled]] = {}
        self._patterns: list[_Compiled] = []
        self.size = 0
        for entry in entries:
            self.size += 1
            require = tuple(normalise(c) for c in entry.require_any)
            exclude = tuple(normalise(c) for c in entry.exclude_any)
            if entry.is_pattern:
                regex = re.compile(normalise(entry.term))
                self._patterns.append(_Compiled(entry, "", require, exclude, regex))
                continue
            norm = normalise(entry.term)
            if not norm:
                continue
            if len(norm) > 1 and re.fullmatch(r"[\u4e00-\u9fff]+", norm):
                self._segmenter.add_word(norm, 50, "n")
            self._by_first.setdefault(norm[0], []).append(_Compiled(entry, norm, require, exclude))
        for candidates in self._by_first.values():
            candidates.sort(key=lambda c: -len(c.norm))
        self._meta_cues = tuple(normalise(c) for c in self.meta.cues)
        self._meta_after = tuple(normalise(c) for c in self.meta.after)

    # -- public

    def read(self, text: str) -> list[Finding]:
        """Findings in ``text``, in order; offsets are character offsets into ``text``."""
        return self._read(text, 0, None)

    def read_lines(self, text: str) -> list[Finding]:
        """Each line read on its own; offsets still into ``text``; each finding carries its line (from 1)."""
        out: list[Finding] = []
        offset = 0
        for number, line in enumerate(text.splitlines(keepends=True), start=1):
            out.extend(self._read(line, offset, number))
            offset += len(line)
        return out

    # -- steps

    def _read(self, text: str, offset: int, line: int | None) -> list[Finding]:
        if not text.strip():
            return []
        norm = normalise(text)
        bounds = {0, len(norm)}
        for _word, start, end in self._segmenter.tokenize(norm):
            bounds.add(start)
            bounds.add(end)
        hits: list[tuple[int, int, _Compiled]] = []
        by_first = self._by_first
        for i, ch in enumerate(norm):
            candidates = by_first.get(ch)
            if not candidates or i not in bounds:
                continue
            for c in candidates:
                end = i + len(c.norm)
                if end in bounds and norm.startswith(c.norm, i) and self._context_ok(norm, i, end, c):
                    hits.append((i, end, c))
        for c in self._patterns:
            assert c.regex is not None
            for m in c.regex.finditer(norm):
                s, e = m.span()
                if e > s and s in bounds and self._context_ok(norm, s, e, c):
                    hits.append((s, e, c))
        return [
            Finding(
                start=s + offset,
                end=e + offset,
                text=text[s:e],
                kind=c.entry.kind,
                item=c.entry.item,
                explanation=c.entry.explanation,
                suggestions=list(c.entry.suggestions),
                line=line,
            )
            for s, e, c in _outermost(hits)
        ]

    def _context_ok(self, norm: str, start: int, end: int, c: _Compiled) -> bool:
        w = c.entry.window
        around = norm[max(0, start - w) : end + w]
        if c.require and not any(cue in around for cue in c.require):
            return False
        if c.exclude and any(cue in around for cue in c.exclude):
            return False
        return not self._mentioned(norm, start, end)

    def _mentioned(self, norm: str, start: int, end: int) -> bool:
        """「剩女」一詞、避免使用「外勞」: the expression is quoted and talked about, not used."""
        if norm.startswith(self._meta_after, end) if self._meta_after else False:
            return True
        if start == 0 or end >= len(norm):
            return False
        pair = norm[start - 1] + norm[end]
        if not any(pair == q for q in self.meta.quotes):
            return False
        w = self.meta.window
        around = norm[max(0, start - w) : end + w]
        return any(cue in around for cue in self._meta_cues)


def _outermost(hits: list[tuple[int, int, _Compiled]]) -> list[tuple[int, int, _Compiled]]:
    """Of overlapping hits keep the longest (花瓶角色 over 花瓶; 娘娘腔 over 很娘): findings never overlap."""
    hits.sort(key=lambda h: (h[0], -(h[1] - h[0])))
    out: list[tuple[int, int, _Compiled]] = []
    for hit in hits:
        if out and hit[0] < out[-1][1]:
            if hit[1] - hit[0] > out[-1][1] - out[-1][0]:
                out[-1] = hit
            continue
        out.append(hit)
    return out


@lru_cache(maxsize=1)
def shipped_reader() -> Reader:
    """A reader over the shipped lexicon file (benchmarks, tests, and before the database is loaded)."""
    entries, meta = lexicon_parse()
    return Reader(entries, meta)
