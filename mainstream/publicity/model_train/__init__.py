"""Training the reader's statistical part, and the source-grouped cross-validation that chose it (ADR 0014).

Run ``python -m mainstream.publicity.model`` (needs the dev extras: scikit-learn). It reads only the **training part**
of the real corpus (``real_read("train")``) and the corpus written here (``data/corpus/main.tsv``); the held-out
parts (heldout, fresh, heldout2, heldout3 … heldout6) and the review part are never read here.

Protocol. Every choice — the features, the regularisation, each kind's threshold, how the signal joins the rules —
is made by cross-validation on the training part, **grouped by source page** (``GroupKFold`` on the source id: a page
is never on both sides of a fold). A real sentence is cut into the sentences the model reads (``model.sentences``);
each is labelled with the kinds whose labelled span it overlaps. The sentences written here (``main.tsv``) are only
ever training data, never counted. The figures are nested: within each outer fold the thresholds are chosen by an
inner grouped cross-validation on that fold's training pages alone, so the printed figures include the threshold
choice. ``python -m mainstream.publicity.model_train --search`` prints the figures of the alternatives tried.

The figures count a sentence once per kind, as ``quality.evaluate_real`` does (a signal must overlap the labelled
span). "model + rules" figures on the training part are optimistic: the rules were written from these sentences.
"""

from __future__ import annotations

import argparse
import json
import math
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

from ..model import MODEL_FILE, Features, sentences, with_context
from ..quality import Score, corpus_read, real_read
from ..reader import KINDS
from .settings import CHOSEN, FOLDS, INNER_FOLDS, SEED, THRESHOLDS, Settings
from .vocabulary import model_classes


@dataclass
class Data:
    """The training part cut into the model's sentences, and the corpus written here (training only)."""

    rows: list[Any]  # quality.Labelled
    units: list[tuple[int, int, int, frozenset[str]]]  # (row, start, end, kinds)
    groups: list[str]  # the source page of each unit
    texts: list[str]
    extra_texts: list[str]
    extra_kinds: list[frozenset[str]]
    feats: list[dict[str, str]] = field(default_factory=list)
    extra_feats: list[dict[str, str]] = field(default_factory=list)


def data_load() -> Data:
    rows = real_read("train")
    units, groups, texts = [], [], []
    for ri, row in enumerate(rows):
        for s, e in sentences(row.sentence):
            units.append((ri, s, e, frozenset(k for k, a, b in row.spans if a < e and s < b)))
            groups.append(row.source)
            texts.append(row.sentence[s:e])
    main = corpus_read("main")
    return Data(rows, units, groups, texts, [s for _k, s in main], [k for k, _s in main])


def featurise(data: Data, features: Features, context: bool = False) -> None:
    data.feats = [features(t) for t in data.texts]
    data.extra_feats = [features(t) for t in data.extra_texts]
    if context:
        own = [dict(f) for f in data.feats]
        for i, (ri, _s, _e, _k) in enumerate(data.units):
            for j in (i - 1, i + 1):
                if 0 <= j < len(data.units) and data.units[j][0] == ri:
                    data.feats[i].update(with_context(own[j]))


class Fitted:
    """One logistic regression per kind on binary features, pruned to ``settings.keep`` weights per kind."""

    def __init__(
        self,
        feats: Sequence[dict[str, str]],
        kinds: Sequence[frozenset[str]],
        settings: Settings,
        weights: Sequence[float] | None = None,
        pages: Sequence[str] | None = None,
    ) -> None:
        import numpy as np
        from sklearn.feature_extraction import DictVectorizer
        from sklearn.linear_model import LogisticRegression

        counts: dict[str, int] = {}
        for f in feats:
            for name in f:
                counts[name] = counts.get(name, 0) + 1
        if settings.min_pages > 1 and pages is not None:  # a feature of one page's topic only is dropped too
            seen: dict[str, set[str]] = {}
            for f, page in zip(feats, pages, strict=True):
                for name in f:
                    seen.setdefault(name, set()).add(page)
            counts = {n: c if len(seen[n]) >= settings.min_pages else 0 for n, c in counts.items()}
        self.vec = DictVectorizer()
        scale = settings.class_scale
        matrix = self.vec.fit_transform(
            [{n: 1 if n.startswith("c:") else scale for n in f if counts[n] >= settings.min_df} for f in feats]
        ).tocsr()
        matrix.indices = matrix.indices.astype(np.int32)  # liblinear takes 32-bit indices only
        matrix.indptr = matrix.indptr.astype(np.int32)
        names = self.vec.get_feature_names_out()

        def one(labels: Any, rows: Any = None) -> tuple[float, dict[str, float]]:
            clf = LogisticRegression(
                C=settings.c,
                max_iter=3000,
                class_weight=settings.class_weight,
                solver="liblinear",
                intercept_scaling=settings.intercept_scaling,
            )
            x = matrix if rows is None else matrix[rows]
            ratio = np.ones(x.shape[1])
            if settings.nb:
                binary = (x > 0).astype(float)
                pos = np.asarray(binary[labels == 1].sum(axis=0)).ravel() + 1
                neg = np.asarray(binary[labels == 0].sum(axis=0)).ravel() + 1
                ratio = np.abs(np.log((pos / pos.sum()) / (neg / neg.sum())))
                x = x.multiply(ratio).tocsr()
                x.indices = x.indices.astype(np.int32)
                x.indptr = x.indptr.astype(np.int32)
            w = None if weights is None else np.asarray(weights if rows is None else [weights[i] for i in rows])
            clf.fit(x, labels, sample_weight=w)
            raw, intercept = clf.coef_[0].copy(), float(clf.intercept_[0])
            if settings.ensemble:
                # members averaged on the logit scale (one linear model again): each rescaled so that its decision
                # values spread as the regression's do on the training sentences
                spread = float(np.std(x @ raw)) or 1.0
                members = [(raw, intercept)]
                for member in settings.ensemble:
                    if member == "svm":
                        from sklearn.svm import LinearSVC

                        m = LinearSVC(C=settings.c, class_weight=settings.class_weight, max_iter=5000)
                        m.fit(x, labels, sample_weight=w)
                        mw, mb = m.coef_[0], float(m.intercept_[0])
                    elif member == "classes":  # the regression on the word-class features alone
                        mask = np.array([0.0 if str(n).startswith("c:") else 1.0 for n in names])
                        xm = x.multiply(mask).tocsr()
                        xm.indices = xm.indices.astype(np.int32)
                        xm.indptr = xm.indptr.astype(np.int32)
                        m = LogisticRegression(
                            C=settings.c, max_iter=3000, class_weight=settings.class_weight, solver="liblinear"
                        )
                        m.fit(xm, labels, sample_weight=w)
                        mw, mb = m.coef_[0] * mask, float(m.intercept_[0])
                    else:
                        raise ValueError(member)
                    a = spread / (float(np.std(x @ mw)) or 1.0)
                    members.append((mw * a, mb * a))
                raw = sum(mw for mw, _b in members) / len(members)
                intercept = sum(b for _w, b in members) / len(members)
            coef = np.array(
                [c * r * (1 if str(n).startswith("c:") else scale) for c, r, n in zip(raw, ratio, names, strict=True)]
            )
            top = np.argsort(-np.abs(coef))[
                : settings.keep
            ]  # the weights of a present feature (1), as the reader applies them
            return intercept, {str(names[i]): float(coef[i]) for i in top if coef[i]}

        self.gate = settings.gate
        self.issue: tuple[float, dict[str, float]] | None = None
        self.kinds: dict[str, tuple[float, dict[str, float]]] = {}
        if settings.two_stage:
            self.issue = one(np.array([int(bool(k)) for k in kinds]))
            rows = np.array([i for i, k in enumerate(kinds) if k])
            for kind in KINDS:
                self.kinds[kind] = one(np.array([int(kind in kinds[i]) for i in rows]), rows)
        else:
            for kind in KINDS:
                self.kinds[kind] = one(np.array([int(kind in k) for k in kinds]))

    def probabilities(self, feats: Sequence[dict[str, str]]) -> list[dict[str, float]]:
        def p(model: tuple[float, dict[str, float]], f: dict[str, str]) -> float:
            z = model[0] + sum(model[1].get(n, 0.0) for n in f)
            return 1 / (1 + math.exp(-max(-30.0, min(30.0, z))))

        out = [{k: p(m, f) * (p(self.issue, f) if self.issue else 1.0) for k, m in self.kinds.items()} for f in feats]
        if self.gate:
            out = [
                q if any(n.startswith("b:") for n in f) else dict.fromkeys(q, 0.0)
                for q, f in zip(out, feats, strict=True)
            ]
        return out


@dataclass
class Counts(Score):
    """The test run's counts (quality.Score), with the F-measure the search ranks settings by."""

    def f(self, beta: float = 1.0) -> float:
        p, r = self.precision, self.recall
        return (1 + beta**2) * p * r / (beta**2 * p + r) if p + r else 0.0


Spans = dict[int, list[tuple[int, int, str]]]  # row → (start, end, kind)


def score(
    data: Data, row_ids: Sequence[int], signals: Spans, *, rules: Spans | None = None, outside_only: bool = False
) -> dict[str, Counts]:
    """Per kind, as ``quality.evaluate_real``: a signal of a kind overlapping a labelled span of that kind is a hit."""
    out = {k: Counts() for k in KINDS}
    for ri in row_ids:
        row = data.rows[ri]
        if outside_only and row.provenance == "written-here":
            continue
        found = signals.get(ri, []) + (rules or {}).get(ri, [])
        for kind in KINDS:
            gold = [(a, b) for k, a, b in row.spans if k == kind]
            mine = [(a, b) for a, b, k in found if k == kind]
            c = out[kind]
            if any(a < e and s < b for a, b in mine for s, e in gold):
                c.tp += 1
                continue
            c.fp += bool(mine)
            c.fn += bool(gold)
    return out


def decide(
    data: Data, unit_ids: Sequence[int], probs: Sequence[dict[str, float]], thresholds: dict[str, float], top1: bool
) -> Spans:
    out: Spans = {}
    for ui, p in zip(unit_ids, probs, strict=True):
        ri, s, e, _k = data.units[ui]
        kinds = [k for k, t in thresholds.items() if p[k] >= t]
        if top1 and kinds:
            kinds = [max(kinds, key=lambda k: p[k])]
        out.setdefault(ri, []).extend((s, e, k) for k in kinds)
    return out


def choose_thresholds(
    data: Data, unit_ids: Sequence[int], probs: Sequence[dict[str, float]], settings: Settings
) -> dict[str, float]:
    """Each kind's threshold: the best F1 of that kind on the given out-of-fold probabilities (``tune_on`` rows)."""
    if settings.fixed is not None:
        return dict.fromkeys(KINDS, settings.fixed)
    row_ids = sorted({data.units[u][0] for u in unit_ids})
    outside = settings.tune_on == "outside"
    out = {}
    for kind in KINDS:

        def merit(t: float, kind: str = kind) -> tuple[float, ...]:
            counts = score(data, row_ids, decide(data, unit_ids, probs, {kind: t}, False), outside_only=outside)[kind]
            if settings.floor is None:
                return (counts.f(settings.beta), t)
            # a precision floor: the best recall among thresholds that reach it, else the best precision
            meets = counts.tp > 0 and counts.precision >= settings.floor
            return (float(meets), counts.recall if meets else counts.precision, t)

        out[kind] = max(THRESHOLDS, key=merit)
    return out


# source page → the corpus batch that added it, when the CV holds out whole batches (``--by-batch``); None: by page
BATCHES: dict[str, str] | None = None


def corpus_batches() -> dict[str, str]:
    """Each source page's corpus batch: the commit that added its line to ``sources.tsv`` (from git). A batch is
    mostly one topic (dress codes, age limits…), so a CV that holds out whole batches measures the model on topics
    it has not seen — what the held-out parts ask of it — where one by page lets a page's siblings train it."""
    import subprocess
    from pathlib import Path

    from ..quality import REAL

    repo = Path(__file__).resolve().parents[2]
    name = str((REAL / "sources.tsv").resolve().relative_to(repo))
    run = {"cwd": repo, "capture_output": True, "text": True, "check": True}
    commits = subprocess.run(["git", "log", "--format=%h", "--reverse", "--", name], **run).stdout.split()  # type: ignore[call-overload]
    out: dict[str, str] = {}
    for commit in commits:
        diff = subprocess.run(["git", "show", "--format=", "-U0", commit, "--", name], **run).stdout  # type: ignore[call-overload]
        for line in diff.splitlines():
            if line.startswith("+") and not line.startswith("+++") and "\t" in line:
                out.setdefault(line[1:].split("\t")[0], commit)
    return out


def group_of(page: str) -> str:
    """The unit a fold keeps together: the page, or its corpus batch under ``--by-batch``."""
    return BATCHES.get(page, page) if BATCHES is not None else page


def grouped_folds(groups: Sequence[str], n: int, seed: int = SEED) -> list[tuple[list[int], list[int]]]:
    """GroupKFold on the source page (or its batch, ``BATCHES``): a page is never on both sides of a fold."""
    from sklearn.model_selection import GroupKFold

    idx = list(range(len(groups)))
    kept = [group_of(g) for g in groups]
    return [
        (list(a), list(b)) for a, b in GroupKFold(n_splits=n, shuffle=True, random_state=seed).split(idx, groups=kept)
    ]


def fit(data: Data, unit_ids: Sequence[int], settings: Settings) -> Fitted:
    """Fitted on ``unit_ids`` (and the corpus written here, unless the settings leave written-here text out)."""
    if not settings.written_here:
        unit_ids = [u for u in unit_ids if data.rows[data.units[u][0]].provenance != "written-here"]
    feats = [data.feats[u] for u in unit_ids]
    kinds = [data.units[u][3] for u in unit_ids]
    ours = settings.written_weight
    weights = [ours if data.rows[data.units[u][0]].provenance == "written-here" else 1.0 for u in unit_ids]
    if settings.written_here:
        feats += data.extra_feats
        kinds += data.extra_kinds
        weights += [ours] * len(data.extra_feats)
    pages = [data.groups[u] for u in unit_ids] + [f"written-here {i}" for i in range(len(feats) - len(unit_ids))]
    return Fitted(feats, kinds, settings, None if ours == 1.0 else weights, pages)


def out_of_fold(data: Data, unit_ids: Sequence[int], n: int, settings: Settings) -> list[dict[str, float]]:
    """Probabilities of ``unit_ids``, each from a model fitted without its page."""
    probs: list[dict[str, float]] = [{} for _ in unit_ids]
    for train, test in grouped_folds([data.groups[u] for u in unit_ids], n):
        fitted = fit(data, [unit_ids[i] for i in train], settings)
        for i, p in zip(test, fitted.probabilities([data.feats[unit_ids[i]] for i in test]), strict=True):
            probs[i] = p
    return probs


def cross_validate(data: Data, settings: Settings, seed: int = SEED) -> tuple[Spans, list[dict[str, float]]]:
    """Nested grouped CV: each outer fold's thresholds from an inner grouped CV on its training pages only."""
    signals: Spans = {}
    chosen = []
    for train, test in grouped_folds(data.groups, FOLDS, seed):
        thresholds = choose_thresholds(data, train, out_of_fold(data, train, INNER_FOLDS, settings), settings)
        chosen.append(thresholds)
        fitted = fit(data, train, settings)
        probs = fitted.probabilities([data.feats[i] for i in test])
        for ri, found in decide(data, test, probs, thresholds, settings.top1).items():
            signals.setdefault(ri, []).extend(found)
    return signals, chosen


def learning_curve(
    data: Data, settings: Settings, fractions: Sequence[float] = (0.25, 0.5, 0.75, 1.0), seeds: Sequence[int] = (0,)
) -> dict[float, dict[str, Counts]]:
    """Grouped-CV figures when the model learns from a share of the training pages (step 1 of the second round of
    issue 12): in each outer fold, the first ``fraction`` of its training pages (in a shuffled order drawn from the
    seed) train the model and choose its thresholds by an inner grouped CV on those pages alone; the outer fold's
    pages are scored as always (real outside text). The corpus written here (``main.tsv``) trains at every share.
    Counts are summed over the fold draws ``seeds``."""
    import random

    out = {f: {k: Counts() for k in KINDS} for f in fractions}
    for seed in seeds:
        for fold, (train, test) in enumerate(grouped_folds(data.groups, FOLDS, seed)):
            pages = sorted({group_of(data.groups[u]) for u in train})  # pages, or batches under --by-batch
            random.Random(seed * 1000 + fold).shuffle(pages)
            for fraction in fractions:
                kept = set(pages[: max(INNER_FOLDS, round(fraction * len(pages)))])
                sub = [u for u in train if group_of(data.groups[u]) in kept]
                probs = out_of_fold(data, sub, INNER_FOLDS, settings)
                thresholds = choose_thresholds(data, sub, probs, settings)
                fitted = fit(data, sub, settings)
                found = decide(
                    data, test, fitted.probabilities([data.feats[i] for i in test]), thresholds, settings.top1
                )
                test_rows = sorted({data.units[u][0] for u in test})
                counts = score(data, test_rows, found, outside_only=True)
                for k in KINDS:
                    total = out[fraction][k]
                    total.tp, total.fp, total.fn = (
                        total.tp + counts[k].tp,
                        total.fp + counts[k].fp,
                        total.fn + counts[k].fn,
                    )
    return out


def curve_lines(data: Data, curve: dict[float, dict[str, Counts]]) -> list[str]:
    pages = len(set(data.groups))
    out = [
        f"learning curve: source-grouped CV ({FOLDS} folds), model alone on real outside text, trained on a share of "
        f"each fold's training {'corpus batches' if BATCHES is not None else 'pages'} ({pages} pages in all); "
        "P / R / F1 per kind"
    ]
    out.append(f"  {'share':<7}" + "".join(f"{k:<22}" for k in [*KINDS, "all"]))
    for fraction, counts in curve.items():
        total = Counts(*(sum(getattr(c, a) for c in counts.values()) for a in ("tp", "fp", "fn")))
        cells = [f"{c.precision:.2f} / {c.recall:.2f} / {c.f():.2f}".ljust(22) for c in [*counts.values(), total]]
        out.append(f"  {round(fraction * 100):>3}%   " + "".join(cells))
    return out


def rule_findings(data: Data) -> dict[int, list[tuple[int, int, str]]]:
    from ..reader import shipped_reader

    reader = shipped_reader()
    return {ri: [(f.start, f.end, f.kind) for f in reader.read(row.sentence)] for ri, row in enumerate(data.rows)}


def figures(counts: dict[str, Counts]) -> dict[str, dict[str, float]]:
    total = Counts(*(sum(getattr(c, a) for c in counts.values()) for a in ("tp", "fp", "fn")))
    return {
        k: {"precision": round(c.precision, 3), "recall": round(c.recall, 3), "tp": c.tp, "fp": c.fp, "fn": c.fn}
        for k, c in [*counts.items(), ("all", total)]
    }


def lines(title: str, counts: dict[str, Counts]) -> list[str]:
    out = [title]
    for kind, f in figures(counts).items():
        out.append(
            f"  {kind:<15} P {f['precision']:.3f}  R {f['recall']:.3f}  (tp {f['tp']:>3} fp {f['fp']:>3} fn {f['fn']:>3})"
        )
    return out


def report(data: Data, signals: dict[int, list[tuple[int, int, str]]]) -> tuple[list[str], dict[str, Any]]:
    every = list(range(len(data.rows)))
    rules = rule_findings(data)
    alone = score(data, every, signals)
    outside = score(data, every, signals, outside_only=True)
    both = score(data, every, signals, rules=rules)
    pages = len(set(data.groups))
    text = [
        f"source-grouped CV on the training part ({len(data.rows)} sentences from {pages} pages, {FOLDS} folds, "
        f"thresholds chosen inside each fold); real text labelled by one annotator",
        *lines("model alone, all training sentences", alone),
        *lines("model alone, real outside text only (verbatim + adapted)", outside),
        *lines("rules + model (optimistic: the rules were written from these sentences)", both),
    ]
    return text, {
        "model_alone": figures(alone),
        "model_alone_outside": figures(outside),
        "rules_and_model": figures(both),
    }


def train(data: Data | None = None, *, settings: Settings = CHOSEN, with_cv: bool = True) -> dict[str, Any]:
    """Fit on the whole training part and return the shippable model (with its grouped-CV figures)."""
    data = data or data_load()
    classes = model_classes(settings.stance, settings.more_classes, settings.frames)
    featurise(data, Features(classes, settings.features), settings.context)
    every = list(range(len(data.units)))
    thresholds = choose_thresholds(data, every, out_of_fold(data, every, FOLDS, settings), settings)
    fitted = fit(data, every, settings)
    out: dict[str, Any] = {
        "about": "publicity reader's statistical part (ADR 0014): characters and word classes, logistic regression "
        "per kind, trained on the real corpus' training part and data/corpus/main.tsv; choices made by "
        "source-grouped cross-validation on the training part (mainstream/publicity/model_train/)",
        "sentences": (  # the sentences it learnt from
            len(data.rows) + len(data.extra_texts)
            if settings.written_here
            else sum(r.provenance != "written-here" for r in data.rows)
        ),
        "pages": len(set(data.groups)),
        "features": settings.features,
        "c": settings.c,
        "settings": {k: v for k, v in asdict(settings).items() if k != "config"},
        "top1": settings.top1,
        "context": settings.context,
        "classes": [{"code": code, "label": label, "words": words} for code, label, words in classes],
        "kinds": {
            kind: {
                "intercept": round(intercept, 4),
                "threshold": thresholds[kind],
                "weights": {n: round(w, 4) for n, w in sorted(weights.items()) if round(w, 4)},
            }
            for kind, (intercept, weights) in fitted.kinds.items()
        },
    }
    if fitted.issue is not None:
        intercept, weights = fitted.issue
        out["issue"] = {
            "intercept": round(intercept, 4),
            "weights": {n: round(w, 4) for n, w in sorted(weights.items()) if round(w, 4)},
        }
    if with_cv:
        signals, _chosen = cross_validate(data, settings)
        text, numbers = report(data, signals)
        out["cv"] = numbers
        print("\n".join(text))
    return out


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        prog="python -m mainstream.publicity.model_train",
        description="Train the publicity reader's model on the training part",
    )
    parser.add_argument("--search", nargs="*", help="print the grouped-CV figures of the alternatives (or those named)")
    parser.add_argument("--no-cv", action="store_true", help="skip the nested grouped CV (faster)")
    parser.add_argument("--curve", action="store_true", help="print the learning curve (25/50/75/100%% of the pages)")
    parser.add_argument(
        "--by-batch", action="store_true", help="--search and --curve hold out whole corpus batches (topics), not pages"
    )
    args = parser.parse_args(argv)
    if args.by_batch:
        global BATCHES
        BATCHES = corpus_batches()
    if args.curve:
        data = data_load()
        classes = model_classes(CHOSEN.stance, CHOSEN.more_classes, CHOSEN.frames)
        featurise(data, Features(classes, CHOSEN.features), CHOSEN.context)
        print("\n".join(curve_lines(data, learning_curve(data, CHOSEN, seeds=(0, 1)))))
        return
    if args.search is not None:
        from ..model_search import search

        search(args.search)
        return
    data = train(with_cv=not args.no_cv)
    MODEL_FILE.write_text(json.dumps(data, ensure_ascii=False, indent=0, sort_keys=True) + "\n", encoding="utf-8")
    n = sum(len(k["weights"]) for k in data["kinds"].values())
    print(
        f"{MODEL_FILE}: {data['sentences']} sentences, {n} weights, thresholds "
        f"{ {k: v['threshold'] for k, v in data['kinds'].items()} }"
    )
