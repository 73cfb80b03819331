"""Precision and recall of the reader on labelled corpora.

Two corpora:

- ``data/corpus/*.tsv`` — the corpus written here with the first lexicon (``kinds<TAB>sentence``).
- ``data/real/`` — sentences adapted from real public sources (``sources.tsv`` names each page and whether it is
  in the training part, the held-out part, or the fresh part — pages found and labelled after the rules were
  frozen, never used to change a rule; ``sentences.tsv`` is ``source<TAB>kinds<TAB>sentence<TAB>provenance`` with
  each labelled span in ［…］, one per kind, in order (a single kind may mark several spans). ``provenance`` says
  whose words the sentence is: ``verbatim`` (copied word for word from the page), ``adapted`` (from the page's text,
  lightly edited or not checked word for word) or ``written-here`` (written here, modelled on wording the page
  reports). Only verbatim and adapted sentences are real outside text. The held-out part is whole sources, never read while writing rules.

A sentence counts once per kind: a true positive when the reader reports that kind and the label has it (for the
real corpus, a finding of that kind must also overlap the labelled span; a finding elsewhere is a false positive
and the span a false negative).
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .reader import KINDS, Reader

CORPUS = Path(__file__).parent / "data" / "corpus"
REAL = Path(__file__).parent / "data" / "real"
# Further held-out parts kept in their own directory (same two files): never used to change a rule.
REAL_PARTS = ("heldout3", "heldout4", "heldout5", "heldout6", "heldout7", "heldout8")
# review: labelled, waiting for a second annotator or a held-out decision; neither the rules nor the model learn from
# it until it is moved to train (empty since the d… batches moved on 2026-12-06: ADR 0014, fourth round)
SPLITS = (
    "train",
    "heldout",
    "fresh",
    "heldout2",
    "heldout3",
    "review",
    "heldout4",
    "heldout5",
    "heldout6",
    "heldout7",
    "heldout8",
)


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

    @property
    def f1(self) -> float:
        return 2 * self.tp / (2 * self.tp + self.fp + self.fn) if self.tp else 0.0

    @classmethod
    def summed(cls, scores: list[Score]) -> Score:
        return cls(sum(s.tp for s in scores), sum(s.fp for s in scores), sum(s.fn for s in scores))

    def printed(self) -> str:
        """P and R as printed; a figure with nothing to count (no flag, or no labelled sentence) is "—", not 1.000."""
        p = f"{self.precision:.3f}" if self.tp + self.fp else "  —  "
        r = f"{self.recall:.3f}" if self.tp + self.fn else "  —  "
        return f"P {p}  R {r}  (tp {self.tp:>3} fp {self.fp:>3} fn {self.fn:>3})"


@dataclass
class Report:
    portion: str
    sentences: int = 0
    with_issue: int = 0
    by_kind: dict[str, Score] = field(default_factory=lambda: {k: Score() for k in KINDS})
    errors: list[str] = field(default_factory=list)
    # Whether a sentence with an issue was flagged at all, whatever the kind — issue 12's first measure ("flagged
    # about 2 in 5 of the biased sentences, 1 in 4 of its flags wrong"): a tp when a finding of any kind overlaps a
    # labelled span of any kind; counted by ``evaluate_real`` only (None elsewhere, and then not printed).
    any_kind: Score | None = None
    # every kind's counts summed by source page (``evaluate_real``): what ``page_interval`` resamples
    pages: dict[str, Score] = field(default_factory=dict)

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
            out.append(f"  {kind:<15} {s.printed()}")
        if self.any_kind is not None:
            out.append(f"  {'any kind':<15} {self.any_kind.printed()}")
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


# ---------------------------------------------------------------------------------------------- the real corpus


PROVENANCES = ("verbatim", "adapted", "written-here")


@dataclass(frozen=True)
class Source:
    id: str
    split: str  # train | heldout | fresh | heldout2 (verbatim, frozen 2026-12-05) | heldout3 … (REAL_PARTS: their own directories) | review
    url: str
    title: str


@dataclass(frozen=True)
class Labelled:
    source: str
    sentence: str
    spans: tuple[tuple[str, int, int], ...]  # (kind, start, end)
    provenance: str = "adapted"  # verbatim | adapted | written-here

    @property
    def modelled(self) -> bool:
        """Written here, not taken from the page's text."""
        return self.provenance == "written-here"

    @property
    def kinds(self) -> frozenset[str]:
        return frozenset(k for k, _s, _e in self.spans)


def _real_lines(name: str) -> list[str]:
    """``name`` (sources.tsv or sentences.tsv) of data/real, then of each further part's directory that has it."""
    lines = (REAL / name).read_text(encoding="utf-8").splitlines()
    for part in REAL_PARTS:
        if (REAL / part / name).exists():
            lines += (REAL / part / name).read_text(encoding="utf-8").splitlines()
    return lines


def sources_read() -> dict[str, Source]:
    out = {}
    for line in _real_lines("sources.tsv"):
        if not line.strip() or line.startswith("#"):
            continue
        sid, split, url, title = line.split("\t")
        if split not in SPLITS:
            raise ValueError(f"{sid}: split {split}")
        if sid in out:
            raise ValueError(f"{sid}: source id used twice")
        out[sid] = Source(sid, split, url, title)
    return out


def real_read(split: str | None = None) -> list[Labelled]:
    """The real corpus (``split``: one of ``SPLITS``, or all when None)."""
    sources = sources_read()
    rows = []
    for number, line in enumerate(_real_lines("sentences.tsv"), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        parts = line.split("\t")
        sid, labels, marked = parts[0], parts[1], parts[2]
        if sid not in sources:
            raise ValueError(f"line {number}: unknown source {sid}")
        kinds = [] if labels.strip() == "-" else [k.strip() for k in labels.split(",")]
        if set(kinds) - set(KINDS):
            raise ValueError(f"line {number}: unknown kind in {labels}")
        sentence, spans = "", []
        rest = marked
        while "［" in rest:
            before, _, after = rest.partition("［")
            inside, _, rest = after.partition("］")
            sentence += before
            spans.append((len(sentence), len(sentence) + len(inside)))
            sentence += inside
        sentence += rest
        if len(kinds) == 1 and len(spans) > 1:  # one kind, several spans
            kinds = kinds * len(spans)
        if len(spans) != len(kinds):
            raise ValueError(f"line {number}: {len(kinds)} kinds but {len(spans)} spans: {marked}")
        if split and sources[sid].split != split:
            continue
        provenance = parts[3].strip() if len(parts) > 3 else ""
        if provenance not in PROVENANCES:
            raise ValueError(f"line {number}: provenance {provenance!r} (one of {', '.join(PROVENANCES)})")
        rows.append(
            Labelled(sid, sentence, tuple((k, s, e) for k, (s, e) in zip(kinds, spans, strict=True)), provenance)
        )
    return rows


def evaluate_real(
    reader: Reader | None,
    split: str,
    *,
    modelled: bool | None = None,
    provenance: tuple[str, ...] | None = None,
    model: Any = None,
    label: str = "",
    sources: frozenset[str] | None = None,
) -> Report:
    """Precision and recall on the ``split`` part (``modelled``: only those, or only the others, or all;
    ``provenance``: only sentences of those provenances, e.g. ``("verbatim", "adapted")`` for real outside text;
    ``sources``: only sentences from those source ids).

    ``model`` (a ``model.Model``) adds its "possible issue" findings as the reading page lists them
    (``Model.beside``); with ``reader=None`` only the model reads.
    """
    report = Report(portion=label or f"real {split}", any_kind=Score())
    for row in real_read(split):
        if modelled is not None and row.modelled != modelled:
            continue
        if provenance is not None and row.provenance not in provenance:
            continue
        if sources is not None and row.source not in sources:
            continue
        report.sentences += 1
        report.with_issue += bool(row.spans)
        # as the reading page lists them: the rules' findings, and the model's signals beside the rules' findings and
        # advice (an advice-only term or a match in a stance frame keeps the model's signal of its kind away too)
        found = reader.read(row.sentence, advice=model is not None) if reader is not None else []
        findings = [f for f in found if f.decision == "flagged"]
        if model is not None:
            findings = findings + model.beside(row.sentence, found)
        sentence_score(report.any_kind, [(f.start, f.end) for f in findings], [(s, e) for _k, s, e in row.spans])
        page = report.pages.setdefault(row.source, Score())
        for kind in KINDS:
            score = report.by_kind[kind]
            gold = [(s, e) for k, s, e in row.spans if k == kind]
            found = [f for f in findings if f.kind == kind]
            hit = any(f.start < e and s < f.end for f in found for s, e in gold)
            if hit:
                score.tp += 1
                page.tp += 1
                continue
            if found:
                score.fp += 1
                page.fp += 1
                report.errors.append(f"FP {kind} [{row.source}] 「{found[0].text}」 {row.sentence}")
            if gold:
                score.fn += 1
                page.fn += 1
                report.errors.append(f"FN {kind} [{row.source}] {row.sentence}")
    return report


def _bootstrap(pages: list[str], draws: int, seed: int):  # type: ignore[no-untyped-def]
    """``draws`` resamples of ``pages`` with replacement (the same draws for the same arguments)."""
    rng = random.Random(seed)
    for _ in range(draws):
        yield [rng.choice(pages) for _ in pages]


def _interval(values: list[float], level: float) -> tuple[float, float]:
    values = sorted(values)
    cut = int(len(values) * (1 - level) / 2)
    return values[cut], values[len(values) - 1 - cut]


def page_interval(
    pages: dict[str, Score], *, draws: int = 2000, seed: int = 0, level: float = 0.95
) -> dict[str, tuple[float, float]]:
    """Precision, recall and F1 (every kind) of one part with a percentile interval from a bootstrap over its
    source pages — whole pages are resampled, as the parts are split by page. With about 100 pages and 100 labelled
    issues a part's figures move by several hundredths between draws: two readers (or models) whose figures differ
    by less cannot be told apart on it."""
    names = sorted(pages)
    out: dict[str, list[float]] = {"P": [], "R": [], "F1": []}
    for drawn in _bootstrap(names, draws, seed):
        score = Score.summed([pages[p] for p in drawn])
        out["P"].append(score.precision)
        out["R"].append(score.recall)
        out["F1"].append(score.f1)
    return {name: _interval(values, level) for name, values in out.items()}


def paired_page_interval(
    before: dict[str, Score], after: dict[str, Score], *, draws: int = 2000, seed: int = 0, level: float = 0.95
) -> tuple[float, tuple[float, float]]:
    """F1 of ``after`` minus F1 of ``before`` on the same part (every kind), with a percentile interval from a
    bootstrap over its pages in which both are counted on the same draw (paired)."""
    if set(before) != set(after):
        raise ValueError("the two reports are of different pages")
    names = sorted(before)

    def delta(drawn: list[str]) -> float:
        return Score.summed([after[p] for p in drawn]).f1 - Score.summed([before[p] for p in drawn]).f1

    return delta(names), _interval([delta(d) for d in _bootstrap(names, draws, seed)], level)


def interval_line(report: Report) -> str:
    """``page_interval`` of a report as one printed line."""
    found = page_interval(report.pages)
    return (
        f"  {'all, 95%':<13} P {found['P'][0]:.3f}–{found['P'][1]:.3f}  R {found['R'][0]:.3f}–{found['R'][1]:.3f}"
        f"  F1 {found['F1'][0]:.3f}–{found['F1'][1]:.3f}  (bootstrap over its {len(report.pages)} pages)"
    )


def sentence_score(score: Score | None, found: list[tuple[int, int]], gold: list[tuple[int, int]]) -> None:
    """Count one sentence into ``score`` whatever the kinds: a tp when a found span overlaps a labelled one; else a
    fp when anything was found, and a fn when something was labelled."""
    if score is None:
        return
    if any(s1 < e2 and s2 < e1 for s1, e1 in found for s2, e2 in gold):
        score.tp += 1
        return
    score.fp += bool(found)
    score.fn += bool(gold)


def side_by_side(left: Report, right: Report) -> list[str]:
    """Two portions' precision and recall per kind, beside each other (printed at the end of every test run)."""
    out = [
        f"{'':<15} {left.portion + f' ({left.sentences}, {left.with_issue} with issue)':<44}"
        f"{right.portion} ({right.sentences}, {right.with_issue} with issue)"
    ]
    for kind in [*KINDS, "all"]:
        a = left.overall if kind == "all" else left.by_kind[kind]
        b = right.overall if kind == "all" else right.by_kind[kind]
        out.append(f"  {kind:<13} {a.printed()}     {b.printed()}")
    if left.any_kind is not None and right.any_kind is not None:
        out.append(f"  {'any kind':<13} {left.any_kind.printed()}     {right.any_kind.printed()}")
    return out
