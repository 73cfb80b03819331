"""The reader: points at wording that may carry a gender stereotype, bias or discrimination (伍、一、(二)、3、C).

Steps: normalise the text with OpenCC (Traditional → Simplified, so a Simplified draft reads the same; the
conversion keeps one character for one character, so offsets are into the text the user gave) and fold the
lexicon's variant characters (砲/炮, 唸/念, full-width digits…); segment it with jieba (rjieba) so that an
expression is not matched inside an unrelated word (過剩女性 is not 剩女) — an expression must start or end on a
word boundary, so a segmenter that glues it to its neighbour (不比娘/炮, 他直/男癌) does not hide it; match the
lexicon: expressions, and patterns composed from word classes (「{appearance}{title}」: 美女 + 法官, 最美 + 縣長);
apply each entry's context conditions (a cue that must appear nearby, a cue that cancels it; window 0 is the
whole sentence) and skip mere mentions: an expression inside 「」 or 『』 in a sentence that reports, criticises or
fines it (「娘炮」等詞彙、被裁罰、挨轟…), inside 《》 (a title), followed at once by 一詞 / 等字眼, or near words
about words (例如美女、正妹等用詞; 遭同學取笑為…). A pattern may mark the part to point at with a
group named ``hit`` (外勞(?P<hit>就是廉價勞工): the group word stays a finding of its own).

Entries carry the office's decision (``flagged``, ``advice``, ``accepted``): accepted entries are not read,
advice-only findings are returned only when asked for (the page shows them apart; ``check-text --advice``).

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
    decision: str = "flagged"
    decision_reason: str = ""


DECISIONS = {"flagged": "提示", "advice": "僅供參考", "accepted": "接受（不提示）"}


@dataclass(frozen=True)
class Frame:
    """A stance frame (``stance`` in the lexicon file): a rule's match in a sentence that reports, quotes, criticises,
    denies or describes as the past what it matched is not the author's own wording, so it is shown as advice only,
    with ``name`` and ``reason`` as the office reads them (issue 12: most wrong findings on real text were such
    near-misses). ``before``: a cue earlier in the sentence (被冠上「剩女」, 傳統上…); ``after``: a cue later in it
    (…等貶義詞, …的言論以偏概全); either within ``window`` characters of the match (0: anywhere in the sentence);
    ``kinds``: only matches of these kinds (none: every kind)."""

    name: str
    reason: str
    before: tuple[str, ...] = ()
    after: tuple[str, ...] = ()
    window: int = 0
    kinds: tuple[str, ...] = ()


@dataclass(frozen=True)
class Meta:
    """When an expression is only mentioned (in quotes, near 一詞/避免/改稱…), it is not a finding."""

    quotes: tuple[str, ...] = ("「」", "『』", "“”")
    cues: tuple[str, ...] = ()
    window: int = 15
    after: tuple[str, ...] = ()
    report_cues: tuple[str, ...] = ()  # a quoted expression in a sentence with one of these is reported, not used
    talk_cues: tuple[str, ...] = ()  # an expression within `window` of one of these is talked about (例如…等用詞)
    classes: dict[str, tuple[str, ...]] = field(default_factory=dict)  # word classes for {name} in patterns
    variants: dict[str, str] = field(default_factory=dict)  # character folded before matching (砲 → 炮)
    frames: tuple[Frame, ...] = ()  # stance frames: a match inside one is shown as advice only (``Frame``)
    turns: tuple[str, ...] = ()  # a turn (不過, 但) between a frame's cue and the match ends the frame


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
    decision: str = "flagged"
    decision_reason: str = ""

    def as_dict(self) -> dict[str, Any]:
        """The JSON of ``check-text`` (a contract): ``line`` only per line, ``decision`` only for advice."""
        out = asdict(self)
        if self.line is None:
            del out["line"]
        if self.decision == "flagged":
            del out["decision"], out["decision_reason"]
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
                    decision=str(raw.get("decision", "flagged")),
                    decision_reason=str(raw.get("reason", "")),
                )
            )
    meta_raw = data.get("meta") or {}
    meta = Meta(
        quotes=tuple(meta_raw.get("quotes") or Meta.quotes),
        cues=tuple(meta_raw.get("cues") or ()),
        window=int(meta_raw.get("window", 15)),
        after=tuple(meta_raw.get("after") or ()),
        report_cues=tuple(meta_raw.get("report_cues") or ()),
        talk_cues=tuple(meta_raw.get("talk_cues") or ()),
        classes={str(k): tuple(str(w) for w in v) for k, v in (data.get("classes") or {}).items()},
        variants={str(k): str(v) for k, v in (data.get("variants") or {}).items()},
        frames=tuple(
            Frame(
                name=str(f["name"]),
                reason=str(f["reason"]),
                before=tuple(str(c) for c in f.get("before") or ()),
                after=tuple(str(c) for c in f.get("after") or ()),
                window=int(f.get("window", 0)),
                kinds=tuple(str(k) for k in f.get("kinds") or ()),
            )
            for f in data.get("stance") or ()
        ),
        turns=tuple(str(t) for t in data.get("stance_turns") or ()),
    )
    for e in entries:
        if e.decision not in DECISIONS:
            raise ValueError(f"「{e.term}」的決定「{e.decision}」不存在")
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


_WIDE = {chr(c): chr(c - 0xFEE0) for c in range(0xFF01, 0xFF5F)}  # full-width ASCII → ASCII (０ → 0, ～ → ~)
_WIDE.update({"～": "~", "\u3000": " "})


def normalise(text: str, variants: dict[str, str] | None = None) -> str:
    """Simplified, lower-case ASCII, variants folded; always the same length as ``text`` (one for one)."""
    converted = _converter().convert(text)
    if len(converted) != len(text):  # a phrase mapping changed the length: fall back to characters
        converted = "".join(_convert_char(ch) for ch in text)
    lowered = converted.lower()
    out = lowered if len(lowered) == len(converted) else converted
    fold = {**_WIDE, **(variants or {})}
    if any(ch in fold for ch in out):
        out = "".join(fold.get(ch, ch) if len(fold.get(ch, ch)) == 1 else ch for ch in out)
    return out


# ---------------------------------------------------------------------------------------------- the reader

_SENTENCE_END = re.compile(r"[。！？!?；;\n]")
_PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")


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
        self._variants = dict(self.meta.variants)
        self._segmenter = rjieba.Jieba()
        self._by_first: dict[str, list[_Compiled]] = {}
        self._patterns: list[_Compiled] = []
        self._classes = {
            name: "(?:"
            + "|".join(re.escape(w) for w in sorted({self._norm(w) for w in words}, key=len, reverse=True))
            + ")"
            for name, words in self.meta.classes.items()
            if words
        }
        self.size = 0
        for entry in entries:
            if entry.decision == "accepted":
                continue
            self.size += 1
            require = tuple(self._norm(c) for c in entry.require_any)
            exclude = tuple(self._norm(c) for c in entry.exclude_any)
            if entry.is_pattern:
                regex = re.compile(self.expand(entry.term))
                self._patterns.append(_Compiled(entry, "", require, exclude, regex))
                continue
            norm = self._norm(entry.term)
            if not norm:
                continue
            if len(norm) > 1 and re.fullmatch(r"[\u4e00-\u9fff]+", norm):
                self._segmenter.add_word(norm, 50, "n")
            self._by_first.setdefault(norm[0], []).append(_Compiled(entry, norm, require, exclude))
        for candidates in self._by_first.values():
            candidates.sort(key=lambda c: -len(c.norm))
        self._meta_cues = tuple(self._norm(c) for c in self.meta.cues)
        self._meta_after = tuple(self._norm(c) for c in self.meta.after)
        self._report_cues = tuple(self._norm(c) for c in self.meta.report_cues)
        self._talk_cues = tuple(self._norm(c) for c in self.meta.talk_cues)
        self._open = {q[0]: q[1] for q in self.meta.quotes if len(q) == 2}
        self._turns = tuple(self._norm(t) for t in self.meta.turns)
        self._frames = [
            (f, tuple(self._norm(c) for c in f.before), tuple(self._norm(c) for c in f.after)) for f in self.meta.frames
        ]

    def _norm(self, text: str) -> str:
        return normalise(text, self._variants)

    def expand(self, pattern: str) -> str:
        """A pattern with its word classes written out: ``{appearance}{title}`` → ``(?:美女|正妹…)(?:法官|…)``."""

        def one(m: re.Match[str]) -> str:
            if m.group(1) not in self._classes:
                raise ValueError(f"未定義的詞類：{m.group(1)}")
            return self._classes[m.group(1)]

        norm = self._norm(pattern).replace("(?p<", "(?P<").replace("(?p=", "(?P=")  # lower-casing spares groups
        return _PLACEHOLDER.sub(one, norm)

    # -- public

    def read(self, text: str, *, advice: bool = False) -> list[Finding]:
        """Findings in ``text``, in order; offsets are character offsets into ``text``.

        Advice-only findings (the office's decision) are included only with ``advice=True``.
        """
        return self._read(text, 0, None, advice)

    def read_lines(self, text: str, *, advice: bool = False) -> list[Finding]:
        """Each line read on its own; ``start``/``end`` count from the start of the line; each carries its line (from 1)."""
        out: list[Finding] = []
        for number, line in enumerate(text.splitlines(keepends=True), start=1):
            out.extend(self._read(line, 0, number, advice))
        return out

    # -- steps

    def _read(self, text: str, offset: int, line: int | None, advice: bool) -> list[Finding]:
        if not text.strip():
            return []
        norm = self._norm(text)
        bounds = {0, len(norm)}
        for _word, start, end in self._segmenter.tokenize(norm):
            bounds.add(start)
            bounds.add(end)
        ctx = _Context(norm, self)
        hits: list[tuple[int, int, _Compiled]] = []
        by_first = self._by_first
        for i, ch in enumerate(norm):
            candidates = by_first.get(ch)
            if not candidates:
                continue
            for c in candidates:
                end = i + len(c.norm)
                if (i in bounds or end in bounds) and norm.startswith(c.norm, i) and self._context_ok(ctx, i, end, c):
                    hits.append((i, end, c))
        for c in self._patterns:
            assert c.regex is not None
            hit_group = "hit" in c.regex.groupindex
            for m in c.regex.finditer(norm):
                s, e = m.span("hit") if hit_group else m.span()
                if e > s and (s in bounds or e in bounds) and self._context_ok(ctx, s, e, c):
                    hits.append((s, e, c))
        out = []
        for s, e, c in _outermost(hits):
            decision, reason = c.entry.decision, c.entry.decision_reason
            if decision == "flagged":
                frame = self._framed(ctx, s, e, c.entry.kind)
                if frame is not None:
                    decision, reason = "advice", f"{frame.name}：{frame.reason}"
            if advice or decision == "flagged":
                out.append(
                    Finding(
                        start=s + offset,
                        end=e + offset,
                        text=text[s:e],
                        kind=c.entry.kind,
                        item=c.entry.item,
                        explanation=c.entry.explanation,
                        suggestions=list(c.entry.suggestions),
                        line=line,
                        decision=decision,
                        decision_reason=reason,
                    )
                )
        return out

    def _framed(self, ctx: _Context, start: int, end: int, kind: str) -> Frame | None:
        """The first stance frame (``Frame``) the match ``start``–``end`` sits in, if any."""
        if not self._frames:
            return None
        a, b = ctx.bounds(start, end)
        norm = ctx.norm
        for frame, before, after in self._frames:
            if frame.kinds and kind not in frame.kinds:
                continue
            w = frame.window
            left = norm[a if not w else max(a, start - w) : start]
            right = norm[end : b if not w else min(b, end + w)]
            for cue in before:
                at = left.rfind(cue)
                if at >= 0 and not any(t in left[at + len(cue) :] for t in self._turns):
                    return frame
            for cue in after:
                at = right.find(cue)
                if at >= 0 and not any(t in right[:at] for t in self._turns):
                    return frame
        return None

    def _context_ok(self, ctx: _Context, start: int, end: int, c: _Compiled) -> bool:
        w = c.entry.window
        if c.require or c.exclude:
            around = ctx.sentence(start, end) if w == 0 else ctx.norm[max(0, start - w) : end + w]
            if c.require and not any(cue in around for cue in c.require):
                return False
            if c.exclude and any(cue in around for cue in c.exclude):
                return False
        return not self._mentioned(ctx, start, end)

    def _mentioned(self, ctx: _Context, start: int, end: int) -> bool:
        """「剩女」一詞、避免使用「外勞」、「娘炮」等詞彙遭批評、《…》: the expression is talked about, not used."""
        norm = ctx.norm
        if self._meta_after and norm.startswith(self._meta_after, end):
            return True
        if self._talk_cues:
            w = self.meta.window
            near = norm[max(0, start - w) : end + w]
            if any(cue in near for cue in self._talk_cues):
                return True
        quote = ctx.quote_around(start, end)
        if quote is None:
            return False
        q_open, q_close, mark = quote
        if mark in "《〈":
            return True
        w = self.meta.window
        near = norm[max(0, q_open - w) : q_close + 1 + w]
        if any(cue in near for cue in self._meta_cues):
            return True
        # the sentence around the whole quotation: a question mark inside the quote (「…做女孩子？」的提問) does not
        # end the sentence that reports it
        sentence = ctx.sentence(q_open, q_close + 1)
        return any(cue in sentence for cue in self._report_cues)


class _Context:
    """A text being read: its sentences and quoted spans, computed once and shared by the entries."""

    def __init__(self, norm: str, reader: Reader) -> None:
        self.norm = norm
        self._reader = reader
        self._quotes: list[tuple[int, int, str]] | None = None

    def sentence(self, start: int, end: int) -> str:
        s, e = self.bounds(start, end)
        return self.norm[s:e]

    def bounds(self, start: int, end: int) -> tuple[int, int]:
        """Where the sentence around ``start``–``end`` begins and ends."""
        s = start
        while s > 0 and not _SENTENCE_END.match(self.norm[s - 1]):
            s -= 1
        e = end
        while e < len(self.norm) and not _SENTENCE_END.match(self.norm[e]):
            e += 1
        return s, e

    def quote_around(self, start: int, end: int) -> tuple[int, int, str] | None:
        if self._quotes is None:
            self._quotes = []
            stack: list[tuple[int, str]] = []
            pairs = self._reader._open
            closers = {v: k for k, v in pairs.items()}
            for i, ch in enumerate(self.norm):
                if ch in pairs and not (pairs[ch] == ch and stack and stack[-1][1] == ch):
                    stack.append((i, ch))
                elif ch in closers and stack and stack[-1][1] == closers[ch]:
                    o, mark = stack.pop()
                    self._quotes.append((o, i, mark))
        for o, c, mark in self._quotes:
            if o < start and end <= c:
                return o, c, mark
        return None


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
