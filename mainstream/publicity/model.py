"""The reader's statistical part: a "possible issue" signal for whole statements (issue 12 §2, ADR 0014).

The rules fit the topics they were written from; this model is meant to carry across topics. Besides the
characters (1–3-grams of the normalised sentence) it sees the sentence through **word classes** — gender words,
roles, jobs and offices, appearance, generalisation cues (就是/天生/本來就/應該/都), hiring words (徵/限/優先/佳),
pay, dismissal and pregnancy, migrant words, words that report or criticise (批評/開罰/被叫), the law, statistics —
so that 「女護士都很溫柔」 and 「男生天生理性」 share features (〈性別詞〉〈概括語〉…) though they share no word:

- characters: ``c:`` and the 1–3-gram;
- class n-grams: the sentence with every class word replaced by its class, 2–3-grams that contain a class
  (``a:〈女〉〈概〉``, ``a:〈貌〉〈職〉``);
- the classes present (``b:移``), and pairs of class words at most ``near`` characters apart (``n:女>概``);
- quotation: a quote in the sentence, a class word inside one (a mention is not a use).
- stance (third round, ADR 0014): the words of a clause with a report or criticism word, or inside a quote in a
  sentence with one, give their features under a name of their own (``mc:剩女``, ``ma:…``), so a term reported and
  the same term used weigh apart instead of adding up.

One logistic regression per kind (one against the rest), each with its own threshold; a sentence gets every kind
whose probability reaches that kind's threshold. The features, the regularisation, the thresholds and how the
signal joins the rules were chosen by cross-validation on the **training part** only, grouped by source page (a page
is never on both sides of a fold: ``model_train``); the figures are kept in ``data/model.json`` (``cv``).

The fitted weights and the class words are shipped as data (``data/model.json``), so reading needs no scikit-learn
and every signal is explained by the features that weighed most, in Chinese. Train again after the corpus changes:
``python -m mainstream.publicity.model`` (needs the dev extras). The signal is advice: the page lists it apart from
the rules' findings, and the test run prints its figures separately (alone, and with the rules).
"""

from __future__ import annotations

import bisect
import json
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path
from typing import Any

from .reader import KIND_LABELS, Finding, normalise, shipped_meta

MODEL_FILE = Path(__file__).parent / "data" / "model.json"
SENTENCE_END = "。！？!?；;\n"
QUOTE_OPEN = "「『“《〈"
QUOTE_CLOSE = "」』”》〉"


# a sentence ends after 。！？； or a newline, and the closing quotes or brackets right after it belong to it
# (「…。」 is one sentence: a lone 」 read as a sentence of its own had no words, and the model's prior flagged it)
_END = re.compile("[" + SENTENCE_END + "][" + QUOTE_CLOSE + "’）)]*")


def sentences(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` of each sentence of ``text`` (split after 。！？； and the closing quotes after them, a
    newline), stripped of spaces."""
    out = []
    start = 0
    for end in [m.end() for m in _END.finditer(text)] + [len(text)]:
        piece = text[start:end]
        stripped = piece.strip()
        if stripped:
            a = start + len(piece) - len(piece.lstrip())
            out.append((a, a + len(stripped)))
        start = end
    return out


# a sentence read: the sentence, its features (→ where first seen in the normalised text), where each normalised
# character is in the sentence, the normalised text
Located = tuple[str, dict[str, tuple[int, int] | None], list[int], str]


def piece_of(read: Located, feature: str) -> str:
    """The user's own characters that gave ``feature`` in the sentence ``read``."""
    sentence, located, where, text = read
    span = located[feature]
    if span is None:  # a character n-gram: its first place
        s = text.find(feature[2:])
        span = (s, s + len(feature) - 2)
    s, e = span
    return sentence[where[s] : where[e - 1] + 1] if e > s else "「」"


_QUESTION = re.compile("[？?]|吗|是否|为什么|为何|难道|怎么会|怎能|凭什么")  # on the normalised (Simplified) text
STANCE_CUT = "，,；;。！？!?：:"  # a report word's clause (quotes do not cut it: 被冠上「剩女」)
MASKERS = frozenset("報傳言")  # report or criticism; with the stance classes, tradition and others' words
CLAUSE_CUT = "，,、：:；;「」『』“”《》()（）。！？!?"
NEGATION = "否"  # the class of negation and advocacy words (model_train.vocabulary.CLASS_LABELS)
REPORT = "報"  # the class of words that report or criticise
MARK = "\ue000"  # a class in the class n-grams: MARK and the class's code (one character)


class Features:
    """A sentence's features, each with the words of the sentence that gave it (for the explanation).

    ``classes``: (code, label, words) in priority order (a word in two classes counts for the first); a code is one
    character. ``config``: ``char`` and ``abs`` n-gram ranges, ``near`` (characters between two class words),
    ``quote``. Features are read on the normalised text (Simplified, variants folded, no spaces); the pieces are the
    user's own characters.
    """

    def __init__(self, classes: Sequence[tuple[str, str, Sequence[str]]], config: dict[str, Any]) -> None:
        self.variants = dict(shipped_meta().variants)
        self.labels = {code: label for code, label, _words in classes}
        word_class: dict[str, str] = {}
        for code, _label, words in classes:
            for w in words:
                n = self.norm(w)[0]
                if n and n not in word_class:
                    word_class[n] = code
        self.word_class = word_class
        self.regex = re.compile("|".join(re.escape(w) for w in sorted(word_class, key=len, reverse=True)))
        self.char = tuple(config.get("char") or ())
        self.abs = tuple(config.get("abs") or ())
        self.near = int(config.get("near", 0))
        self.quote = bool(config.get("quote", False))
        self.clause = bool(config.get("clause", False))
        self.neg = bool(config.get("neg", False))
        self.report = bool(config.get("report", False))
        self.scope = bool(config.get("scope", False))  # a class word in the clause after a report/frame word
        self.question = bool(config.get("question", False))  # the sentence asks (？/嗎/是否/為什麼): its stance
        # words read in a reported, quoted or framed clause get features of their own (``m`` + the feature);
        # True: both kinds of place; "clause" or "quote": that one only
        self.mask = config.get("mask", False)
        self.words = bool(config.get("words", False))  # words of two characters or more from the segmenter (rjieba)
        if self.words:
            import rjieba

            self._segmenter = rjieba.Jieba()

    def norm(self, text: str, folded: str | None = None) -> tuple[str, list[int]]:
        """The normalised text without spaces, and where each of its characters is in ``text`` (``folded``: ``text``
        already normalised, which keeps its length)."""
        folded = normalise(text, self.variants) if folded is None else folded
        where = [i for i, ch in enumerate(folded) if not ch.isspace()]
        return "".join(folded[i] for i in where), where

    def __call__(self, sentence: str) -> dict[str, str]:
        """feature → the piece of ``sentence`` that gave it."""
        read = self.located(sentence)
        return {f: piece_of(read, f) for f in read[1]}

    def located(self, sentence: str, folded: str | None = None) -> Located:
        """The features of ``sentence`` and where each was first seen in the normalised text (a character n-gram:
        None, found again when it is explained)."""
        text, where = self.norm(sentence, folded)
        out: dict[str, tuple[int, int] | None] = {}
        if self.char:
            out = dict.fromkeys(
                "c:" + text[i : i + n] for n in range(self.char[0], self.char[1] + 1) for i in range(len(text) - n + 1)
            )
        if self.words:
            for word, s, e in self._segmenter.tokenize(text):
                if e - s >= 2:
                    out.setdefault("w:" + word, (s, e))
        matches = [(m.start(), m.end(), self.word_class[m.group()]) for m in self.regex.finditer(text)]
        if self.abs and matches:
            # the sentence as tokens: each class word becomes MARK + its class, other characters stay
            tokens: list[tuple[str, int, int]] = []
            marks: list[int] = []
            pos = 0
            for s, e, code in matches:
                tokens += [(text[i], i, i + 1) for i in range(pos, s)]
                marks.append(len(tokens))
                tokens.append((MARK + code, s, e))
                pos = e
            tokens += [(text[i], i, i + 1) for i in range(pos, len(text))]
            for n in range(self.abs[0], self.abs[1] + 1):
                starts = sorted({i for j in marks for i in range(max(0, j - n + 1), min(j, len(tokens) - n) + 1)})
                for i in starts:
                    window = tokens[i : i + n]
                    out.setdefault("a:" + "".join(t[0] for t in window), (window[0][1], window[-1][2]))
        for s, e, code in matches:
            out.setdefault("b:" + code, (s, e))
        if self.near:
            for i, (s1, e1, c1) in enumerate(matches):
                for s2, e2, c2 in matches[i + 1 :]:
                    if s2 - e1 > self.near:
                        break
                    out.setdefault(f"n:{c1}>{c2}", (s1, e2))
        if (self.clause or self.neg or self.scope) and matches:
            # clauses: cut at commas, colons, semicolons and quotation marks
            cut = [i for i, ch in enumerate(text) if ch in CLAUSE_CUT]
            clause_of = [bisect.bisect_right(cut, s) for s, _e, _c in matches]
            for i, (s1, _e1, c1) in enumerate(matches):
                for j in range(i + 1, len(matches)):
                    if clause_of[j] != clause_of[i]:
                        break
                    s2, e2, c2 = matches[j]
                    if self.clause and c1 != c2:
                        out.setdefault("k:" + "".join(sorted((c1, c2))), (s1, e2))
                    if self.neg and c1 == NEGATION:  # a class word in the scope of a negation or advocacy word
                        out.setdefault("g:" + c2, (s1, e2))
                    if self.scope and c1 == REPORT and c2 != REPORT:  # in the clause a report or frame word opens
                        out.setdefault("h:" + c2, (s1, e2))
        if self.report and matches:  # a class word after a report or criticism word in the sentence: talked about
            first = next((s for s, _e, code in matches if code == REPORT), None)
            if first is not None:
                for s, e, code in matches:
                    if s > first and code != REPORT:
                        out.setdefault("r:" + code, (first, e))
        if self.question and matches and _QUESTION.search(text):
            # a class word in a question: asked about (是否…？ 為什麼女生…), not asserted — or a rhetorical claim
            out.setdefault("s:?", (0, 0))
            for s, e, code in matches:
                out.setdefault("s:?" + code, (s, e))
        if self.quote and any(ch in QUOTE_OPEN for ch in text):
            depth = 0
            inside = set()
            for i, ch in enumerate(text):
                if ch in QUOTE_OPEN:
                    depth += 1
                elif ch in QUOTE_CLOSE:
                    depth = max(0, depth - 1)
                elif depth:
                    inside.add(i)
            if inside:
                out.setdefault("q:", (0, 0))
            for s, e, code in matches:
                if s in inside:
                    out.setdefault("q:" + code, (s, e))
        if self.mask and matches:
            out = self._masked(text, matches, out)
        return sentence, out, where, text

    def _masked(
        self, text: str, matches: list[tuple[int, int, str]], out: dict[str, tuple[int, int] | None]
    ) -> dict[str, tuple[int, int] | None]:
        """The features whose words all sit in a clause with a report or frame word, or inside a quote in a sentence
        with one, renamed ``m…``: the same words reported and used give different features (a stance the weights can
        tell apart, where a feature added beside them could only add)."""
        cuts = [-1] + [i for i, ch in enumerate(text) if ch in STANCE_CUT] + [len(text)]
        masked = [False] * len(text)
        reporters = [(s, e) for s, e, code in matches if code in MASKERS]
        if not reporters:
            return out
        for s, _e in reporters if self.mask != "quote" else ():
            k = bisect.bisect_right(cuts, s)
            for i in range(cuts[k - 1] + 1, cuts[k]):
                masked[i] = True
        depth = 0
        for i, ch in enumerate(text if self.mask != "clause" else ""):
            if ch in QUOTE_OPEN:
                depth += 1
            elif ch in QUOTE_CLOSE:
                depth = max(0, depth - 1)
            elif depth:
                masked[i] = True
        renamed: dict[str, tuple[int, int] | None] = {}
        for f, span in out.items():
            if f.startswith("c:"):
                gram = f[2:]
                at = text.find(gram)
                seen_plain = False
                while at >= 0:
                    if all(masked[at : at + len(gram)]):
                        renamed.setdefault("m" + f, (at, at + len(gram)))
                    else:
                        seen_plain = True
                    at = text.find(gram, at + 1)
                if seen_plain:
                    renamed.setdefault(f, span)
            elif f[:2] in ("a:", "n:", "k:") and span is not None and all(masked[span[0] : span[1]]):
                renamed.setdefault("m" + f, span)
            else:
                renamed.setdefault(f, span)
        return renamed

    def describe(self, feature: str, piece: str) -> str:
        """A feature in Chinese: 「女人就是」（女性稱謂與概括語氣相鄰）."""
        kind, _, body = feature.partition(":")
        if kind.startswith("m"):  # in a reported, quoted or framed clause
            return "轉述中的" + self.describe(feature[1:], piece)
        if kind.startswith("x"):  # from the sentence before or after
            return "鄰句" + self.describe(feature[1:], piece)
        if kind == "a":
            classes = "＋".join(self.labels[body[i + 1]] for i, ch in enumerate(body) if ch == MARK)
            return f"「{piece}」（{classes}）"
        if kind == "b":
            return f"「{piece}」（{self.labels[body]}）"
        if kind == "n":
            a, _, b = body.partition(">")
            return f"「{piece}」（{self.labels[a]}與{self.labels[b]}相鄰）"
        if kind == "k":
            return f"「{piece}」（{self.labels[body[0]]}與{self.labels[body[1]]}同一分句）"
        if kind == "g":
            return f"「{piece}」（{self.labels[body]}在否定或倡議語之後）"
        if kind == "h":
            return f"「{piece}」（{self.labels[body]}在同一分句的轉述或批評語之後）"
        if kind == "r":
            return f"「{piece}」（{self.labels[body]}在轉述或批評語之後）"
        if kind == "s":
            return "問句" if len(body) == 1 else f"問句裡的「{piece}」（{self.labels[body[1:]]}）"
        if kind == "q":
            return "句中有「」引號" if not body else f"引號內的「{piece}」（{self.labels[body]}）"
        return f"「{piece}」"


def with_context(neighbour: dict[str, str]) -> dict[str, str]:
    """A neighbouring sentence's classes and quotes, as features of this one (``x:b:報``: a report cue next door)."""
    return {"x" + f: piece for f, piece in neighbour.items() if f[:2] in ("b:", "q:")}


@dataclass(frozen=True)
class Signal:
    kind: str
    probability: float
    evidence: tuple[str, ...]  # the features that weighed most, in Chinese

    @property
    def explanation(self) -> str:
        return (
            f"統計模型估計此句可能有{KIND_LABELS.get(self.kind, self.kind)}問題（機率 {self.probability:.2f}），"
            f"主要依據：{'、'.join(self.evidence)}。請依上下文判斷；模型只作提醒，不列為問題。"
        )


class Model:
    def __init__(self, data: dict[str, Any]) -> None:
        classes = [(c["code"], c["label"], c["words"]) for c in data["classes"]]
        self.features = Features(classes, data["features"])
        self.top1 = bool(data.get("top1", False))
        self.context = bool(data.get("context", False))
        self.gate = bool(data.get("settings", {}).get("gate", False))  # a signal needs a class word in its sentence
        self._class_keys = ["b:" + code for code in self.features.labels]
        self.thresholds = {k: float(v["threshold"]) for k, v in data["kinds"].items()}
        self.intercepts = [float(v["intercept"]) for v in data["kinds"].values()]
        issue = data.get("issue")  # two stages: P(kind) = P(an issue) × P(kind | an issue)
        self.issue = float(issue["intercept"]) if issue else None
        # feature → its weight for each kind (and, last, for an issue): one look-up a feature when reading
        names = list(data["kinds"])
        tables = [dict(data["kinds"][k]["weights"]) for k in names] + ([dict(issue["weights"])] if issue else [])
        self.weights: dict[str, tuple[float, ...]] = {
            f: tuple(t.get(f, 0.0) for t in tables) for f in set().union(*tables)
        }
        self.names = names

    def signals(self, sentence: str, neighbours: Sequence[str] = ()) -> list[Signal]:
        """Every kind whose probability reaches its threshold, most likely first (``neighbours``: the sentences
        just before and after in the same paragraph, read when the model was trained with them)."""
        own = self._read(sentence)
        return self._signals(own, [self._read(n) for n in neighbours] if self.context else [])

    def _read(self, sentence: str, folded: str | None = None) -> Located:
        return self.features.located(sentence, folded)

    def _signals(self, own: Located, neighbours: Sequence[Located]) -> list[Signal]:
        if not any(ch.isalnum() for ch in own[3]):  # no word at all (a stray mark): nothing to read
            return []
        if self.gate and not any(key in own[1] for key in self._class_keys):  # no word of any class: no signal
            return []
        weights = self.weights
        feats: dict[str, tuple[Located, str]] = {f: (own, f) for f in own[1] if f in weights}
        for n in neighbours:
            for f in n[1]:
                if f[:2] in ("b:", "q:") and "x" + f in weights:
                    feats["x" + f] = (n, f)
        z = list(self.intercepts) + ([self.issue] if self.issue is not None else [])
        present = [(f, weights[f]) for f in feats]
        for _f, w in present:
            for i, v in enumerate(w):
                z[i] += v
        p_issue = _sigmoid(z[-1]) if self.issue is not None else 1.0
        out = []
        for i, kind in enumerate(self.names):
            p = p_issue * _sigmoid(z[i])
            if p >= self.thresholds[kind]:
                parts = [(w[i] + (w[-1] if self.issue is not None else 0.0), f) for f, w in present]
                out.append(Signal(kind, p, self._evidence(parts, feats)))
        out.sort(key=lambda s: -s.probability)
        return out[:1] if self.top1 else out

    def _evidence(self, parts: list[tuple[float, str]], feats: dict[str, tuple[Located, str]]) -> tuple[str, ...]:
        """The three features that weighed most, leaving out one whose words another of the first eight shows
        (「女人」 says nothing more beside 「女人就是」)."""
        ranked = [f for w, f in sorted(parts, reverse=True) if w > 0]
        # a single character or a punctuation mark says little to a reader: words and classes first
        top = ([f for f in ranked if not _bare(f)] or ranked)[:8]
        pieces = {f: piece_of(*feats[f]) for f in top}
        kept: list[str] = []
        for f in top:
            piece = pieces[f]
            if any(piece != pieces[g] and piece in pieces[g] for g in top) or piece in {pieces[g] for g in kept}:
                continue
            kept.append(f)
        return tuple(self.features.describe(f, pieces[f]) for f in kept[:3])

    def findings(self, text: str) -> list[Finding]:
        """One finding per sentence and kind the model suspects, spanning the sentence."""
        out = []
        spans = sentences(text)
        folded = normalise(text, self.features.variants)  # once for the whole text (it keeps the length)
        read = [self._read(text[a:b], folded[a:b]) for a, b in spans]
        for i, (a, b) in enumerate(spans):
            stripped = text[a:b]
            neighbours = []
            if self.context:  # the sentences before and after, within the paragraph
                if i > 0 and "\n" not in text[spans[i - 1][1] : a]:
                    neighbours.append(read[i - 1])
                if i + 1 < len(spans) and "\n" not in text[b : spans[i + 1][0]]:
                    neighbours.append(read[i + 1])
            for s in self._signals(read[i], neighbours):
                out.append(
                    Finding(
                        start=a,
                        end=b,
                        text=stripped,
                        kind=s.kind,
                        item="10",
                        explanation=s.explanation,
                        decision="possible",
                        decision_reason="統計模型的提醒（不是詞庫規則）",
                    )
                )
        return out

    def beside(self, text: str, found: Sequence[Finding]) -> list[Finding]:
        """The signals listed as advice beside the rules' findings ``found`` on ``text`` (the reading page,
        ``check-text --advice`` and the test run's "rules + model" count): a signal is left out where a rule found
        the same kind in that sentence — a finding, or advice: an advice-only term, or a match the rules read as
        reported, quoted, denied or described as the past (a stance frame, ADR 0008). ``found`` is therefore read
        with advice (``Reader.read(text, advice=True)``); on the training part the frames' matches kept away 13
        wrong signals a draw for one right one (ADR 0014, third round)."""
        return [
            p
            for p in self.findings(text)
            if not any(f.kind == p.kind and f.start < p.end and p.start < f.end for f in found)
        ]

    def beside_lines(self, text: str, found: Sequence[Finding]) -> list[Finding]:
        """``beside`` for each line read on its own (``check-text --per-line``): ``start``/``end`` count from the
        start of the line, and each signal carries its line (from 1)."""
        out = []
        for number, line in enumerate(text.splitlines(keepends=True), start=1):
            out += [replace(p, line=number) for p in self.beside(line, [f for f in found if f.line == number])]
        return out


def _bare(feature: str) -> bool:
    """A character n-gram that is one character or holds a punctuation mark (「長。」)."""
    return feature.startswith("c:") and (len(feature) == 3 or not all(ch.isalnum() for ch in feature[2:]))


def _sigmoid(z: float) -> float:
    return 1 / (1 + math.exp(-max(-30.0, min(30.0, z))))


@lru_cache(maxsize=1)
def shipped_model() -> Model | None:
    if not MODEL_FILE.exists():
        return None
    return Model(json.loads(MODEL_FILE.read_text(encoding="utf-8")))


def main() -> None:
    """Train on the training part and write ``data/model.json`` (``python -m mainstream.publicity.model``)."""
    from .model_train import main as train_main

    train_main()


if __name__ == "__main__":
    main()
