"""A small statistical model beside the reader's rules: a "possible issue" signal for whole statements.

Character n-grams (1–3) of the normalised sentence, one logistic regression per kind (one against the rest),
trained with scikit-learn on the **training part** of the real corpus and the corpus written here
(``data/corpus/main.tsv``); never on the held-out or fresh parts. The fitted weights are shipped as data
(``data/model.json``: the n-grams with the largest weights and the intercept per kind), so reading needs no
scikit-learn and every signal is explained by the n-grams that weighed most.

Train again after the corpus changes: ``python -m mainstream.publicity.model`` (needs the dev extras).
The signal is advice: the page lists it apart from the rules' findings, and the test run prints its figures
separately (alone, and what it adds to the rules).
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .reader import KIND_LABELS, KINDS, Finding, normalise, shipped_meta

MODEL_FILE = Path(__file__).parent / "data" / "model.json"
NGRAMS = (1, 3)
KEEP = 3000  # n-grams kept per kind (the largest absolute weights)


def _grams(norm: str) -> set[str]:
    text = "".join(ch for ch in norm if not ch.isspace())
    return {text[i : i + n] for n in range(NGRAMS[0], NGRAMS[1] + 1) for i in range(len(text) - n + 1)}


@dataclass(frozen=True)
class Signal:
    kind: str
    probability: float
    evidence: tuple[str, ...]  # the n-grams that weighed most

    @property
    def explanation(self) -> str:
        return (
            f"統計模型估計此句可能有{KIND_LABELS.get(self.kind, self.kind)}問題（機率 {self.probability:.2f}），"
            f"主要依據：{'、'.join(f'「{g}」' for g in self.evidence)}。請依上下文判斷；模型只作提醒，不列為問題。"
        )


class Model:
    def __init__(self, data: dict) -> None:  # type: ignore[type-arg]
        self.threshold = float(data["threshold"])
        self.kinds = {k: (float(v["intercept"]), dict(v["weights"])) for k, v in data["kinds"].items()}
        self._variants = shipped_meta().variants

    def signals(self, sentence: str) -> list[Signal]:
        grams = _grams(normalise(sentence, self._variants))
        out = []
        for kind, (intercept, weights) in self.kinds.items():
            parts = [(weights[g], g) for g in grams if g in weights]
            z = intercept + sum(w for w, _g in parts)
            p = 1 / (1 + math.exp(-z))
            if p >= self.threshold:
                top = tuple(g for w, g in sorted(parts, reverse=True)[:3] if w > 0)
                out.append(Signal(kind, p, top))
        return sorted(out, key=lambda s: -s.probability)

    def findings(self, text: str) -> list[Finding]:
        """One finding per sentence the model suspects (the most likely kind), spanning the sentence."""
        out = []
        start = 0
        for i, ch in enumerate(text + "。"):
            if ch in "。！？!?；;\n" or i == len(text):
                sentence = text[start : i + 1 if i < len(text) else i]
                stripped = sentence.strip()
                if stripped:
                    signals = self.signals(stripped)
                    if signals:
                        s = signals[0]
                        lead = len(sentence) - len(sentence.lstrip())
                        a = start + lead
                        out.append(
                            Finding(
                                start=a,
                                end=a + len(stripped),
                                text=stripped,
                                kind=s.kind,
                                item="10",
                                explanation=s.explanation,
                                decision="possible",
                                decision_reason="統計模型的提醒（不是詞庫規則）",
                            )
                        )
                start = i + 1
        return out


@lru_cache(maxsize=1)
def shipped_model() -> Model | None:
    if not MODEL_FILE.exists():
        return None
    return Model(json.loads(MODEL_FILE.read_text(encoding="utf-8")))


def train(threshold: float = 0.6) -> dict:  # type: ignore[type-arg]
    """Fit the model on the training data and return it as shippable data (see the module docstring)."""
    from sklearn.feature_extraction.text import CountVectorizer
    from sklearn.linear_model import LogisticRegression

    from .quality import corpus_read, real_read

    variants = shipped_meta().variants
    rows: list[tuple[str, frozenset[str]]] = [(r.sentence, r.kinds) for r in real_read("train")]
    rows += [(sentence, kinds) for kinds, sentence in corpus_read("main")]
    texts = ["".join(ch for ch in normalise(s, variants) if not ch.isspace()) for s, _k in rows]
    vectoriser = CountVectorizer(analyzer="char", ngram_range=NGRAMS, binary=True, min_df=2)
    matrix = vectoriser.fit_transform(texts)
    vocabulary = vectoriser.get_feature_names_out()
    kinds = {}
    for kind in KINDS:
        labels = [int(kind in k) for _s, k in rows]
        clf = LogisticRegression(C=2.0, max_iter=2000, class_weight="balanced")
        clf.fit(matrix, labels)
        coef = clf.coef_[0]
        top = sorted(range(len(coef)), key=lambda i: -abs(coef[i]))[:KEEP]
        kinds[kind] = {
            "intercept": round(float(clf.intercept_[0]), 4),
            "weights": {str(vocabulary[i]): round(float(coef[i]), 4) for i in sorted(top, key=lambda i: vocabulary[i])},
        }
    return {
        "about": "publicity reader's statistical model: char 1-3-grams, logistic regression per kind, trained on "
        "the real corpus' training part and data/corpus/main.tsv (see mainstream/publicity/model.py)",
        "sentences": len(rows),
        "threshold": threshold,
        "kinds": kinds,
    }


def main() -> None:
    data = train()
    MODEL_FILE.write_text(json.dumps(data, ensure_ascii=False, indent=0, sort_keys=True) + "\n", encoding="utf-8")
    print(
        f"{MODEL_FILE}: {data['sentences']} sentences, {sum(len(k['weights']) for k in data['kinds'].values())} n-grams"
    )


if __name__ == "__main__":
    main()
