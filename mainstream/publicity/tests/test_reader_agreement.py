"""How far two annotators agree on the held-out parts from heldout3 on: the ceiling the labels themselves allow (issue 12).

heldout3 (``data/real/heldout3/sentences.tsv``) was labelled by one annotator (an AI helper). A second AI helper
labelled the same 275 sentences blind to those labels (``data/real/heldout3/second.tsv``, ``source<TAB>kinds<TAB>
sentence``, spans in ［…］ optional). This module checks that both files hold the same sentences with valid kinds, and
prints (``pytest -s``, and in the run's summary):

- the second annotator scored as if it were a reader against the first — sentence-level, per kind, counted as
  ``quality.Report`` counts (a kind in both is a tp, only in the second a fp, only in the first a fn); also with the
  span-overlap rule ``quality.evaluate_real`` applies to the reader, so that it compares with the rules' figures;
- Cohen's kappa per kind and for "has an issue";
- beside them, the rules' own figures on heldout3 (``quality.evaluate_real``), against the first annotator as always,
  and against the second annotator for comparison.

Figures on real outside text, labelled by two AI annotators; no human annotator is involved. Only structural
assertions: agreement is measured, never floored.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from mainstream.publicity.quality import REAL, REAL_PARTS, Report, Score, evaluate_real, real_read, sentence_score
from mainstream.publicity.reader import KINDS, shipped_reader

SECOND = REAL / "heldout3" / "second.tsv"

# Sentences whose very case heldout3/README.md names (its conventions cite 甜美女警, 正妹主持人, 汐止女警, 女駕駛 in a
# headline, 弟兄 for fire fighters …; its counts name the discrimination positives: temple rules, interview
# questions, the airline's weight rule …). The second annotator read that README before labelling, so agreement is
# also printed without them.
SIGNPOSTED = (
    *("甜美女警", "正妹主持人", "辣女警", "不男不女", "溫順與勤勞", "字又漂亮", "汐止女警", "被污名化的綽號", "吳女"),
    *("女駕駛", "女司機", "女醫", "弟兄", "兄弟", "美化與遮掩"),
    *("月經", "躦轎", "鑽轎", "有男朋友嗎", "結婚打算嗎", "懷孕的打算嗎", "女乘務員", "標準體重", "自動離職"),
    *("扣0.5分", "男系子孫", "龍舟", "錄取孕婦", "不敢再請孕婦"),
)


@dataclass(frozen=True)
class Row:
    source: str
    sentence: str  # without ［］
    spans: tuple[tuple[str, int, int], ...]  # (kind, start, end); empty when the file marks no span

    @property
    def kinds(self) -> frozenset[str]:
        return frozenset(k for k, _s, _e in self.spans)


def second_read(path: Path = SECOND) -> list[Row]:
    """An annotator's own file: ``source<TAB>kinds<TAB>sentence`` with optional ［…］ spans (a fourth column, the
    provenance of ``sentences.tsv``'s format, is allowed and ignored)."""
    rows = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        source, labels, marked = line.split("\t")[:3]
        kinds = [] if labels.strip() == "-" else [k.strip() for k in labels.split(",")]
        if not kinds and labels.strip() != "-" or set(kinds) - set(KINDS):
            raise ValueError(f"{path.name} line {number}: kinds {labels!r} (one or more of {', '.join(KINDS)}, or -)")
        sentence, marks, rest = "", [], marked
        while "［" in rest:
            before, _, after = rest.partition("［")
            inside, _, rest = after.partition("］")
            sentence += before
            marks.append((len(sentence), len(sentence) + len(inside)))
            sentence += inside
        sentence += rest
        if "］" in sentence:
            raise ValueError(f"{path.name} line {number}: ］ without ［")
        # Spans are informative, not tied to a kind: every marked span counts for every kind of the sentence, and
        # a sentence with kinds but no span counts as wholly marked.
        marks = marks or [(0, len(sentence))]
        spans = [(k, s, e) for k in dict.fromkeys(kinds) for s, e in marks]
        rows.append(Row(source, sentence, tuple(spans)))
    return rows


def kappa(a: list[bool], b: list[bool]) -> float:
    """Cohen's kappa of two yes/no labellings of the same items (1 = full agreement, 0 = chance)."""
    n = len(a)
    observed = sum(x == y for x, y in zip(a, b, strict=True)) / n
    pa, pb = sum(a) / n, sum(b) / n
    expected = pa * pb + (1 - pa) * (1 - pb)
    return 1.0 if expected == 1 else (observed - expected) / (1 - expected)


def kappa_lines(first, second) -> list[str]:
    """Cohen's kappa per kind and for "has an issue", one printed line each (matched sentences, same order)."""
    lines = []
    for kind in KINDS:
        k = kappa([kind in r.kinds for r in first], [kind in r.kinds for r in second])
        lines.append(f"  {kind:<15} {k:.3f}")
    lines.append(f"  {'has an issue':<15} {kappa([bool(r.spans) for r in first], [bool(r.spans) for r in second]):.3f}")
    return lines


def annotator_report(first, second, *, label: str, overlap: bool = False) -> Report:
    """``second`` scored as if it were a reader against ``first`` (matched sentences, same order), per kind.

    ``overlap``: as ``evaluate_real`` scores the reader — a tp needs a span of the kind in ``second`` overlapping one
    in ``first``; a kind in both without overlap counts as a fp and a fn."""
    report = Report(portion=label, any_kind=Score())
    for gold, other in zip(first, second, strict=True):
        report.sentences += 1
        report.with_issue += bool(gold.spans)
        g_all = [(s, e) for _k, s, e in gold.spans]
        # sentence-level "any kind": without ``overlap``, the second's whole sentence counts as its span
        o_all = [(s, e) for _k, s, e in other.spans] if overlap else [(0, len(other.sentence))] * bool(other.spans)
        sentence_score(report.any_kind, o_all, g_all)
        for kind in KINDS:
            score = report.by_kind[kind]
            g = [(s, e) for k, s, e in gold.spans if k == kind]
            o = [(s, e) for k, s, e in other.spans if k == kind]
            hit = bool(g and o) and (not overlap or any(s1 < e2 and s2 < e1 for s1, e1 in o for s2, e2 in g))
            if hit:
                score.tp += 1
                continue
            if o:
                score.fp += 1
                report.errors.append(f"second only {kind} [{other.source}] {other.sentence}")
            if g:
                score.fn += 1
                report.errors.append(f"first only {kind} [{gold.source}] {gold.sentence}")
    return report


def reader_against(rows, reader, *, label: str) -> Report:
    """The rules scored against ``rows`` (the second annotator's labels), counted as ``evaluate_real`` counts."""
    report = Report(portion=label)
    for row in rows:
        report.sentences += 1
        report.with_issue += bool(row.spans)
        findings = reader.read(row.sentence)
        for kind in KINDS:
            score = report.by_kind[kind]
            gold = [(s, e) for k, s, e in row.spans if k == kind]
            found = [f for f in findings if f.kind == kind]
            if any(f.start < e and s < f.end for f in found for s, e in gold):
                score.tp += 1
                continue
            score.fp += bool(found)
            score.fn += bool(gold)
    return report


@pytest.fixture(scope="module")
def paired():
    first = real_read("heldout3")
    second = {r.sentence: r for r in second_read()}
    return first, [second[r.sentence] for r in first if r.sentence in second], second


def test_both_annotators_labelled_the_same_sentences(paired):
    first, matched, second = paired
    assert len(first) == 275
    assert len(second) == len(first), "a sentence appears twice in second.tsv, or one is missing"
    assert {r.sentence for r in first} == set(second), "second.tsv holds other sentences than heldout3"
    assert len(matched) == len(first)
    assert all(a.source == b.source for a, b in zip(first, matched, strict=True)), "a sentence under another source"
    assert all(set(r.kinds) <= set(KINDS) for r in matched)


def test_second_read_rejects_an_unknown_kind(tmp_path):
    bad = tmp_path / "second.tsv"
    bad.write_text("h3-01\tsexism\t一句話。\n", encoding="utf-8")
    with pytest.raises(ValueError, match="kinds"):
        second_read(bad)
    bad.write_text("h3-01\tbias\t一句［話。\n", encoding="utf-8")
    assert second_read(bad)[0].sentence == "一句話。"


def test_kappa_on_readable_cases():
    assert kappa([True, False, True, False], [True, False, True, False]) == 1.0
    assert kappa([True, True, False, False], [True, False, True, False]) == 0.0
    assert kappa([True, False], [False, True]) == -1.0


def agreement_lines(first, second) -> list[str]:
    sentence_level = annotator_report(first, second, label="second vs first, sentence-level")
    spans = annotator_report(first, second, label="second vs first, spans overlap", overlap=True)
    lines = [
        f"heldout3, agreement of two annotators (real outside text, both AI helpers; {len(first)} sentences,"
        f" {sum(bool(r.spans) for r in first)} with an issue for the first, {sum(bool(r.spans) for r in second)}"
        " for the second)",
        "  the second annotator scored as a reader against the first:",
        *sentence_level.lines(),
        "  Cohen's kappa:",
    ]
    lines += kappa_lines(first, second)
    plain = [i for i, r in enumerate(first) if not any(f in r.sentence for f in SIGNPOSTED)]
    rest = annotator_report(
        [first[i] for i in plain],
        [second[i] for i in plain],
        label=f"second vs first, without the {len(first) - len(plain)} sentences README.md names",
    )
    lines += [*rest.lines()]
    lines.append(
        "  kappa, has an issue, without them: "
        f"{kappa([bool(first[i].spans) for i in plain], [bool(second[i].spans) for i in plain]):.3f}"
    )
    reader = shipped_reader()
    rules = evaluate_real(reader, "heldout3", label="rules vs first (as always)")
    lines += [
        "  side by side: the second annotator vs the first, counted as the reader is (spans must overlap),"
        " and the rules vs the first:",
        *_side(spans, rules),
        "  and the rules against each annotator:",
        *_side(rules, reader_against(second, reader, label="rules vs second")),
    ]
    return lines


def _side(left: Report, right: Report) -> list[str]:
    out = [f"  {'':<13} {left.portion:<44}{right.portion}"]
    for kind in [*KINDS, "all"]:
        a: Score = left.overall if kind == "all" else left.by_kind[kind]
        b: Score = right.overall if kind == "all" else right.by_kind[kind]
        out.append(f"  {kind:<13} {a.printed()}     {b.printed()}")
    return out


def test_agreement_figures(paired, record_property):
    first, second, _ = paired
    lines = agreement_lines(first, second)
    print("\n" + "\n".join(lines))
    record_property("summary", "\n".join(lines))
    assert len(lines) > 10


# -- the d… batches (888 sentences of 2026-12-06, first kept apart as "review": ADR 0014 fourth round): a blind second
# annotator on 200 of them
REVIEW_SECOND = REAL / "review-second.tsv"


def test_review_sample_agreement(record_property):
    """The second annotator's 200 sentences are d… training sentences under their own sources; agreement is printed
    (kappa per kind and for "has an issue"), never floored: it says whether the review part's labels follow the
    conventions the held-out parts were labelled by (ADR 0008)."""
    second = second_read(REVIEW_SECOND)
    first_by_sentence = {(r.source, r.sentence): r for r in real_read("train") if r.source.startswith("d")}
    assert len(second) == 200 and len({(r.source, r.sentence) for r in second}) == 200
    first = [first_by_sentence[(r.source, r.sentence)] for r in second]  # KeyError: not one of those sentences
    lines = [
        f"d… batches' sample, agreement of two annotators (real outside text, both AI helpers; {len(first)} sentences,"
        f" {sum(bool(r.spans) for r in first)} with an issue for the first, {sum(bool(r.spans) for r in second)}"
        " for the second); Cohen's kappa:"
    ]
    lines += kappa_lines(first, second)
    print("\n" + "\n".join(lines))
    record_property("summary", "\n".join(lines))


# -- heldout4, heldout5 and heldout6 (2026-12-06): a blind second annotator on all of each, so that their figures can be read
# beside what two annotators agree on (ADR 0014, fifth round). Each second annotator read ADRs 0006/0008 and training
# lines only: not the part's README, whose conventions quote its own sentences.
@pytest.mark.parametrize("part", ["heldout4", "heldout5", "heldout6"])
def test_held_out_part_agreement(part, record_property):
    first = real_read(part)
    second_by_sentence = {(r.source, r.sentence): r for r in second_read(REAL / part / "second.tsv")}
    assert len(second_by_sentence) == len(first), f"second.tsv holds other sentences than {part}"
    second = [second_by_sentence[(r.source, r.sentence)] for r in first]  # KeyError: a sentence not labelled twice
    report = annotator_report(first, second, label=f"{part}, second annotator vs first, sentence-level")
    lines = [
        f"{part}, agreement of two annotators (real outside text, both AI helpers; {len(first)} sentences,"
        f" {sum(bool(r.spans) for r in first)} with an issue for the first, {sum(bool(r.spans) for r in second)}"
        " for the second)",
        "  the second annotator scored as a reader against the first (what a second careful reader reaches):",
        *report.lines(),
        "  Cohen's kappa:",
    ]
    lines += kappa_lines(first, second)
    print("\n" + "\n".join(lines))
    record_property("summary", "\n".join(lines))


# -- heldout7 and later (2026-12-06, ADR 0014 seventh round on): labelled by two annotators blind to each other
# (``first.tsv``, ``second.tsv``), and where they differ in kinds an adjudicator who saw both labels without their
# authors decided; ``sentences.tsv`` holds the result, the reference every reader figure on the part is counted against.
ADJUDICATED = [part for part in REAL_PARTS if (REAL / part / "first.tsv").exists()]


@pytest.mark.parametrize("part", ADJUDICATED)
def test_a_part_labelled_twice_was_adjudicated_only_where_the_annotators_differ(part, record_property):
    adjudicated = real_read(part)
    first = {(r.source, r.sentence): r for r in second_read(REAL / part / "first.tsv")}
    second = {(r.source, r.sentence): r for r in second_read(REAL / part / "second.tsv")}
    assert len(first) == len(second) == len(adjudicated), "first.tsv, second.tsv and sentences.tsv differ in size"
    a = [first[(r.source, r.sentence)] for r in adjudicated]  # KeyError: a sentence one annotator did not label
    b = [second[(r.source, r.sentence)] for r in adjudicated]
    agreed = [i for i, (x, y) in enumerate(zip(a, b, strict=True)) if x.kinds == y.kinds]
    # where both annotators chose the same kinds, the adjudicator was not asked: their kinds stand
    assert all(frozenset(adjudicated[i].kinds) == a[i].kinds for i in agreed)
    # where they differed, the adjudicator's decision (adjudicated.tsv: item, source, kinds, sentence, reason) stands
    decided = {}
    for line in (REAL / part / "adjudicated.tsv").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            _item, source, kinds, marked, reason = line.split("\t")
            assert reason.strip(), "every decision gives its reason"
            plain = marked.replace("［", "").replace("］", "")
            decided[(source, plain)] = frozenset() if kinds == "-" else frozenset(kinds.split(","))
    differed = {(r.source, r.sentence) for i, r in enumerate(adjudicated) if i not in set(agreed)}
    assert set(decided) == differed, "the adjudicator decided other sentences than those the annotators differ on"
    assert all(
        frozenset(r.kinds) == decided[(r.source, r.sentence)] for r in adjudicated if (r.source, r.sentence) in differed
    )
    lines = [
        f"{part}, two annotators and an adjudicator (real outside text, all AI helpers; {len(a)} sentences;"
        f" with an issue: first {sum(bool(r.spans) for r in a)}, second {sum(bool(r.spans) for r in b)},"
        f" adjudicated {sum(bool(r.spans) for r in adjudicated)}; {len(a) - len(agreed)} sentences adjudicated)",
        "  the second annotator scored as a reader against the first (what a second careful reader reaches):",
        *annotator_report(a, b, label=f"{part}, second vs first, sentence-level").lines(),
        "  Cohen's kappa, first and second:",
        *kappa_lines(a, b),
        "  each annotator against the adjudicated labels (not independent of them: the adjudicator chose between"
        " the two):",
        *annotator_report(adjudicated, a, label=f"{part}, first vs adjudicated").lines(),
        *annotator_report(adjudicated, b, label=f"{part}, second vs adjudicated").lines(),
    ]
    print("\n" + "\n".join(lines))
    record_property("summary", "\n".join(lines))
