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

import json
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from .reader import KIND_LABELS, Finding, normalise, shipped_meta

MODEL_FILE = Path(__file__).parent / "data" / "model.json"
SENTENCE_END = "。！？!?；;\n"
QUOTE_OPEN = "「『“《〈"
QUOTE_CLOSE = "」』”》〉"


def sentences(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` of each sentence of ``text`` (split after 。！？；, a newline), stripped of spaces."""
    out = []
    start = 0
    for i, ch in enumerate(text + "。"):
        if ch in SENTENCE_END or i == len(text):
            piece = text[start : i + 1 if i < len(text) else i]
            stripped = piece.strip()
            if stripped:
                a = start + len(piece) - len(piece.lstrip())
                out.append((a, a + len(stripped)))
            start = i + 1
    return out


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

    def norm(self, text: str) -> tuple[str, list[int]]:
        """The normalised text without spaces, and where each of its characters is in ``text``."""
        folded = normalise(text, self.variants)
        where = [i for i, ch in enumerate(folded) if not ch.isspace()]
        return "".join(folded[i] for i in where), where

    def __call__(self, sentence: str) -> dict[str, str]:
        """feature → the piece of ``sentence`` that gave it."""
        text, where = self.norm(sentence)

        def piece(s: int, e: int) -> str:
            return sentence[where[s] : where[e - 1] + 1] if e > s else ""

        out: dict[str, str] = {}
        if self.char:
            for n in range(self.char[0], self.char[1] + 1):
                for i in range(len(text) - n + 1):
                    if "c:" + text[i : i + n] not in out:
                        out["c:" + text[i : i + n]] = piece(i, i + n)
        matches = [(m.start(), m.end(), self.word_class[m.group()]) for m in self.regex.finditer(text)]
        if self.abs and matches:
            # the sentence as tokens: each class word becomes MARK + its class, other characters stay
            tokens: list[tuple[str, int, int]] = []
            pos = 0
            for s, e, code in matches:
                tokens += [(text[i], i, i + 1) for i in range(pos, s)]
                tokens.append((MARK + code, s, e))
                pos = e
            tokens += [(text[i], i, i + 1) for i in range(pos, len(text))]
            for n in range(self.abs[0], self.abs[1] + 1):
                for i in range(len(tokens) - n + 1):
                    window = tokens[i : i + n]
                    if any(t[0][0] == MARK for t in window):
                        out.setdefault("a:" + "".join(t[0] for t in window), piece(window[0][1], window[-1][2]))
        for s, e, code in matches:
            out.setdefault("b:" + code, piece(s, e))
        if self.near:
            for i, (s1, e1, c1) in enumerate(matches):
                for s2, e2, c2 in matches[i + 1 :]:
                    if s2 - e1 > self.near:
                        break
                    out.setdefault(f"n:{c1}>{c2}", piece(s1, e2))
        if self.quote:
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
                out.setdefault("q:", "「」")
            for s, e, code in matches:
                if s in inside:
                    out.setdefault("q:" + code, piece(s, e))
        return out

    def describe(self, feature: str, piece: str) -> str:
        """A feature in Chinese: 「女人就是」（女性稱謂與概括語氣相鄰）."""
        kind, _, body = feature.partition(":")
        if kind == "a":
            classes = "＋".join(self.labels[body[i + 1]] for i, ch in enumerate(body) if ch == MARK)
            return f"「{piece}」（{classes}）"
        if kind == "b":
            return f"「{piece}」（{self.labels[body]}）"
        if kind == "n":
            a, _, b = body.partition(">")
            return f"「{piece}」（{self.labels[a]}與{self.labels[b]}相鄰）"
        if kind == "q":
            return "句中有「」引號" if not body else f"引號內的「{piece}」（{self.labels[body]}）"
        return f"「{piece}」"


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
        self.kinds = {
            k: (float(v["intercept"]), float(v["threshold"]), dict(v["weights"])) for k, v in data["kinds"].items()
        }

    def signals(self, sentence: str) -> list[Signal]:
        """Every kind whose probability reaches its threshold, most likely first."""
        feats = self.features(sentence)
        out = []
        for kind, (intercept, threshold, weights) in self.kinds.items():
            parts = [(weights[f], f) for f in feats if f in weights]
            z = intercept + sum(w for w, _f in parts)
            p = 1 / (1 + math.exp(-max(-30.0, min(30.0, z))))
            if p >= threshold:
                out.append(Signal(kind, p, self._evidence(parts, feats)))
        out.sort(key=lambda s: -s.probability)
        return out[:1] if self.top1 else out

    def _evidence(self, parts: list[tuple[float, str]], feats: dict[str, str]) -> tuple[str, ...]:
        """The three features that weighed most, leaving out one whose words another of the first eight shows
        (「女人」 says nothing more beside 「女人就是」)."""
        top = [f for w, f in sorted(parts, reverse=True)[:8] if w > 0]
        kept: list[str] = []
        for f in top:
            piece = feats[f]
            if any(piece != feats[g] and piece in feats[g] for g in top) or piece in {feats[g] for g in kept}:
                continue
            kept.append(f)
        return tuple(self.features.describe(f, feats[f]) for f in kept[:3])

    def findings(self, text: str) -> list[Finding]:
        """One finding per sentence and kind the model suspects, spanning the sentence."""
        out = []
        for a, b in sentences(text):
            stripped = text[a:b]
            for s in self.signals(stripped):
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
