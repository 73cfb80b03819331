"""Precision and recall of the reader on the labelled corpus (``data/corpus/*.tsv``).

Each corpus line is ``kinds<TAB>sentence``: the kinds of issue the sentence carries (comma-separated), or ``-``.
A sentence counts once per kind: a true positive when the reader reports that kind and the label has it.
``main.tsv`` is the corpus the lexicon was written against; ``heldout.tsv`` was written apart and not used to
tune the lexicon, so its figures show over-fitting.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .reader import KINDS, Reader

CORPUS = Path(__file__).parent / "data" / "corpus"


@dataclass
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0


@dataclass
class Report:
    portion: str
    sentences: int = 0
    with_issue: int = 0
    by_kind: dict[str, Score] = field(default_factory=lambda: {k: Score() for k in KINDS})
    errors: list[str] = field(default_factory=list)

    @property
    def overall(self) -> Score:
        total = Score()
        for s in self.by_kind.values():
            total.tp += s.tp
            total.fp += s.fp
            total.fn += s.fn
        return total

    def lines(self) -> list[str]:
        out = [f"{self.portion}: {self.sentences} sentences, {self.with_issue} with an issue"]
        for kind, s in [*self.by_kind.items(), ("all", self.overall)]:
            out.append(
                f"  {kind:<15} precision {s.precision:.3f}  recall {s.recall:.3f}  (tp {s.tp} fp {s.fp} fn {s.fn})"
            )
        return out


def corpus_read(name: str) -> list[tuple[frozenset[str], str]]:
    rows = []
    for line in (CORPUS / f"{name}.tsv").read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        labels, sentence = line.split("\t", 1)
        kinds = frozenset() if labels.strip() == "-" else frozenset(k.strip() for k in labels.split(","))
        unknown = kinds - set(KINDS)
        if unknown:
            raise ValueError(f"{name}: unknown kind {unknown} in {sentence}")
        rows.append((kinds, sentence))
    return rows


def evaluate(reader: Reader, name: str) -> Report:
    report = Report(portion=name)
    for gold, sentence in corpus_read(name):
        report.sentences += 1
        report.with_issue += bool(gold)
        found = {f.kind for f in reader.read(sentence)}
        for kind in KINDS:
            score = report.by_kind[kind]
            if kind in found and kind in gold:
                score.tp += 1
            elif kind in found:
                score.fp += 1
                report.errors.append(f"FP {kind}: {sentence}")
            elif kind in gold:
                score.fn += 1
                report.errors.append(f"FN {kind}: {sentence}")
    return report
